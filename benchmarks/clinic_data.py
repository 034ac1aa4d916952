"""A busy clinic's data, built with bulk inserts, for the page benchmarks and query budgets.

`busy_clinic(treatments=50)` makes one clinic with staff, a stocked needle, `patients` other
patients, and one patient whose episode of care has `treatments` signed notes (each with two
needlings, a range-of-motion row, every fifth with an adverse event and an addendum, each with
a completed 24-hour check-in, some flagged), NDI questionnaires, pain drawings, booking
requests and audit rows. Tests pass small and large counts to prove a page's query count does
not grow with the rows it shows.
"""

import datetime
import functools
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from dryneedle.clinics.models import AuditEvent, Clinic, Membership, User
from dryneedle.clinics.roles import Role
from dryneedle.outcomes import scoring
from dryneedle.outcomes.models import CheckIn, Response
from dryneedle.patients.models import Episode, PainDrawing, Patient
from dryneedle.public.models import BookingRequest
from dryneedle.screening.consent import current_consent_text
from dryneedle.screening.models import Consent, Screening
from dryneedle.screening.rules import evaluate, load_rules
from dryneedle.treatments.models import (
    Addendum,
    AdverseEvent,
    Needling,
    RangeOfMotion,
    StockedNeedle,
    Treatment,
)

PASSWORD = "bench-password-2026"  # noqa: S105 (synthetic staff of a throw-away database)
MUSCLES = ("upper_trapezius", "levator_scapulae", "splenius_capitis", "infraspinatus")


@dataclass
class BusyClinic:
    clinic: Clinic
    clinician: User
    admin: User
    front_desk: User
    needle: StockedNeedle
    patient: Patient
    episode: Episode
    treatments: list[Treatment]


@functools.cache
def _password_hash() -> str:
    return make_password(PASSWORD)  # hashed once: Argon2 takes half a second on purpose


def _user(clinic: Clinic, role: Role, label: str) -> User:
    user = User.objects.create(
        email=f"{label}@{clinic.slug}.test",
        password=_password_hash(),
        full_name=f"{label.title()} {clinic.name}",
    )
    Membership.objects.create(user=user, clinic=clinic, role=role.value)
    return user


def _patients(clinic: Clinic, count: int, start: int = 0) -> list[Patient]:
    return Patient.objects.bulk_create(
        Patient(
            clinic=clinic,
            given_name=f"Given{n}",
            family_name=f"Family{n:05d}",
            date_of_birth=datetime.date(1950 + n % 50, 1 + n % 12, 1 + n % 28),
            sex=Patient.Sex.FEMALE if n % 2 else Patient.Sex.MALE,
            record_number=f"R{n:06d}",
            email=f"patient{n}@example.test",
        )
        for n in range(start, start + count)
    )


def ready_episode(patient: Patient, clinician: User) -> Episode:
    """An episode whose patient is screened clear and has consented: needling may start."""
    episode = Episode.objects.create(
        patient=patient, icd10_code="M54.2", problem="Neck pain for three months"
    )
    answers = {q: "no" for q in load_rules().questions}
    outcome = evaluate(answers)
    Screening.objects.create(
        patient=patient,
        episode=episode,
        answers=answers,
        result=outcome.result,
        triggered=outcome.as_dict()["triggered"],
        rules_version=load_rules().version,
        completed_by=clinician,
    )
    Consent.objects.create(
        patient=patient,
        text_version=current_consent_text().version,
        typed_name=patient.full_name,
        signature="M10 10 L50 50",
        witnessed_by=clinician,
    )
    return episode


