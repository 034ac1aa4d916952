"""The outcome instruments: load and check `data/instruments.yaml`, and look instruments up.

Pure Python (no Django). `data/instruments.yaml` is the single source of truth for items, score
ranges, missing-item rules, MCIDs, MDCs, licence notes and sources; it is validated on loading
and anything that does not add up is refused with an `InstrumentDataError` naming the file, the
entry and the field. Scoring answers by these definitions is `scoring.py`.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

from dryneedle.data_files import DataFile, DataFileError
from dryneedle.suggestions import SuggestingError, close_matches

DATA_FILE = Path(__file__).with_name("data") / "instruments.yaml"

ITEM_TEXT_ALLOWED = frozenset({"NPRS", "PSFS"})  # every other instrument shows item numbers only
METHODS = ("sum", "mean", "percent_of_scored")
PERCENT_OF = ("max", "answered")
MISSING_RULES = ("none", "reduce_denominator", "exclude")
MCID_SCALES = ("score", "percent")
SOURCE_ASPECTS = ("scoring", "missing", "mcid", "licence")  # required in every `sources` map


class InstrumentDataError(DataFileError):
    """Bad instruments file; the message says where (file, entry, field) and what is wrong."""


class ScoringError(SuggestingError):
    """Answers that cannot be scored. `instrument` is the id asked for; `item` the 1-based item
    (or PSFS activity) at fault, or None when the problem is the whole set of answers."""

    def __init__(
        self,
        message: str,
        *,
        instrument: str,
        item: int | None = None,
        suggestions: Sequence[str] = (),
    ) -> None:
        super().__init__(message, suggestions)
        self.instrument = instrument
        self.item = item


@dataclass(frozen=True)
class Subscale:
    id: str
    first: int  # 1-based, inclusive
    last: int
    divisor: int


@dataclass(frozen=True)
class Instrument:
    id: str
    name: str
    items: int  # 0 for the PSFS (3-5 activities)
    item_min: int
    item_max: int  # the common item maximum; see item_range() for items that differ
    higher_is_better: bool
    score_max: float
    mcid: float | None
    mcid_unconfirmed: bool
    mdc: float | None
    show_item_text: bool
    licence: str
    sources: tuple[str, ...]  # full citations, in the order first cited
    # What scoring and the questionnaire forms need besides the fields above:
    score_min: float = 0
    item_overrides: tuple[tuple[int, int, int], ...] = ()  # (item, min, max)
    min_activities: int = 0  # PSFS
    max_activities: int = 0
    not_applicable: bool = False  # N/A allowed: excluded from scoring, not an error
    missing_rule: str = "none"
    max_missing: int = 0  # items that may be left without a score (blank, or N/A if allowed)
    method: str = "sum"
    percent_of: str = "max"
    subscales: tuple[Subscale, ...] = ()
    mcid_scale: str = "score"  # the Score field the MCID applies to: "score" or "percent"
    mcid_note: str = ""
    missing_note: str = ""
    prompt: str = ""  # our own wording, only where show_item_text is true (NPRS, PSFS)

    def item_range(self, number: int) -> tuple[int, int]:
        """The (min, max) answer for 1-based item `number`."""
        for item, low, high in self.item_overrides:
            if item == number:
                return low, high
        return self.item_min, self.item_max

    @property
    def scale_max(self) -> float:
        """The top of the scale the MCID applies to."""
        return 100 if self.mcid_scale == "percent" else self.score_max


# ---------------------------------------------------------------------------------------------
# Loading and validation


def _cited(where: DataFile, entry: str, row: dict, refs: dict[str, str]) -> tuple[dict, tuple]:
    """The `sources` map (aspect -> reference ids) and the citations, first cited first."""
    sources = where.value(entry, row, "sources", dict)
    missing = [a for a in SOURCE_ASPECTS if not sources.get(a)]
    if missing:
        raise where.error(entry, "sources", f"no source for {', '.join(missing)}")
    citations: list[str] = []
    for aspect, ids in sources.items():
        if not isinstance(ids, list) or not ids:
            raise where.error(entry, "sources", f"{aspect}: expected a list of reference ids")
        where.known(entry, "sources", ids, refs, f"{aspect}: undefined reference id(s)")
        citations += [refs[i] for i in ids if refs[i] not in citations]
    return sources, tuple(citations)


def _range(where: DataFile, entry: str, spec: object, problem: str) -> tuple[int, int]:
    low = where.value(entry, spec, "min", int)
    high = where.value(entry, spec, "max", int)
    if not 0 <= low < high:
        raise where.error(entry, "items", problem.format(low=low, high=high))
    return low, high


def _items(where: DataFile, entry: str, row: dict) -> dict:
    spec = where.value(entry, row, "items", dict)
    low, high = _range(where, entry, spec, "item range {low}-{high} must satisfy 0 <= min < max")
    activities = spec.get("activities")
    result = {"low": low, "high": high, "count": 0, "overrides": (), "acts": (0, 0)}
    if activities is not None:
        first = where.value(entry, activities, "min", int)
        last = where.value(entry, activities, "max", int)
        if not 1 <= first <= last:
            raise where.error(entry, "items", "activities: expected 1 <= min <= max")
        result["acts"] = (first, last)
        return result
    count = where.value(entry, spec, "count", int)
    if count < 1:
        raise where.error(entry, "items", "count must be at least 1")
    overrides = []
    for number, bounds in (spec.get("overrides") or {}).items():
        if not isinstance(number, int) or not 1 <= number <= count:
            raise where.error(entry, "items", f"override for unknown item {number!r}")
        problem = f"item {number}: range must satisfy 0 <= min < max"
        overrides.append((number, *_range(where, entry, bounds, problem)))
    result.update(count=count, overrides=tuple(sorted(overrides)))
    return result


def _subscales(where: DataFile, entry: str, score_spec: dict, count: int) -> tuple[Subscale, ...]:
    rows = where.value(entry, score_spec, "subscales", list, required=False) or []
    subscales = []
    expected_first = 1
    for row in rows:
        sub = Subscale(
            id=where.value(entry, row, "id", str),
            first=where.value(entry, row, "first", int),
            last=where.value(entry, row, "last", int),
            divisor=where.value(entry, row, "divisor", int),
        )
        if sub.first != expected_first or sub.last < sub.first or sub.divisor < 1:
            problem = (
                f"subscale {sub.id!r} must start at item {expected_first}, "
                "end at or after it and have a divisor of at least 1"
            )
            raise where.error(entry, "score", problem)
        expected_first = sub.last + 1
        subscales.append(sub)
    if subscales and expected_first != count + 1:
        raise where.error(entry, "score", "subscales must cover every item exactly once")
    return tuple(subscales)


def _produced_range(items: dict, method: str, subscales: tuple[Subscale, ...]) -> tuple:
    """The (lowest, highest) score the items can give under `method`."""

    def item_high(number: int) -> int:
        return next((h for n, _, h in items["overrides"] if n == number), items["high"])

    if method == "mean":
        return (items["low"], items["high"])
    if method == "percent_of_scored":
        return (0, 100)
    if subscales:
        return (
            0,
            sum(
                Fraction(sum(item_high(n) for n in range(s.first, s.last + 1)), s.divisor)
                for s in subscales
            ),
        )
    return (0, sum(item_high(n) for n in range(1, items["count"] + 1)))


def _score_spec(where: DataFile, entry: str, row: dict, items: dict) -> dict:
    """The `score` section: method, percent_of, min, max and subscales, which must give the
    declared range."""
    count = items["count"]
    spec = where.value(entry, row, "score", dict)
    method = where.choice(entry, spec.get("method"), "score", METHODS)
    percent_of = where.choice(entry, spec.get("percent_of", "max"), "score", PERCENT_OF)
    score_min = where.value(entry, spec, "min", float)
    score_max = where.value(entry, spec, "max", float)
    subscales = _subscales(where, entry, spec, count)
    if (method == "mean") != (count == 0):
        raise where.error(entry, "score", "method 'mean' is for activity lists (PSFS) only")
    produced = _produced_range(items, method, subscales)
    if items["low"] != 0 and method != "mean":
        raise where.error(entry, "items", "summed items must start at 0")
    if (Fraction(str(score_min)), Fraction(str(score_max))) != tuple(map(Fraction, produced)):
        problem = (
            f"declared range {score_min}-{score_max} but the items give "
            f"{float(produced[0]):g}-{float(produced[1]):g}"
        )
        raise where.error(entry, "score", problem)
    return {
        "method": method,
        "percent_of": percent_of,
        "score_min": float(score_min),
        "score_max": float(score_max),
        "subscales": subscales,
    }


def _missing_spec(where: DataFile, entry: str, row: dict, count: int, score: dict) -> dict:
    """The `missing` section (rule, max_missing, note) and N/A answers, consistent with the
    scoring method."""
    method, percent_of = score["method"], score["percent_of"]
    not_applicable = bool(where.value(entry, row, "not_applicable", bool, required=False))
    missing = where.value(entry, row, "missing", dict)
    rule = where.choice(entry, missing.get("rule"), "missing", MISSING_RULES)
    max_missing = where.value(entry, missing, "max_missing", int)
    if (rule == "none") != (max_missing == 0):
        raise where.error(entry, "missing", "rule 'none' goes with max_missing 0, and only it")
    if count and max_missing >= count:
        raise where.error(entry, "missing", "max_missing must leave at least one item scored")
    if rule == "reduce_denominator" and (method, percent_of, score["subscales"]) != (
        "sum",
        "answered",
        (),
    ):
        problem = "reduce_denominator needs method sum, percent_of answered and no subscales"
        raise where.error(entry, "missing", problem)
    if rule == "exclude" and method != "percent_of_scored":
        raise where.error(entry, "missing", "exclude needs method percent_of_scored")
    if max_missing and percent_of == "max" and method == "sum":
        raise where.error(
            entry, "missing", "a sum out of the full maximum cannot have missing items"
        )
    if not_applicable and rule != "exclude":
        raise where.error(entry, "not_applicable", "N/A answers need the missing rule 'exclude'")
    return {
        "not_applicable": not_applicable,
        "missing_rule": rule,
        "max_missing": max_missing,
        "missing_note": where.text(entry, missing, "note", required=False),
    }


def _mcid_spec(where: DataFile, entry: str, row: dict, score_max: float) -> dict:
    """The `mcid` section (value, scale, unconfirmed, note) and the `mdc` value."""
    spec = where.value(entry, row, "mcid", dict)
    mcid = where.value(entry, spec, "value", float, required=False)
    unconfirmed = where.value(entry, spec, "unconfirmed", bool)
    scale = where.choice(entry, spec.get("scale"), "mcid", MCID_SCALES)
    if mcid is None and not unconfirmed:
        raise where.error(entry, "mcid", "no MCID value: mark it unconfirmed")
    top = 100 if scale == "percent" else score_max
    if mcid is not None and not 0 < mcid <= top:
        raise where.error(entry, "mcid", f"{mcid} is outside the {scale} scale (0-{top})")
    mdc_spec = where.value(entry, row, "mdc", dict)
    mdc = where.value(entry, mdc_spec, "value", float, required=False)
    return {
        "mcid": None if mcid is None else float(mcid),
        "mcid_unconfirmed": unconfirmed,
        "mcid_scale": scale,
        "mcid_note": where.text(entry, spec, "note", required=False),
        "mdc": None if mdc is None else float(mdc),
    }


def _item_text(where: DataFile, entry: str, row: dict, instrument_id: str) -> dict:
    """show_item_text and prompt: item wording only where we may show it (NPRS, PSFS)."""
    show_item_text = where.value(entry, row, "show_item_text", bool)
    prompt = where.text(entry, row, "prompt", required=show_item_text)
    if show_item_text and instrument_id not in ITEM_TEXT_ALLOWED:
        raise where.error(entry, "show_item_text", "only NPRS and PSFS may show item text")
    if prompt and not show_item_text:
        raise where.error(entry, "prompt", "item text for an instrument that shows none")
    return {"show_item_text": show_item_text, "prompt": prompt}


def _load_instrument(where: DataFile, entry: str, row: dict, refs: dict[str, str]) -> Instrument:
    instrument_id = where.value(entry, row, "id", str)
    items = _items(where, entry, row)
    score = _score_spec(where, entry, row, items)
    missing = _missing_spec(where, entry, row, items["count"], score)
    mcid = _mcid_spec(where, entry, row, score["score_max"])
    item_text = _item_text(where, entry, row, instrument_id)
    sources, citations = _cited(where, entry, row, refs)
    if mcid["mdc"] is not None and not sources.get("mdc"):
        raise where.error(entry, "sources", "no source for mdc")
    return Instrument(
        id=instrument_id,
        name=where.value(entry, row, "name", str),
        items=items["count"],
        item_min=items["low"],
        item_max=items["high"],
        higher_is_better=where.value(entry, row, "higher_is_better", bool),
        licence=where.value(entry, row, "licence", str),
        sources=citations,
        item_overrides=items["overrides"],
        min_activities=items["acts"][0],
        max_activities=items["acts"][1],
        **score,
        **missing,
        **mcid,
        **item_text,
    )


def _load_measure(where: DataFile, entry: str, row: dict, refs: dict[str, str]) -> dict:
    """A measure without a questionnaire (PPT, ROM): its MDC, where sourced, and its sources.
    Nothing reads these yet; they are checked so the file never holds an unsourced figure."""
    mdc = row.get("mdc")
    unconfirmed = where.value(entry, row, "mdc_unconfirmed", bool)
    low = high = None
    if mdc is not None:
        low = where.value(entry, where.value(entry, row, "mdc", dict), "min", float)
        high = where.value(entry, mdc, "max", float)
        if not 0 < low <= high:
            raise where.error(entry, "mdc", "expected 0 < min <= max")
    elif not unconfirmed:
        raise where.error(entry, "mdc", "no MDC: mark it unconfirmed")
    ids = where.value(entry, row, "sources", list)
    where.known(entry, "sources", ids, refs, "undefined reference id(s)")
    return {
        "id": where.value(entry, row, "id", str),
        "name": where.value(entry, row, "name", str),
        "unit": where.value(entry, row, "unit", str),
        "mdc_min": low,
        "mdc_max": high,
        "mdc_unconfirmed": unconfirmed,
        "note": where.value(entry, row, "note", str),
        "sources": [refs[i] for i in ids],
    }


@dataclass(frozen=True)
class Catalogue:
    instruments: dict[str, Instrument]
    measures: dict[str, dict]


def load_catalogue(path: Path = DATA_FILE) -> Catalogue:
    """Load and check an instruments file; raise InstrumentDataError on the first problem."""
    where = DataFile(path, InstrumentDataError)
    data = where.read()
    refs = where.citations(data, "references")
    found: dict[str, Instrument] = {}
    for entry, row in where.entries(data, "instruments", required=True):
        instrument = _load_instrument(where, entry, row, refs)
        where.unique(entry, instrument.id.upper(), {i.upper() for i in found})
        found[instrument.id] = instrument
    measures: dict[str, dict] = {}
    for entry, row in where.entries(data, "measures"):
        measure = _load_measure(where, entry, row, refs)
        where.unique(entry, measure["id"].upper(), {m.upper() for m in measures})
        measures[measure["id"]] = measure
    return Catalogue(instruments=found, measures=measures)


@cache
def _catalogue() -> Catalogue:
    return load_catalogue(DATA_FILE)


def instruments() -> dict[str, Instrument]:
    """Every instrument by its id (e.g. "NDI", "FAAM-ADL"), in file order."""
    return dict(_catalogue().instruments)


def lookup(instrument_id: str) -> Instrument:
    """The instrument with this id, in any case; ScoringError (with suggestions) otherwise."""
    known = _catalogue().instruments
    wanted = str(instrument_id).strip()
    for key, instrument in known.items():
        if key.upper() == wanted.upper():
            return instrument
    suggestions = close_matches(wanted.upper(), [k.upper() for k in known])
    names = [k for k in known if k.upper() in suggestions]
    raise ScoringError(
        _("Unknown instrument %(wanted)s; known: %(known)s.")
        % {"wanted": repr(wanted), "known": ", ".join(known)},
        instrument=wanted,
        suggestions=names,
    )
