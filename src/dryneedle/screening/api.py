"""Screening API: the questions, evaluating answers, and screens and the gate per episode."""

import datetime
from typing import Any

from ninja import Router, Schema, Status
from ninja.errors import HttpError

from dryneedle.api.responses import answers
from dryneedle.api.security import api_requires
from dryneedle.clinics import audit
from dryneedle.clinics.http import MemberRequest
from dryneedle.clinics.roles import Capability
from dryneedle.patients.access import get_episode_for
from dryneedle.screening import records
from dryneedle.screening.gate import needling_gate
from dryneedle.screening.rules import AnswerError, Outcome, evaluate, load_rules

router = Router(tags=["screening"])
episodes_router = Router(tags=["screening"])


class QuestionOut(Schema):
    id: str
    text: str
    patient_text: str
    kind: str


class QuestionsOut(Schema):
    version: int
    questions: list[QuestionOut]


class TriggeredOut(Schema):
    rule: str
    level: str
    advice: str
    regions: list[str]


class OutcomeOut(Schema):
    result: str
    triggered: list[TriggeredOut]


class AnswersIn(Schema):
    answers: dict[str, Any] = {}


class ScreeningOut(Schema):
    id: int
    result: str
    triggered: list[TriggeredOut]
    rules_version: int
    created_at: datetime.datetime


class GateOut(Schema):
    allowed: bool
    reasons: list[str]
    precautions: list[TriggeredOut]
    avoid_regions: list[str]


def _evaluate(answers: dict) -> Outcome:
    try:
        return evaluate(answers)
    except AnswerError as error:
        raise HttpError(400, str(error)) from None


@router.get(
    "/questions", response=answers({200: QuestionsOut}), summary="The safety-screen questions"
)
@api_requires(Capability.CLINICAL_VIEW)
def questions(request: MemberRequest) -> dict[str, object]:
    rules = load_rules()
    return {"version": rules.version, "questions": [vars(q) for q in rules.questions.values()]}


@router.post(
    "/evaluate",
    response=answers({200: OutcomeOut}, 400, 422),
    summary="Evaluate answers (nothing is stored)",
)
@api_requires(Capability.CLINICAL_VIEW)
def evaluate_answers(request: MemberRequest, payload: AnswersIn) -> dict:
    return _evaluate(payload.answers).as_dict()


@episodes_router.post(
    "/{episode_pk}/screenings",
    response=answers({201: ScreeningOut}, 400, 404, 422),
    summary="Record a safety screen",
)
@api_requires(Capability.CLINICAL_EDIT)
def create_screening(request: MemberRequest, episode_pk: int, payload: AnswersIn) -> Status:
    episode = get_episode_for(request, episode_pk)
    outcome = _evaluate(payload.answers)
    actor = audit.Actor.from_request(request)
    screening = records.record_screening(
        episode, payload.answers, outcome, load_rules().version, actor
    )
    return Status(201, screening)


@episodes_router.get(
    "/{episode_pk}/gate",
    response=answers({200: GateOut}, 404, 422),
    summary="May this episode be needled?",
)
@api_requires(Capability.CLINICAL_VIEW)
def gate(request: MemberRequest, episode_pk: int) -> dict[str, object]:
    episode = get_episode_for(request, episode_pk)
    result = needling_gate(episode.patient, episode)
    audit.record(
        request, audit.Action.VIEW, patient=episode.patient, obj=episode, detail="api gate"
    )
    return {
        "allowed": result.allowed,
        "reasons": list(result.reasons),
        "precautions": list(result.precautions),
        "avoid_regions": sorted(result.avoid_regions),
    }
