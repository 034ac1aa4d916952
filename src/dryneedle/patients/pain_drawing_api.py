"""Pain drawings API: list and save the drawings of an episode of care."""

import datetime

from ninja import Router, Schema, Status

from dryneedle.api.responses import answers
from dryneedle.api.security import api_requires
from dryneedle.atlas.api import parse_marks
from dryneedle.clinics import audit
from dryneedle.clinics.http import MemberRequest
from dryneedle.clinics.roles import Capability
from dryneedle.patients.access import get_episode_for
from dryneedle.patients.models import PainDrawing

episodes_router = Router(tags=["pain drawings"])


class DrawingIn(Schema):
    marks: list[str] = []  # validated after the episode is found, so outsiders get 404
    note: str = ""


class DrawingOut(Schema):
    id: int
    marks: list[str]
    note: str
    atlas_version: str
    created_at: datetime.datetime


@episodes_router.get(
    "/{episode_pk}/pain-drawings",
    response=answers({200: list[DrawingOut]}, 404, 422),
    summary="Saved pain drawings",
)
@api_requires(Capability.CLINICAL_VIEW)
def list_drawings(request: MemberRequest, episode_pk: int) -> list[PainDrawing]:
    episode = get_episode_for(request, episode_pk)
    audit.record(
        request, audit.Action.VIEW, patient=episode.patient, obj=episode, detail="api pain drawings"
    )
    return list(episode.pain_drawings.all())


@episodes_router.post(
    "/{episode_pk}/pain-drawings",
    response=answers({201: DrawingOut}, 400, 404, 422),
    summary="Save a pain drawing",
)
@api_requires(Capability.CLINICAL_EDIT)
def create_drawing(request: MemberRequest, episode_pk: int, payload: DrawingIn) -> Status:
    episode = get_episode_for(request, episode_pk)
    marks = parse_marks(payload.marks)
    actor = audit.Actor.from_request(request)
    drawing = PainDrawing.record(episode=episode, marks=marks, note=payload.note, by=actor)
    return Status(201, drawing)
