"""Score outcome questionnaires by each instrument's published rules; judge change against MCIDs.

Pure Python (of Django, only `gettext` for the messages). `data/instruments.yaml` is the single
source of truth for items, score ranges, missing-item rules, MCIDs, MDCs, licence notes and
sources; it is validated on loading and anything that does not add up is refused with an
`InstrumentDataError` naming the entry and the field.

Arithmetic is exact (fractions) and results are rounded half-up to 2 decimals, so the same
answers always give the same numbers. Bad answers raise `ScoringError` naming the instrument and,
where one is at fault, the item (1-based).

Comparing scores: an MCID applies to one scale, `Instrument.mcid_scale` — "score" (the `score`
field, e.g. the NDI's raw 0-50) or "percent" (e.g. the ODI's 0-100). `change()` takes values on
that scale, or two `Score` results, which it converts with `change_value()`.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cache
from numbers import Real
from pathlib import Path

import yaml
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dryneedle.suggestions import SuggestingError, close_matches

DATA_FILE = Path(__file__).with_name("data") / "instruments.yaml"

NA = "NA"  # a "not applicable" answer, where the instrument allows one (FAAM)
_NA_SPELLINGS = frozenset({"NA", "N/A"})
ITEM_TEXT_ALLOWED = frozenset({"NPRS", "PSFS"})  # every other instrument shows item numbers only
METHODS = ("sum", "mean", "percent_of_scored")
PERCENT_OF = ("max", "answered")
MISSING_RULES = ("none", "reduce_denominator", "exclude")
MCID_SCALES = ("score", "percent")
SOURCE_ASPECTS = ("scoring", "missing", "mcid", "licence")  # required in every `sources` map


class InstrumentDataError(ValueError):
    """Bad instruments file; the message says where (entry, field) and what is wrong."""


class ScoringError(SuggestingError):
    """Answers that cannot be scored. `instrument` is the id asked for; `item` the 1-based item
    (or PSFS activity) at fault, or None when the problem is the whole set of answers."""

    def __init__(
        self, message: str, *, instrument: str, item: int | None = None, suggestions=()
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


@dataclass(frozen=True)
class Score:
    instrument: str
    score: float
    max: float
    percent: float
    answered: int  # items (PSFS: activities) with a numeric answer; N/A and blanks excluded
    mcid: float | None
    higher_is_better: bool
    subscores: dict[str, float] = field(default_factory=dict)  # e.g. PRTEE pain, function


# ---------------------------------------------------------------------------------------------
# Loading and validation


class _Where:
    def __init__(self, path: Path):
        self.file = path.name

    def error(self, entry: str, field_name: str, problem: str) -> InstrumentDataError:
        return InstrumentDataError(f"{self.file}: {entry}: field '{field_name}': {problem}")


def _read(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise InstrumentDataError(f"{path.name}: cannot be read: {error}") from None
    if not isinstance(data, dict):
        raise InstrumentDataError(f"{path.name}: expected a mapping at the top level")
    return data


def _get(where, entry, row, name, kind, *, required=True):
    value = row.get(name) if isinstance(row, dict) else None
    if value is None:
        if required:
            raise where.error(entry, name, "missing")
        return None
    if kind is bool and not isinstance(value, bool):
        raise where.error(entry, name, f"expected true or false, got {value!r}")
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise where.error(entry, name, f"expected a whole number, got {value!r}")
    if kind is float and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise where.error(entry, name, f"expected a number, got {value!r}")
    if kind is str and (not isinstance(value, str) or not value.strip()):
        raise where.error(entry, name, f"expected text, got {value!r}")
    if kind is dict and not isinstance(value, dict):
        raise where.error(entry, name, "expected a mapping")
    if kind is list and not isinstance(value, list):
        raise where.error(entry, name, "expected a list")
    return " ".join(value.split()) if kind is str else value


def _choice(where, entry, value, name, allowed):
    if value not in allowed:
        raise where.error(entry, name, f"{value!r} is not one of {', '.join(allowed)}")
    return value


def _references(where: _Where, data: dict) -> dict[str, str]:
    refs = _get(where, "references", data, "references", dict)
    for key, text in refs.items():
        if not isinstance(text, str) or not text.strip():
            raise where.error("references", str(key), "expected a citation")
    return {key: " ".join(text.split()) for key, text in refs.items()}


def _cited(where, entry, row, refs, *, required_aspects) -> tuple[dict[str, tuple], tuple]:
    """The `sources` map (aspect -> reference ids) and the citations, first cited first."""
    sources = _get(where, entry, row, "sources", dict)
    missing = [a for a in required_aspects if not sources.get(a)]
    if missing:
        raise where.error(entry, "sources", f"no source for {', '.join(missing)}")
    citations: list[str] = []
    for aspect, ids in sources.items():
        if not isinstance(ids, list) or not ids:
            raise where.error(entry, "sources", f"{aspect}: expected a list of reference ids")
        unknown = [i for i in ids if i not in refs]
        if unknown:
            raise where.error(entry, "sources", f"{aspect}: undefined reference id(s) {unknown}")
        citations += [refs[i] for i in ids if refs[i] not in citations]
    return sources, tuple(citations)


def _items(where, entry, row) -> dict:
    spec = _get(where, entry, row, "items", dict)
    low = _get(where, entry, spec, "min", int)
    high = _get(where, entry, spec, "max", int)
    if not 0 <= low < high:
        raise where.error(entry, "items", f"item range {low}-{high} must satisfy 0 <= min < max")
    activities = spec.get("activities")
    result = {"low": low, "high": high, "count": 0, "overrides": (), "acts": (0, 0)}
    if activities is not None:
        first = _get(where, entry, activities, "min", int)
        last = _get(where, entry, activities, "max", int)
        if not 1 <= first <= last:
            raise where.error(entry, "items", "activities: expected 1 <= min <= max")
        result["acts"] = (first, last)
        return result
    count = _get(where, entry, spec, "count", int)
    if count < 1:
        raise where.error(entry, "items", "count must be at least 1")
    overrides = []
    for number, bounds in (spec.get("overrides") or {}).items():
        if not isinstance(number, int) or not 1 <= number <= count:
            raise where.error(entry, "items", f"override for unknown item {number!r}")
        o_low = _get(where, entry, bounds, "min", int)
        o_high = _get(where, entry, bounds, "max", int)
        if not 0 <= o_low < o_high:
            raise where.error(entry, "items", f"item {number}: range must satisfy 0 <= min < max")
        overrides.append((number, o_low, o_high))
    result.update(count=count, overrides=tuple(sorted(overrides)))
    return result


def _subscales(where, entry, score_spec, count) -> tuple[Subscale, ...]:
    rows = _get(where, entry, score_spec, "subscales", list, required=False) or []
    subscales = []
    expected_first = 1
    for row in rows:
        sub = Subscale(
            id=_get(where, entry, row, "id", str),
            first=_get(where, entry, row, "first", int),
            last=_get(where, entry, row, "last", int),
            divisor=_get(where, entry, row, "divisor", int),
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


def _load_instrument(where: _Where, index: int, row, refs: dict[str, str]) -> Instrument:
    instrument_id = row.get("id") if isinstance(row, dict) else None
    entry = f"instruments[{index}] ({instrument_id})"
    instrument_id = _get(where, entry, row, "id", str)
    items = _items(where, entry, row)
    count = items["count"]
    not_applicable = bool(_get(where, entry, row, "not_applicable", bool, required=False))

    score_spec = _get(where, entry, row, "score", dict)
    method = _choice(where, entry, score_spec.get("method"), "score", METHODS)
    percent_of = _choice(where, entry, score_spec.get("percent_of", "max"), "score", PERCENT_OF)
    score_min = _get(where, entry, score_spec, "min", float)
    score_max = _get(where, entry, score_spec, "max", float)
    subscales = _subscales(where, entry, score_spec, count)
    if (method == "mean") != (count == 0):
        raise where.error(entry, "score", "method 'mean' is for activity lists (PSFS) only")

    def item_high(number):
        return next((h for n, _, h in items["overrides"] if n == number), items["high"])

    if method == "mean":
        produced = (items["low"], items["high"])
    elif method == "percent_of_scored":
        produced = (0, 100)
    elif subscales:
        produced = (
            0,
            sum(
                Fraction(sum(item_high(n) for n in range(s.first, s.last + 1)), s.divisor)
                for s in subscales
            ),
        )
    else:
        produced = (0, sum(item_high(n) for n in range(1, count + 1)))
    if items["low"] != 0 and method != "mean":
        raise where.error(entry, "items", "summed items must start at 0")
    if (Fraction(str(score_min)), Fraction(str(score_max))) != tuple(map(Fraction, produced)):
        problem = (
            f"declared range {score_min}-{score_max} but the items give "
            f"{float(produced[0]):g}-{float(produced[1]):g}"
        )
        raise where.error(entry, "score", problem)

    missing = _get(where, entry, row, "missing", dict)
    rule = _choice(where, entry, missing.get("rule"), "missing", MISSING_RULES)
    max_missing = _get(where, entry, missing, "max_missing", int)
    if (rule == "none") != (max_missing == 0):
        raise where.error(entry, "missing", "rule 'none' goes with max_missing 0, and only it")
    if count and max_missing >= count:
        raise where.error(entry, "missing", "max_missing must leave at least one item scored")
    if rule == "reduce_denominator" and (method, percent_of, subscales) != ("sum", "answered", ()):
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

    mcid_spec = _get(where, entry, row, "mcid", dict)
    mcid = _get(where, entry, mcid_spec, "value", float, required=False)
    mcid_unconfirmed = _get(where, entry, mcid_spec, "unconfirmed", bool)
    mcid_scale = _choice(where, entry, mcid_spec.get("scale"), "mcid", MCID_SCALES)
    if mcid is None and not mcid_unconfirmed:
        raise where.error(entry, "mcid", "no MCID value: mark it unconfirmed")
    top = 100 if mcid_scale == "percent" else score_max
    if mcid is not None and not 0 < mcid <= top:
        raise where.error(entry, "mcid", f"{mcid} is outside the {mcid_scale} scale (0-{top})")
    mdc = _get(where, entry, _get(where, entry, row, "mdc", dict), "value", float, required=False)

    show_item_text = _get(where, entry, row, "show_item_text", bool)
    prompt = _get(where, entry, row, "prompt", str, required=show_item_text) or ""
    if show_item_text and instrument_id not in ITEM_TEXT_ALLOWED:
        raise where.error(entry, "show_item_text", "only NPRS and PSFS may show item text")
    if prompt and not show_item_text:
        raise where.error(entry, "prompt", "item text for an instrument that shows none")
    sources, citations = _cited(where, entry, row, refs, required_aspects=SOURCE_ASPECTS)
    if mdc is not None and not sources.get("mdc"):
        raise where.error(entry, "sources", "no source for mdc")

    return Instrument(
        id=instrument_id,
        name=_get(where, entry, row, "name", str),
        items=count,
        item_min=items["low"],
        item_max=items["high"],
        higher_is_better=_get(where, entry, row, "higher_is_better", bool),
        score_max=float(score_max),
        mcid=None if mcid is None else float(mcid),
        mcid_unconfirmed=mcid_unconfirmed,
        mdc=None if mdc is None else float(mdc),
        show_item_text=show_item_text,
        licence=_get(where, entry, row, "licence", str),
        sources=citations,
        score_min=float(score_min),
        item_overrides=items["overrides"],
        min_activities=items["acts"][0],
        max_activities=items["acts"][1],
        not_applicable=not_applicable,
        missing_rule=rule,
        max_missing=max_missing,
        method=method,
        percent_of=percent_of,
        subscales=subscales,
        mcid_scale=mcid_scale,
        mcid_note=_get(where, entry, mcid_spec, "note", str, required=False) or "",
        missing_note=_get(where, entry, missing, "note", str, required=False) or "",
        prompt=prompt,
    )


def _load_measure(where: _Where, index: int, row, refs: dict[str, str]) -> dict:
    measure_id = row.get("id") if isinstance(row, dict) else None
    entry = f"measures[{index}] ({measure_id})"
    mdc = row.get("mdc") if isinstance(row, dict) else None
    unconfirmed = _get(where, entry, row, "mdc_unconfirmed", bool)
    low = high = None
    if mdc is not None:
        low = _get(where, entry, _get(where, entry, row, "mdc", dict), "min", float)
        high = _get(where, entry, mdc, "max", float)
        if not 0 < low <= high:
            raise where.error(entry, "mdc", "expected 0 < min <= max")
    elif not unconfirmed:
        raise where.error(entry, "mdc", "no MDC: mark it unconfirmed")
    ids = _get(where, entry, row, "sources", list)
    unknown = [i for i in ids if i not in refs]
    if unknown:
        raise where.error(entry, "sources", f"undefined reference id(s) {unknown}")
    return {
        "id": _get(where, entry, row, "id", str),
        "name": _get(where, entry, row, "name", str),
        "unit": _get(where, entry, row, "unit", str),
        "mdc_min": low,
        "mdc_max": high,
        "mdc_unconfirmed": unconfirmed,
        "note": _get(where, entry, row, "note", str),
        "sources": [refs[i] for i in ids],
    }


@dataclass(frozen=True)
class Catalogue:
    instruments: dict[str, Instrument]
    measures: dict[str, dict]


def load_catalogue(path: Path = DATA_FILE) -> Catalogue:
    """Load and check an instruments file; raise InstrumentDataError on the first problem."""
    where = _Where(path)
    data = _read(path)
    refs = _references(where, data)
    found: dict[str, Instrument] = {}
    for index, row in enumerate(_get(where, "instruments", data, "instruments", list)):
        instrument = _load_instrument(where, index, row, refs)
        if instrument.id.upper() in {i.upper() for i in found}:
            raise where.error(f"instruments[{index}]", "id", f"duplicate id {instrument.id!r}")
        found[instrument.id] = instrument
    measures: dict[str, dict] = {}
    for index, row in enumerate(data.get("measures") or []):
        measure = _load_measure(where, index, row, refs)
        if measure["id"].upper() in {m.upper() for m in measures}:
            raise where.error(f"measures[{index}]", "id", f"duplicate id {measure['id']!r}")
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


# ---------------------------------------------------------------------------------------------
# Scoring


def _round(value: Fraction) -> float:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _label(instrument: Instrument, number: int) -> str:
    if instrument.items == 0:
        return _("activity %(number)d") % {"number": number}
    return _("item %(number)d") % {"number": number}


def parse_answers(instrument_id: str, text: str) -> list[int | str | None]:
    """Comma-separated answers in item order: "1,2,,4" -> [1, 2, None, 4]. An empty field is a
    missing item; "NA" or "N/A" is a not-applicable answer where the instrument allows it."""
    instrument = lookup(instrument_id)
    answers: list[int | str | None] = []
    for number, raw in enumerate(str(text).split(","), 1):
        field_text = raw.strip()
        if not field_text:
            answers.append(None)
        elif field_text.upper() in _NA_SPELLINGS and instrument.not_applicable:
            answers.append(NA)
        else:
            try:
                answers.append(int(field_text))
            except ValueError:
                message = (
                    _("%(instrument)s %(item)s: %(text)s is not a whole number.")
                    if instrument.not_applicable
                    else _(
                        "%(instrument)s %(item)s: %(text)s is not a whole number (leave the "
                        "field empty if missing)."
                    )
                )
                where = {"instrument": instrument.id, "item": _label(instrument, number)}
                raise ScoringError(
                    message % {**where, "text": repr(field_text)},
                    instrument=instrument.id,
                    item=number,
                ) from None
    return answers


def _whole(instrument: Instrument, number: int, value) -> int:
    low, high = instrument.item_range(number)
    where = f"{instrument.id} {_label(instrument, number)}"
    if isinstance(value, str) and value.strip().upper() in _NA_SPELLINGS:
        raise ScoringError(
            (
                _("%(where)s: N/A is not an answer on the %(instrument)s.")
                if instrument.items == 0
                else _(
                    "%(where)s: N/A is not an answer on the %(instrument)s; leave the item "
                    "blank if it was not answered."
                )
            )
            % {"where": where, "instrument": instrument.id},
            instrument=instrument.id,
            item=number,
        )
    if isinstance(value, bool) or not isinstance(value, int):
        raise ScoringError(
            _("%(where)s: %(value)s is not a whole number (%(low)s–%(high)s).")
            % {"where": where, "value": repr(value), "low": low, "high": high},
            instrument=instrument.id,
            item=number,
        )
    if not low <= value <= high:
        raise ScoringError(
            _("%(where)s: %(value)s is out of range (%(low)s–%(high)s).")
            % {"where": where, "value": value, "low": low, "high": high},
            instrument=instrument.id,
            item=number,
        )
    return value


def _score_activities(instrument: Instrument, answers: list) -> Score:
    """PSFS: the mean of the 3-5 activity scores."""
    low, high = instrument.min_activities, instrument.max_activities
    if not low <= len(answers) <= high:
        raise ScoringError(
            _("%(instrument)s takes %(low)s to %(high)s activity scores; got %(got)d.")
            % {"instrument": instrument.id, "low": low, "high": high, "got": len(answers)},
            instrument=instrument.id,
        )
    values = []
    for number, value in enumerate(answers, 1):
        if value is None:
            raise ScoringError(
                _(
                    "%(instrument)s activity %(number)d has no score; every activity named "
                    "needs one (%(low)s–%(high)s)."
                )
                % {
                    "instrument": instrument.id,
                    "number": number,
                    "low": instrument.item_min,
                    "high": instrument.item_max,
                },
                instrument=instrument.id,
                item=number,
            )
        values.append(_whole(instrument, number, value))
    mean = Fraction(sum(values), len(values))
    return Score(
        instrument=instrument.id,
        score=_round(mean),
        max=instrument.score_max,
        percent=_round(mean / Fraction(instrument.item_max) * 100),
        answered=len(values),
        mcid=instrument.mcid,
        higher_is_better=instrument.higher_is_better,
    )


def _too_many_missing(instrument: Instrument, missing: list[int], na: list[int]) -> ScoringError:
    unscored = len(missing) + len(na)
    parts = []
    if missing:
        numbers = ", ".join(map(str, missing))
        parts.append(
            ngettext(
                "%(count)d missing (item %(numbers)s)",
                "%(count)d missing (items %(numbers)s)",
                len(missing),
            )
            % {"count": len(missing), "numbers": numbers}
        )
    if na:
        parts.append(
            ngettext(
                "%(count)d N/A (item %(numbers)s)", "%(count)d N/A (items %(numbers)s)", len(na)
            )
            % {"count": len(na), "numbers": ", ".join(map(str, na))}
        )
    if instrument.max_missing == 0:
        allowed = _("every item must be answered")
    else:
        needed = instrument.items - instrument.max_missing
        allowed = _(
            "at most %(max_missing)d may be left unscored (a score needs %(needed)d of "
            "%(items)d items)"
        ) % {"max_missing": instrument.max_missing, "needed": needed, "items": instrument.items}
    what = (
        _("%(first)s and %(second)s") % {"first": parts[0], "second": parts[1]}
        if na and missing
        else parts[0]
    )
    return ScoringError(
        ngettext(
            "%(instrument)s: %(count)d item without a score — %(what)s; %(allowed)s.",
            "%(instrument)s: %(count)d items without a score — %(what)s; %(allowed)s.",
            unscored,
        )
        % {"instrument": instrument.id, "count": unscored, "what": what, "allowed": allowed},
        instrument=instrument.id,
    )


def score(instrument_id: str, answers: Sequence[int | str | None]) -> Score:
    """Score answers given in item order (None = missing; "NA" = not applicable where allowed).

    Checks the number of answers, every value's range and the instrument's missing-item rule.
    """
    instrument = lookup(instrument_id)
    if isinstance(answers, (str, bytes)) or not isinstance(answers, Sequence):
        raise ScoringError(
            _("%(instrument)s: give the answers as a list in item order.")
            % {"instrument": instrument.id},
            instrument=instrument.id,
        )
    answers = list(answers)
    if instrument.items == 0:
        return _score_activities(instrument, answers)
    if len(answers) != instrument.items:
        raise ScoringError(
            _("%(instrument)s has %(items)d items; got %(got)d answers.")
            % {"instrument": instrument.id, "items": instrument.items, "got": len(answers)},
            instrument=instrument.id,
        )
    scored: dict[int, int] = {}
    missing: list[int] = []
    not_applicable: list[int] = []
    for number, value in enumerate(answers, 1):
        if value is None:
            missing.append(number)
        elif (
            instrument.not_applicable
            and isinstance(value, str)
            and value.strip().upper() in _NA_SPELLINGS
        ):
            not_applicable.append(number)
        else:
            scored[number] = _whole(instrument, number, value)
    if len(missing) + len(not_applicable) > instrument.max_missing:
        raise _too_many_missing(instrument, missing, not_applicable)

    answered = len(scored)
    total = Fraction(sum(scored.values()))
    possible = Fraction(sum(instrument.item_range(n)[1] for n in scored))
    subscores: dict[str, float] = {}
    if instrument.method == "percent_of_scored":
        value = total / possible * 100
        percent = value
    else:
        if instrument.subscales:
            parts = {
                s.id: Fraction(sum(scored[n] for n in range(s.first, s.last + 1)), s.divisor)
                for s in instrument.subscales
            }
            subscores = {name: _round(part) for name, part in parts.items()}
            value = sum(parts.values(), Fraction(0))
        else:
            value = total
        if instrument.percent_of == "answered":
            percent = total / possible * 100
        else:
            percent = value / Fraction(str(instrument.score_max)) * 100
    return Score(
        instrument=instrument.id,
        score=_round(value),
        max=instrument.score_max,
        percent=_round(percent),
        answered=answered,
        mcid=instrument.mcid,
        higher_is_better=instrument.higher_is_better,
        subscores=subscores,
    )


# ---------------------------------------------------------------------------------------------
# Change over time


def change_value(result: Score) -> float:
    """A result on the scale its instrument's MCID applies to (see Instrument.mcid_scale).

    For a raw score with sections left out (the NDI's reduced denominator), the raw total is
    prorated to all items (total × items ÷ answered, i.e. percent × max ÷ 100), which is Vernon's
    alternative of adding the mean of the answered sections: raw totals of different numbers of
    sections are not comparable.
    """
    instrument = lookup(result.instrument)
    if instrument.mcid_scale == "percent":
        return result.percent
    if instrument.percent_of == "answered" and 0 < result.answered < instrument.items:
        return _round(Fraction(str(result.score)) * instrument.items / result.answered)
    return result.score


def _change_input(instrument: Instrument, value, name: str) -> Fraction:
    if isinstance(value, Score):
        if lookup(value.instrument).id != instrument.id:
            raise ScoringError(
                _("%(instrument)s: the %(name)s is a %(other)s result.")
                % {"instrument": instrument.id, "name": name, "other": value.instrument},
                instrument=instrument.id,
            )
        value = change_value(value)
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
        raise ScoringError(
            _("%(instrument)s: the %(name)s %(value)s is not a number.")
            % {"instrument": instrument.id, "name": name, "value": repr(value)},
            instrument=instrument.id,
        )
    low = 0 if instrument.mcid_scale == "percent" else instrument.score_min
    high = instrument.scale_max
    if not low <= value <= high:
        raise ScoringError(
            _(
                "%(instrument)s: the %(name)s %(value)s is outside the %(scale)s scale "
                "(%(low)s–%(high)s)."
            )
            % {
                "instrument": instrument.id,
                "name": name,
                "value": f"{value:g}",
                "scale": instrument.mcid_scale,
                "low": f"{low:g}",
                "high": f"{high:g}",
            },
            instrument=instrument.id,
        )
    return Fraction(str(value))


def change(instrument_id: str, baseline: float | Score, latest: float | Score) -> dict:
    """Change from baseline to latest, on the scale the MCID applies to (Instrument.mcid_scale).

    "improvement" is signed so that positive means better. "mcid_met" is None when there is no
    confirmed MCID (no MCID verdict), otherwise whether the improvement reaches the MCID.
    """
    instrument = lookup(instrument_id)
    start = _change_input(instrument, baseline, "baseline")
    end = _change_input(instrument, latest, "latest")
    delta = end - start
    improvement = delta if instrument.higher_is_better else -delta
    confirmed = instrument.mcid is not None and not instrument.mcid_unconfirmed
    return {
        "change": _round(delta),
        "improvement": _round(improvement),
        "mcid": instrument.mcid,
        "mcid_met": improvement >= Fraction(str(instrument.mcid)) if confirmed else None,
        "mcid_unconfirmed": instrument.mcid_unconfirmed,
    }


# ---------------------------------------------------------------------------------------------
# Measures without a questionnaire


def measure_info(name: str) -> dict:
    """Measurement-error information for PPT or ROM: id, name, unit, mdc_min, mdc_max (None when
    not retrieved), mdc_unconfirmed, note and sources."""
    measures = _catalogue().measures
    wanted = str(name).strip()
    for key, info in measures.items():
        if key.upper() == wanted.upper():
            return {**info, "sources": list(info["sources"])}
    raise ScoringError(
        _("Unknown measure %(wanted)s; known: %(known)s.")
        % {"wanted": repr(wanted), "known": ", ".join(measures)},
        instrument=wanted,
        suggestions=close_matches(wanted.upper(), list(measures)),
    )
