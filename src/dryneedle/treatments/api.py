"""Treatment API: start, read, update, add entries, sign, add addenda; and CPT coding.

The same domain functions as the web run behind every route, so the same checks apply: the
gate on start, optimistic locking on update (send the version you read), the screen's
forbidden sites, the signing rules, and immutability once signed.
"""

import datetime
from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError, ValidationError

from dryneedle.api.responses import answers
from dryneedle.api.security import api_requires
from dryneedle.atlas.loader import load_atlas
from dryneedle.clinics import audit
from dryneedle.clinics.http import MemberRequest
from dryneedle.clinics.roles import Capability
from dryneedle.patients.access import get_episode_for
from dryneedle.treatments import coding, notes
from dryneedle.treatments.access import get_treatment_for
from dryneedle.treatments.forms import AdverseEventForm, NeedlingForm
from dryneedle.treatments.models import (
    Addendum,
    AdverseEvent,
    Needling,
    NoteLocked,
    StockedNeedle,
    Treatment,
)

router = Router(tags=["treatments"])
episodes_router = Router(tags=["treatments"])


class NeedlingOut(Schema):
    id: int
    muscle: str
    side: str
    needle: str
    technique: str
    passes: int | None
    minutes: int | None
    twitch: str
    twitch_count: int | None
    depth_mm: int | None

    @staticmethod
    def resolve_needle(obj: Needling) -> str:
        return str(obj.needle)


class AdverseEventOut(Schema):
    id: int
    kind: str
    severity: str
    onset: str
    action: str
    note: str


class AddendumOut(Schema):
    id: int
    text: str
    author: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_author(obj: Addendum) -> str:
        return obj.author.full_name


class TreatmentOut(Schema):
    id: int
    episode: int = Field(..., alias="episode_id")
    clinician: str
    status: str
    version: int
    performed_at: datetime.datetime
    pre_nprs: int | None
    post_nprs: int | None
    discomfort: int | None
    ppt_site: str
    pre_ppt: Decimal | None
    post_ppt: Decimal | None
    patient_response: str
    needles_opened: int | None
    needles_removed: int | None
    needles_discarded: int | None
    subjective: str
    objective: str
    assessment: str
    plan: str
    icd10_code: str
    cpt_code: str
    signed_at: datetime.datetime | None
    needlings: list[NeedlingOut]
    adverse_events: list[AdverseEventOut]
    addenda: list[AddendumOut]

    @staticmethod
    def resolve_clinician(obj: Treatment) -> str:
        return obj.clinician.full_name

    @staticmethod
    def resolve_needlings(obj: Treatment) -> list[Needling]:
        return list(obj.needlings.select_related("needle"))

    @staticmethod
    def resolve_adverse_events(obj: Treatment) -> list[AdverseEvent]:
        return list(obj.adverse_events.all())

    @staticmethod
    def resolve_addenda(obj: Treatment) -> list[Addendum]:
        return list(obj.addenda.select_related("author"))


class DraftIn(Schema):
    version: int | None = Field(
        None, description="The version you read (required); a newer save answers 409."
    )
    pre_nprs: int | None = Field(None, ge=0, le=10)
    post_nprs: int | None = Field(None, ge=0, le=10)
    discomfort: int | None = Field(None, ge=0, le=10)
    ppt_site: str | None = Field(None, max_length=80)
    pre_ppt: Decimal | None = Field(None, ge=0, max_digits=4, decimal_places=1)
    post_ppt: Decimal | None = Field(None, ge=0, max_digits=4, decimal_places=1)
    patient_response: str | None = None
    needles_opened: int | None = Field(None, ge=0, le=500)
    needles_removed: int | None = Field(None, ge=0, le=500)
    needles_discarded: int | None = Field(None, ge=0, le=500)
    subjective: str | None = None
    objective: str | None = None
    assessment: str | None = None
    plan: str | None = None


class NeedlingIn(Schema):
    muscle: str = ""
    side: str = ""
    needle: int | None = None
    technique: str = ""
    passes: int | None = None
    minutes: int | None = None
    twitch: str = ""
    twitch_count: int | None = None
    depth_mm: int | None = None


class AdverseEventIn(Schema):
    kind: str = ""
    severity: str = ""
    onset: str = ""
    action: str = ""
    note: str = ""


class AddendumIn(Schema):
    text: str = ""


class CodingOut(Schema):
    cpt: str | None
    muscles: list[str]
    count: int
    note: str


def _form_error(form: forms.BaseForm) -> HttpError:
    detail = "; ".join(f"{field}: {errors[0]}" for field, errors in form.errors.items())
    return HttpError(400, detail)


@router.get(
    "/cpt",
    response=answers({200: CodingOut}, 400, 422),
    summary="CPT code for the muscles needled (pure)",
)
@api_requires(Capability.CLINICAL_VIEW)
def cpt(request: MemberRequest, needling: list[str] = Query([])) -> dict[str, object]:
    muscles = load_atlas().muscles
    try:
        sites = [coding.parse_site(text, muscles) for text in needling[:100]]
    except coding.CodingError as error:
        raise HttpError(400, error.with_suggestions) from None
    session = coding.code_session(sites)
    return {
        "cpt": session.cpt,
        "muscles": list(session.muscles),
        "count": session.count,
        "note": session.note,
    }


class NeedleOut(Schema):
    id: int
    label: str

    @staticmethod
    def resolve_label(obj: StockedNeedle) -> str:
        return str(obj)