def signed_treatments(
    episode: Episode, clinician: User, needle: StockedNeedle, count: int
) -> list[Treatment]:
    """`count` signed notes with their rows, inserted in bulk (rows first, then signing)."""
    now = timezone.now()
    first = now - datetime.timedelta(days=2 * count + 2)
    treatments = Treatment.objects.bulk_create(
        Treatment(
            episode=episode,
            clinician=clinician,
            performed_at=first + datetime.timedelta(days=2 * n),
            pre_nprs=7 - n % 4,
            post_nprs=4 - n % 3,
            discomfort=3,
            needles_opened=2,
            needles_removed=2,
            needles_discarded=0,
            subjective="Neck pain, worse at the desk.",
            objective="Taut bands in the upper trapezius.",
            assessment="Responding to treatment.",
            plan="Review in two days.",
        )
        for n in range(count)
    )
    Needling.objects.bulk_create(
        Needling(
            treatment=t,
            muscle=MUSCLES[(n + k) % len(MUSCLES)],
            side="L" if k == 0 else "R",
            needle=needle,
            technique=Needling.Technique.PISTONING,
            passes=3,
            twitch=Needling.Twitch.FEW,
        )
        for n, t in enumerate(treatments)
        for k in range(2)
    )
    RangeOfMotion.objects.bulk_create(
        RangeOfMotion(
            treatment=t, movement="cervical rotation", side="L", before_degrees=60, after_degrees=70
        )
        for t in treatments
    )
    AdverseEvent.objects.bulk_create(
        AdverseEvent(
            treatment=t,
            kind=AdverseEvent.Kind.BRUISING,
            severity=AdverseEvent.Severity.MILD,
            onset=AdverseEvent.Onset.AFTER,
            action="Pressure applied.",
        )
        for t in treatments[::5]
    )
    ids = [t.pk for t in treatments]
    # Draft → signed is the one change the triggers allow; rows are in place before it.
    Treatment.objects.filter(pk__in=ids).update(
        status=Treatment.Status.SIGNED, signed_at=now, cpt_code="20560", icd10_code="M54.2"
    )
    Addendum.objects.bulk_create(
        Addendum(treatment=t, author=clinician, text="Patient phoned: feeling fine.")
        for t in treatments[::5]
    )
    CheckIn.objects.bulk_create(
        CheckIn(
            treatment=t,
            due_at=t.performed_at + datetime.timedelta(hours=24),
            sent_at=t.performed_at + datetime.timedelta(hours=24),
            completed_at=t.performed_at + datetime.timedelta(hours=26),
            nprs=3,
            soreness=4,
            overall=CheckIn.Overall.BETTER,
            flag_reasons=["Soreness 7 or more"] if n % 10 == 0 else [],
        )
        for n, t in enumerate(treatments)
    )
    return list(Treatment.objects.filter(pk__in=ids).order_by("performed_at"))


def ndi_responses(episode: Episode, clinician: User, count: int) -> None:
    start = timezone.now() - datetime.timedelta(days=2 * count + 2)
    rows = []
    for n in range(count):
        answers = [max(0, 4 - n // 3)] * 10
        rows.append(
            Response.from_score(
                episode,
                scoring.score("NDI", answers),
                answers,
                source=Response.Source.CLINIC,
                entered_by=clinician,
                collected_at=start + datetime.timedelta(days=2 * n),
            )
        )
    Response.objects.bulk_create(rows)


def busy_clinic(
    treatments: int = 50, patients: int = 50, slug: str = "busy", name: str = "Busy Physio"
) -> BusyClinic:
    """One clinic; `treatments` scales every list shown on the staff pages."""
    clinic = Clinic.objects.create(name=name, slug=slug, timezone="America/Chicago")
    clinician = _user(clinic, Role.CLINICIAN, "clinician")
    admin = _user(clinic, Role.ADMIN, "admin")
    front_desk = _user(clinic, Role.FRONT_DESK, "frontdesk")
    needle = StockedNeedle.objects.create(clinic=clinic, diameter_mm=Decimal("0.25"), length_mm=40)
    StockedNeedle.objects.bulk_create(
        StockedNeedle(clinic=clinic, diameter_mm=Decimal("0.30"), length_mm=length)
        for length in range(25, 25 + min(treatments, 60))
    )
    (patient,) = _patients(clinic, 1, start=99999)
    others = _patients(clinic, patients)
    episode = ready_episode(patient, clinician)
    notes = signed_treatments(episode, clinician, needle, treatments)
    ndi_responses(episode, clinician, treatments)
    # More episodes for the patient page, and flagged check-ins of other patients for home.
    Episode.objects.bulk_create(
        Episode(patient=patient, icd10_code="M79.1", problem=f"Earlier problem {n}")
        for n in range(treatments // 5)
    )
    PainDrawing.objects.bulk_create(
        PainDrawing(episode=episode, marks=["occiput", "temple:L=2"], atlas_version="1")
        for _ in range(treatments)
    )
    BookingRequest.objects.bulk_create(
        BookingRequest(clinic=clinic, name=f"Caller {n}", email=f"caller{n}@example.test")
        for n in range(treatments)
    )
    AuditEvent.objects.bulk_create(
        AuditEvent(
            user=clinician, clinic=clinic, patient=p, action=AuditEvent.Action.VIEW, detail="seed"
        )
        for p in [patient, *others][: treatments + 1]
    )
    return BusyClinic(clinic, clinician, admin, front_desk, needle, patient, episode, notes)
