"""Write audit rows: who touched which patient's data, how, when and from where.

Domain operations (treatments.notes, outcomes.responses, screening.records, interop's imports
and exports…) take an `Actor` and write the row of their write themselves, inside the
transaction of the change (`write`). Views and API routes record only what they read
(`record`), and the middleware catches what no one recorded.
"""

import ipaddress
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.http import HttpRequest

from dryneedle.clinics.models import AuditEvent, Clinic, User

Action = AuditEvent.Action

# Per request: the patients whose records the access helpers handed out, and those that
# already have an audit row. Rows for the difference are written when the answer leaves.
_REACHED = "_audit_reached"
_RECORDED = "_audit_recorded"

# URL parameters that name one record of a clinic (a patient's, or a booking request's):
# a 404 on such a route is a refused access (another clinic's record, or none at all).
RECORD_PARAMETERS = frozenset(
    {
        "patient_pk",
        "episode_pk",
        "screening_pk",
        "treatment_pk",
        "row_pk",
        "checkin_pk",
        "booking_pk",
    }
)


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address; behind our proxy, the hop the proxy appended last."""
    if request is None:
        return None
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if forwarded:
            try:
                return str(ipaddress.ip_address(forwarded))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR") or None


@dataclass(frozen=True)
class Actor:
    """Who acts, for which clinic, and from where: all an audit row needs of a request.

    Domain operations take this rather than the request, so they run the same from a view,
    an API route, a command or the worker, and cannot come to depend on anything else of
    the request. `recorded` is the request's set of audited patients (shared, so the
    middleware does not add a VIEW row for a patient whose write is already in the log)."""

    user: User | None = None
    clinic: Clinic | None = None
    path: str = ""
    method: str = ""
    ip_address: str | None = None
    recorded: set[object] = field(default_factory=set, repr=False, compare=False)

    @classmethod
    def from_request(cls, request: HttpRequest | None, *, user: User | None = None) -> "Actor":
        """The signed-in user (or `user`), the acting clinic and the request's address."""
        if request is None:
            return cls(user=user)
        if user is None and request.user.is_authenticated:
            user = request.user
        return cls(
            user=user,
            clinic=getattr(request, "clinic", None),
            path=request.get_full_path()[:500],
            method=request.method or "",
            ip_address=client_ip(request),
            recorded=request.__dict__.setdefault(_RECORDED, set()),
        )

    @classmethod
    def system(cls, clinic: Clinic | None = None) -> "Actor":
        """No user: a command run on the server, or the background worker."""
        return cls(clinic=clinic)


def as_actor(by: "Actor | User | None") -> Actor:
    """An operation called with a user (a test, the shell, a generator) acts for the clinic
    of the record it changes, from nowhere in particular."""
    if isinstance(by, Actor):
        return by
    return Actor(user=by)


def write(
    actor: Actor,
    action: str,
    *,
    patient: models.Model | None = None,  # a Patient (this app imports no domain app)
    obj: models.Model | None = None,
    detail: str = "",
    clinic: Clinic | None = None,
) -> AuditEvent:
    """Write one audit row for `actor`. Domain operations call this inside the transaction
    of the change it records, so the change and its row are saved together or not at all."""
    if clinic is None:
        clinic = actor.clinic or getattr(patient, "clinic", None)
    if patient is not None:
        actor.recorded.add(patient.pk)
    return AuditEvent.objects.create(
        user=actor.user,
        clinic=clinic,
        patient=patient,  # type: ignore[misc]  # a Patient, typed as a Model (see above)
        action=action,
        object_type=(obj._meta.model_name or "") if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        path=actor.path,
        method=actor.method,
        ip_address=actor.ip_address,
        detail=detail[:500],
    )


def record(
    request: HttpRequest | None,
    action: str,
    *,
    patient: models.Model | None = None,
    obj: models.Model | None = None,
    detail: str = "",
    clinic: Clinic | None = None,
    user: User | None = None,
) -> AuditEvent:
    """Record one access the request made (a read, a sign-in…). `obj` names the row
    touched; `patient` whose data it is. Writes of patient data are recorded by the domain
    operation that makes them (`write`), not by the view."""
    actor = Actor.from_request(request, user=user)
    return write(actor, action, patient=patient, obj=obj, detail=detail, clinic=clinic)


def reached(request: HttpRequest | None, patient: models.Model, obj: models.Model) -> None:
    """The access helpers call this: the request now holds `obj`, part of `patient`'s record."""
    if request is not None:
        request.__dict__.setdefault(_REACHED, {}).setdefault(patient.pk, (patient, obj))


def record_unrecorded(request: HttpRequest, status: int) -> None:
    """A VIEW row for each patient the request reached but did not audit, e.g. a refused
    write that answered with a message: the record was read to decide."""
    recorded = request.__dict__.get(_RECORDED, set())
    for pk, (patient, obj) in request.__dict__.get(_REACHED, {}).items():
        if pk not in recorded:
            record(request, Action.VIEW, patient=patient, obj=obj, detail=f"answered {status}")


def _is_refusal(request: HttpRequest, status: int) -> bool:
    if status == 403:
        return True
    match = getattr(request, "resolver_match", None)
    return status == 404 and match is not None and not RECORD_PARAMETERS.isdisjoint(match.kwargs)


def record_refusal(request: HttpRequest, status: int) -> None:
    """One REFUSED row for a 403, or a 404 on a route naming a record, answered to a member
    acting for a clinic; in that clinic's log, whichever clinic's record was asked for.

    It names the user, the path asked for and the answer, never a patient: a 404 reads the
    same whether the record is another clinic's or does not exist, so the row reveals
    nothing of another clinic. Written after the answer, outside any transaction of the
    view, so a rolled-back view still leaves it. A request without an acting clinic (not
    signed in, or no clinic chosen) has no clinic log to write to."""
    user = getattr(request, "user", None)
    clinic = getattr(request, "clinic", None)
    if clinic is None or user is None or not user.is_authenticated:
        return
    if _is_refusal(request, status):
        record(request, Action.REFUSED, clinic=clinic, detail=f"answered {status}")