@router.get(
    "/needles", response=answers({200: list[NeedleOut]}), summary="Needles the clinic stocks"
)
@api_requires(Capability.CLINICAL_VIEW)
def stocked_needles(request: MemberRequest) -> list[StockedNeedle]:
    return list(StockedNeedle.objects.filter(clinic=request.clinic, active=True))


@episodes_router.post(
    "/{episode_pk}/treatments",
    response=answers({201: TreatmentOut}, 404, 409, 422),
    summary="Start a treatment",
)
@api_requires(Capability.CLINICAL_EDIT)
def start(request: MemberRequest, episode_pk: int) -> Status:
    episode = get_episode_for(request, episode_pk)
    try:
        started = notes.start(episode, audit.Actor.from_request(request))
    except notes.NoteError as error:
        raise HttpError(409, str(error)) from None
    return Status(201, started.treatment)


@router.get(
    "/{treatment_pk}",
    response=answers({200: TreatmentOut}, 404, 422),
    summary="A treatment note in full",
)
@api_requires(Capability.CLINICAL_VIEW)
def read(request: MemberRequest, treatment_pk: int) -> Treatment:
    treatment = get_treatment_for(request, treatment_pk)
    audit.record(request, audit.Action.VIEW, patient=treatment.episode.patient, obj=treatment)
    return treatment


@router.patch(
    "/{treatment_pk}",
    response=answers({200: TreatmentOut}, 400, 404, 409, 422),
    summary="Update a draft",
)
@api_requires(Capability.CLINICAL_EDIT)
def update(request: MemberRequest, treatment_pk: int, payload: DraftIn) -> Treatment:
    treatment = get_treatment_for(request, treatment_pk)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version", None)
    if version is None:
        raise HttpError(400, _("Send the version you read, so no one's changes are overwritten."))
    changes = {
        k: (
            ""
            if v is None
            and k
            in ("ppt_site", "patient_response", "subjective", "objective", "assessment", "plan")
            else v
        )
        for k, v in changes.items()
    }
    try:
        treatment = notes.save_draft(treatment, changes, version, audit.Actor.from_request(request))
    except notes.EditConflict as error:
        raise HttpError(409, str(error)) from None
    except NoteLocked as error:
        raise HttpError(409, str(error.message)) from None
    return treatment


@router.post(
    "/{treatment_pk}/needlings",
    response=answers({201: NeedlingOut}, 400, 404, 409, 422),
    summary="Add a needled muscle",
)
@api_requires(Capability.CLINICAL_EDIT)
def add_needling(request: MemberRequest, treatment_pk: int, payload: NeedlingIn) -> Status:
    treatment = get_treatment_for(request, treatment_pk)
    data = {k: v for k, v in payload.dict().items() if v is not None}
    form = NeedlingForm(data, clinic=request.clinic)
    if not form.is_valid():
        raise _form_error(form)
    actor = audit.Actor.from_request(request)
    try:
        needling = notes.add_needling(treatment, actor, **form.cleaned_data)
    except NoteLocked as error:
        raise HttpError(409, str(error.message)) from None
    except notes.NoteError as error:
        raise HttpError(400, str(error)) from None
    return Status(201, needling)


@router.post(
    "/{treatment_pk}/adverse-events",
    response=answers({201: AdverseEventOut}, 400, 404, 409, 422),
    summary="Record an adverse event",
)
@api_requires(Capability.CLINICAL_EDIT)
def add_adverse_event(request: MemberRequest, treatment_pk: int, payload: AdverseEventIn) -> Status:
    treatment = get_treatment_for(request, treatment_pk)
    form = AdverseEventForm(payload.dict())
    if not form.is_valid():
        raise _form_error(form)
    try:
        event = notes.add_entry(
            treatment, form.save(commit=False), audit.Actor.from_request(request)
        )
    except NoteLocked as error:
        raise HttpError(409, str(error.message)) from None
    return Status(201, event)


def _located(problem: str) -> dict:
    field = getattr(problem, "field", "")
    location = ["body", field] if field else ["body"]
    return {"loc": location, "msg": str(problem), "type": "unfinished"}


@router.post(
    "/{treatment_pk}/sign",
    response=answers({200: TreatmentOut}, 400, 404, 422),
    summary="Sign the note",
)
@api_requires(Capability.CLINICAL_EDIT)
def sign(request: MemberRequest, treatment_pk: int) -> Treatment:
    treatment = get_treatment_for(request, treatment_pk)
    try:
        treatment = notes.sign(treatment, audit.Actor.from_request(request))
    except notes.UnfinishedNote as error:
        # 422 in the framework's shape, each entry locating the field to complete
        raise ValidationError([_located(problem) for problem in error.problems]) from None
    except notes.NoteError as error:
        raise HttpError(400, str(error)) from None
    return treatment


@router.post(
    "/{treatment_pk}/addenda",
    response=answers({201: AddendumOut}, 400, 404, 422),
    summary="Add an addendum",
)
@api_requires(Capability.CLINICAL_EDIT)
def add_addendum(request: MemberRequest, treatment_pk: int, payload: AddendumIn) -> Status:
    treatment = get_treatment_for(request, treatment_pk)
    try:
        addendum = notes.add_addendum(treatment, audit.Actor.from_request(request), payload.text)
    except notes.NoteError as error:
        raise HttpError(400, str(error)) from None
    return Status(201, addendum)
