"""Which measure an episode is judged on, and whether the patient responded (change ≥ MCID).

Pure Python (no Django). The one definition used by the episode's progress (progress.py, which
the progress page and the PDF report show) and by the clinic analytics (reports/analytics.py),
so the analytics count the same responder flag the episode page shows.

- Primary measure: the first measure of the episode's protocol with at least two responses,
  else the first instrument (in order of first collection) with two.
- Responder: the improvement from the first to the latest response on the primary measure
  reaches its MCID, on the scale the MCID applies to (scoring.change_value); None where the
  instrument has no confirmed MCID.
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal

from dryneedle.outcomes.instruments import lookup
from dryneedle.outcomes.scoring import Score, change, change_value


def value_on_mcid_scale(
    instrument_id: str, score: float | Decimal, percent: float | Decimal, answered: int
) -> float:
    """A stored result (its score, percent and items answered) on the scale its instrument's
    MCID applies to: the raw score (prorated when sections are missing) or the percent."""
    instrument = lookup(instrument_id)
    result = Score(
        instrument=instrument.id,
        score=float(score),
        max=instrument.score_max,
        percent=float(percent),
        answered=answered,
        mcid=instrument.mcid,
        higher_is_better=instrument.higher_is_better,
    )
    return change_value(result)


def primary_measure(
    counts: Mapping[str, int],
    protocol_measures: Iterable[str] = (),
    *,
    or_single_protocol_measure: bool = False,
) -> str | None:
    """The primary measure, from the number of responses per instrument (`counts`, in the order
    each instrument was first collected) and the measures of the episode's protocol.

    With `or_single_protocol_measure`, an episode with no measure of two responses but a
    response on a protocol measure keeps that measure (the analytics still count its time to
    the MCID, censored); otherwise it has no primary measure yet.
    """
    candidates = [m for m in protocol_measures if m in counts]
    with_two = [instrument for instrument, n in counts.items() if n >= 2]
    chosen = next((m for m in candidates if m in with_two), None) or (
        with_two[0] if with_two else None
    )
    if chosen is None and or_single_protocol_measure and candidates:
        chosen = candidates[0]
    return chosen


def responded(instrument_id: str, baseline: float, latest: float) -> bool | None:
    """Whether the change from `baseline` to `latest` (values on the MCID's scale, see
    value_on_mcid_scale) reaches the MCID; None when the instrument has no confirmed MCID."""
    return change(instrument_id, baseline, latest)["mcid_met"]
