"""Score outcome questionnaires by each instrument's published rules; judge change against MCIDs.

Pure Python (of Django, only `gettext` for the messages). The instruments (items, score ranges,
missing-item rules, MCIDs) come
from `instruments.py`, which loads and checks `data/instruments.yaml`.

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
from numbers import Real

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dryneedle.outcomes.instruments import Instrument, ScoringError, lookup

NA = "NA"  # a "not applicable" answer, where the instrument allows one (FAAM)
_NA_SPELLINGS = frozenset({"NA", "N/A"})


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


def _whole(instrument: Instrument, number: int, value: object) -> int:
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
    for number, answer in enumerate(answers, 1):
        if answer is None:
            missing.append(number)
        elif (
            instrument.not_applicable
            and isinstance(answer, str)
            and answer.strip().upper() in _NA_SPELLINGS
        ):
            not_applicable.append(number)
        else:
            scored[number] = _whole(instrument, number, answer)
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


def _change_input(instrument: Instrument, value: float | Score, name: str) -> Fraction:
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
