"""Outcomes API: score answers (pure), record and list an episode's responses, progress."""

import datetime

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from dryneedle.api.responses import answers
from dryneedle.api.security import api_requires
from dryneedle.clinics import audit
from dryneedle.clinics.http import MemberRequest
from dryneedle.clinics.roles import Capability
from dryneedle.outcomes import responses, scoring
from dryneedle.outcomes.models import Response
from dryneedle.outcomes.progress import episode_progress
from dryneedle.patients.access import get_episode_for

router = Router(tags=["outcomes"])
episodes_router = Router(tags=["outcomes"])


class AnswersIn(Schema):
    instrument: str = ""
    answers: list[int | str | None] = []


class ScoreOut(Schema):
    instrument: str
    score: float
    max: float
    percent: float
    answered: int
    mcid: float | None
    higher_is_better: bool
    subscores: dict[str, float] = {}


class ResponseOut(Schema):
    id: int
    instrument: str
    score: float
    max_score: float
    percent: float
    source: str
    collected_at: datetime.datetime


class SeriesOut(Schema):
    instrument: str
    baseline: float
    latest: float
    count: int
    change: dict


class ProgressOut(Schema):
    primary: str | None
    responder: bool | None
    improved_after_first_session: bool | None
    improved_within_24_hours: bool | None
    series: list[SeriesOut]


def _score(payload: AnswersIn) -> scoring.Score:
    if not payload.instrument:
        raise HttpError(400, _("Name the instrument, e.g. NDI."))
    try:
        return scoring.score(payload.instrument, payload.answers)
    except scoring.ScoringError as error:
        raise HttpError(400, str(error)) from None


@router.post(
    "/score",
    response=answers({200: ScoreOut}, 400, 422),
    summary="Score answers (nothing is stored)",
)
@api_requires(Capability.CLINICAL_VIEW)
def score(request: MemberRequest, payload: AnswersIn) -> dict[str, object]:
    return vars(_score(payload))


@episodes_router.get(
    "/{episode_pk}/responses",
    response=answers({200: list[ResponseOut]}, 404, 422),
    summary="An episode's questionnaire responses",
)
@api_requires(Capability.CLINICAL_VIEW)
def list_responses(request: MemberRequest, episode_pk: int) -> list[Response]:
    episode = get_episode_for(request, episode_pk)
    audit.record(
        request, audit.Action.VIEW, patient=episode.patient, obj=episode, detail="api responses"
    )
    return list(episode.responses.all())


@episodes_router.post(
    "/{episode_pk}/responses",
    response=answers({201: ResponseOut}, 400, 404, 422),
    summary="Record a questionnaire entered in the clinic",
)
@api_requires(Capability.CLINICAL_EDIT)
def create_response(request: MemberRequest, episode_pk: int, payload: AnswersIn) -> Status:
    episode = get_episode_for(request, episode_pk)
    result = _score(payload)
    actor = audit.Actor.from_request(request)
    response = responses.record_in_clinic(episode, result, payload.answers, actor)
    return Status(201, response)


@episodes_router.get(
    "/{episode_pk}/progress",
    response=answers({200: ProgressOut}, 404, 422),
    summary="Baseline to latest per measure, MCID verdicts, flags",
)
@api_requires(Capability.CLINICAL_VIEW)
def progress(request: MemberRequest, episode_pk: int) -> dict[str, object]:
    episode = get_episode_for(request, episode_pk)
    audit.record(
        request, audit.Action.VIEW, patient=episode.patient, obj=episode, detail="api progress"
    )
    result = episode_progress(episode)
    return {
        "primary": result.primary,
        "responder": result.responder,
        "improved_after_first_session": result.improved_after_first_session,
        "improved_within_24_hours": result.improved_within_24_hours,
        "series": [vars(s) for s in result.series],
    }
