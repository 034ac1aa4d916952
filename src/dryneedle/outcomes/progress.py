"""An episode's progress: each measure from baseline to latest, with MCID verdicts, and the
responder and "improved" flags that the clinic's analytics count."""

from collections.abc import Iterable
from dataclasses import dataclass

from dryneedle.outcomes import instruments, responders, scoring
from dryneedle.outcomes.checkins import NPRS_MCID, improved_within_24_hours
from dryneedle.outcomes.models import Response
from dryneedle.patients.models import Episode
from dryneedle.treatments.models import Treatment


@dataclass(frozen=True)
class Series:
    instrument: str
    name: str
    baseline: float
    latest: float
    count: int
    change: dict  # scoring.change(): change, improvement, mcid, mcid_met, mcid_unconfirmed


@dataclass(frozen=True)
class Progress:
    series: tuple[Series, ...]
    primary: str | None  # the measure the responder flag is judged on
    responder: bool | None  # MCID met on the primary measure (None: not yet known)
    improved_after_first_session: bool | None
    improved_within_24_hours: bool | None


def _score_value(response: Response) -> float:
    """The response on the scale its instrument's MCID applies to."""
    return responders.value_on_mcid_scale(
        response.instrument, response.score, response.percent, response.answered
    )


def episode_progress(
    episode: Episode,
    responses: Iterable[Response] | None = None,
    signed_treatments: Iterable[Treatment] | None = None,
) -> Progress:
    """Pass `responses` (in collection order) and `signed_treatments` (by time, with their
    check-ins) when the caller has loaded them already: they are not queried again."""
    known = instruments.instruments()
    by_instrument: dict[str, list] = {}
    if responses is None:
        responses = episode.responses.all().order_by("collected_at", "id")
    for response in responses:
        if response.instrument in known:
            by_instrument.setdefault(response.instrument, []).append(response)
    series = []
    for instrument, responses in by_instrument.items():
        baseline, latest = _score_value(responses[0]), _score_value(responses[-1])
        series.append(
            Series(
                instrument,
                known[instrument].name,
                baseline,
                latest,
                len(responses),
                scoring.change(instrument, baseline, latest),
            )
        )
    protocol = episode.protocol_entry
    primary = responders.primary_measure(
        {s.instrument: s.count for s in series}, protocol.measures if protocol else ()
    )
    responder = None
    if primary:
        chosen = next(s for s in series if s.instrument == primary)
        responder = responders.responded(primary, chosen.baseline, chosen.latest)
    if signed_treatments is None:
        signed_treatments = (
            episode.treatments.filter(status="signed")
            .select_related("checkin")
            .order_by("performed_at")[:1]
        )
    treatments = list(signed_treatments)
    first = treatments[0] if treatments else None
    after_first = None
    if first and first.pre_nprs is not None and first.post_nprs is not None:
        after_first = first.pre_nprs - first.post_nprs >= NPRS_MCID
    within_24 = None
    checkin = getattr(first, "checkin", None) if first else None
    if checkin is not None and checkin.completed_at:
        within_24 = improved_within_24_hours(checkin)
    return Progress(tuple(series), primary, responder, after_first, within_24)
