"""Rank trigger points by how well their referral patterns explain a pain drawing.

Pure Python (of Django, only `gettext` for the messages). A drawing is a set of marked
regions, each a body-region id, with an optional side (``temple:L``) and an optional intensity
weight (``temple:L=3``; default 1).

Each trigger point is considered on the left and on the right. On side *s* its zones are its
essential zone E and spillover zone S, with paired regions taken on side *s* (on both sides for
a ``bilateral`` pattern) and unpaired regions (midline) as they are. A marked region without a
side matches a zone region on either side. With w(r) the weight of marked region r:

    coverage    c = Σ w(r)·z(r) / Σ w(r)        z(r) = 1 if r ∈ E, ½ if r ∈ S, else 0
    precision   p = |E ∩ D| / |E|               share of the essential zone the patient marked
    spill       q = |S \\ D| / |S|  (0 if S = ∅)  share of the spillover zone left unmarked
    score         = c · p · (1 − ε·q)           ε = 0.03

so a trigger point scores high when its zones cover what the patient marked (c) and it does not
refer much where the patient has no pain (p, and a little q). Scores lie in [0, 1].

Guarantees (tested):
- Adding a marked region that a trigger point does not refer to never raises its score: the
  denominator of c grows while p and q stay the same.
- For an unweighted drawing equal to a trigger point's essential zone E (|E| ≤ 12), the top
  result has that same essential zone and scores at least 1 − ε = 0.97: any trigger point with
  another essential zone either misses part of the drawing (c ≤ 1 − ½/|D|) or refers beyond it
  (p ≤ |D|/(|D|+1)), so scores at most 1 − 1/24 < 0.97 for |D| ≤ 12.

Order: score descending, then fewer unmarked zone regions, then trigger-point id, then side.
Results with a score of 0 are left out.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext

from dryneedle.atlas.loader import Atlas, Region, TriggerPoint, site_key
from dryneedle.suggestions import SuggestingError, close_matches

SPILLOVER_WEIGHT = 0.5
SPILL_PENALTY = 0.03
SIDES = ("L", "R")


class DrawingError(SuggestingError):
    """A pain drawing that cannot be read; the message names the bad entry."""


@dataclass(frozen=True)
class Mark:
    region: str
    side: str | None  # None: unpaired region, or paired region marked without a side
    weight: float = 1.0

    @property
    def key(self) -> str:
        return site_key(self.region, self.side)

    @property
    def text(self) -> str:
        """The entry as parse_drawing reads it back, e.g. "temple:L=2"."""
        return f"{self.key}={self.weight:g}" if self.weight != 1 else self.key


@dataclass(frozen=True)
class Result:
    trigger_point: str
    muscle: str
    side: str | None
    score: float
    explained: tuple[str, ...]
    unexplained: tuple[str, ...]
    unmarked_zone: int  # zone regions the patient did not mark


def parse_drawing(entries: Iterable[str], regions: Mapping[str, Region]) -> list[Mark]:
    """Read ``id``, ``id:L`` / ``id:R`` and ``id=weight`` / ``id:L=weight`` entries."""
    marks: dict[tuple[str, str | None], Mark] = {}
    for raw in entries:
        text = raw.strip()
        if not text:
            continue
        name, _, weight_text = text.partition("=")
        region_id, _, side_text = name.strip().partition(":")
        region_id, side = region_id.strip(), side_text.strip().upper() or None
        if region_id not in regions:
            raise DrawingError(
                gettext("Unknown body region '%(region)s'.") % {"region": region_id},
                close_matches(region_id, regions),
            )
        if side is not None and side not in SIDES:
            raise DrawingError(gettext("'%(text)s': the side must be L or R.") % {"text": text})
        if side is not None and not regions[region_id].paired:
            raise DrawingError(
                gettext("'%(text)s': %(region)s is on the midline and has no side.")
                % {"text": text, "region": region_id}
            )
        weight = 1.0
        if weight_text:
            try:
                weight = float(weight_text)
            except ValueError:
                raise DrawingError(
                    gettext("'%(text)s': the weight must be a number.") % {"text": text}
                ) from None
            if not 0 < weight <= 10:
                raise DrawingError(
                    gettext("'%(text)s': the weight must be above 0 and at most 10.")
                    % {"text": text}
                )
        marks[(region_id, side)] = Mark(region_id, side, weight)
    return list(marks.values())


def _zone_on_side(
    zone: frozenset[str], side: str, laterality: str, regions: Mapping[str, Region]
) -> frozenset:
    keys: set[tuple] = set()
    for region_id in zone:
        if not regions[region_id].paired:
            keys.add((region_id, None))
        elif laterality == "bilateral":
            keys.update({(region_id, "L"), (region_id, "R")})
        else:
            keys.add((region_id, side))
    return frozenset(keys)


@dataclass(frozen=True)
class _SidedPoint:
    point: TriggerPoint
    side: str
    essential: frozenset[tuple]
    spillover: frozenset[tuple]


class Prepared:
    """Trigger points with their zones worked out per side, and an index from each region
    to the trigger points that refer there, so a drawing only scores those it touches."""

    def __init__(
        self, trigger_points: Iterable[TriggerPoint], regions: Mapping[str, Region]
    ) -> None:
        self.regions = regions
        self.by_region: dict[str, list[TriggerPoint]] = {}
        self.sided: dict[tuple[str, str], _SidedPoint] = {}
        for point in trigger_points:
            for region_id in point.zone:
                self.by_region.setdefault(region_id, []).append(point)
            for side in SIDES:
                self.sided[(point.id, side)] = _SidedPoint(
                    point,
                    side,
                    _zone_on_side(point.essential, side, point.laterality, regions),
                    _zone_on_side(point.spillover, side, point.laterality, regions),
                )

    def candidates(self, marks: list[Mark]) -> list[TriggerPoint]:
        seen: dict[str, TriggerPoint] = {}
        for mark in marks:
            for point in self.by_region.get(mark.region, ()):
                seen.setdefault(point.id, point)
        return list(seen.values())


def _matches(mark: Mark, zone: frozenset[tuple]) -> bool:
    if mark.side is None:  # midline region, or a paired region marked without a side
        return any((mark.region, side) in zone for side in (None, "L", "R"))
    return (mark.region, mark.side) in zone


def _covered(zone: frozenset[tuple], keys: set[tuple], unsided: set[str]) -> int:
    """Zone regions the drawing marks (a side-less mark covers both sides of its region)."""
    return sum(1 for region, side in zone if (region, side) in keys or region in unsided)


def _score(
    sided: _SidedPoint,
    marks: list[Mark],
    keys: set[tuple],
    unsided: set[str],
    total_weight: float,
) -> Result | None:
    explained, unexplained, covered_weight = [], [], 0.0
    for mark in marks:
        if _matches(mark, sided.essential):
            covered_weight += mark.weight
            explained.append(mark.key)
        elif _matches(mark, sided.spillover):
            covered_weight += SPILLOVER_WEIGHT * mark.weight
            explained.append(mark.key)
        else:
            unexplained.append(mark.key)
    if not explained:
        return None
    essential_marked = _covered(sided.essential, keys, unsided)
    spill_marked = _covered(sided.spillover, keys, unsided)
    spillover = sided.spillover
    coverage = covered_weight / total_weight
    precision = essential_marked / len(sided.essential)
    spill = (len(spillover) - spill_marked) / len(spillover) if spillover else 0.0
    score = coverage * precision * (1 - SPILL_PENALTY * spill)
    if score <= 0:
        return None
    return Result(
        trigger_point=sided.point.id,
        muscle=sided.point.muscle_id,
        side=sided.side,
        score=round(score, 4),
        explained=tuple(sorted(explained)),
        unexplained=tuple(sorted(unexplained)),
        unmarked_zone=len(sided.essential) - essential_marked + len(spillover) - spill_marked,
    )


def rank(
    marks: list[Mark],
    trigger_points: "Iterable[TriggerPoint] | Prepared",
    regions: Mapping[str, Region],
    limit: int | None = None,
) -> list[Result]:
    """Trigger points that explain any part of the drawing, best first.

    Pass a `Prepared` (see `prepared()`) when ranking many drawings against one atlas."""
    if not marks:
        return []
    prepared = (
        trigger_points
        if isinstance(trigger_points, Prepared)
        else Prepared(trigger_points, regions)
    )
    keys = {(m.region, m.side) for m in marks if m.side}
    unsided = {m.region for m in marks if m.side is None}
    total_weight = sum(m.weight for m in marks)
    sided_drawing = bool(keys)
    results: list[Result] = []
    for point in prepared.candidates(marks):
        if sided_drawing:
            for side in SIDES:
                sided = prepared.sided[(point.id, side)]
                result = _score(sided, marks, keys, unsided, total_weight)
                if result is not None:
                    results.append(result)
        else:  # both sides would score the same: report the trigger point once
            result = _score(prepared.sided[(point.id, "L")], marks, keys, unsided, total_weight)
            if result is not None:
                results.append(_without_side(result))
    results.sort(key=lambda r: (-r.score, r.unmarked_zone, r.trigger_point, r.side or ""))
    return results[:limit] if limit else results


_PREPARED: dict[str, Prepared] = {}


def prepared(atlas: Atlas) -> Prepared:
    """The prepared form of an atlas, built once per atlas version."""
    if atlas.version not in _PREPARED:
        _PREPARED[atlas.version] = Prepared(atlas.trigger_points.values(), atlas.regions)
    return _PREPARED[atlas.version]


def _without_side(result: Result) -> Result:
    return Result(
        trigger_point=result.trigger_point,
        muscle=result.muscle,
        side=None,
        score=result.score,
        explained=result.explained,
        unexplained=result.unexplained,
        unmarked_zone=result.unmarked_zone,
    )


def result_dict(result: Result, muscles: Mapping) -> dict:
    """One result as the command line and the API print it."""
    return {
        "trigger_point": result.trigger_point,
        "muscle": result.muscle,
        "muscle_name": muscles[result.muscle].name,
        "side": result.side,
        "score": result.score,
        "explained": list(result.explained),
        "unexplained": list(result.unexplained),
    }
