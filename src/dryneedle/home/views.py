"""The home page: recent patients, new booking requests and check-ins that need a look."""

from django.conf import settings
from django.shortcuts import render

from dryneedle.clinics.access import requires
from dryneedle.clinics.models import AuditEvent
from dryneedle.clinics.roles import Capability
from dryneedle.clinics.tenancy import scope
from dryneedle.outcomes.models import CheckIn
from dryneedle.patients.models import Patient
from dryneedle.public.models import BookingRequest


@requires(Capability.PATIENTS_VIEW)
def home(request):
    recent_ids = (
        AuditEvent.objects.filter(
            user=request.user, clinic=request.clinic, action=AuditEvent.Action.VIEW
        )
        .exclude(patient=None)
        .values_list("patient_id", flat=True)[:50]
    )
    seen: list[int] = list(dict.fromkeys(recent_ids))[:8]
    patients = {p.pk: p for p in Patient.objects.filter(clinic=request.clinic, pk__in=seen)}
    recent = [patients[pk] for pk in seen if pk in patients]
    new_bookings = None
    if request.membership.can(Capability.BOOKINGS_MANAGE):
        new_bookings = scope(BookingRequest, request.clinic).filter(status="new").count()
    checkins = []
    if request.membership.can(Capability.CLINICAL_VIEW):
        checkins = list(
            scope(CheckIn, request.clinic)
            .filter(treatment__clinician=request.user, reviewed_at__isnull=True)
            .exclude(flag_reasons=[], delivery_problem="")
            .select_related("treatment__episode__patient")[:20]
        )
    return render(
        request,
        "home/home.html",
        {
            "recent_patients": recent,
            "new_bookings": new_bookings,
            "checkins": checkins,
            "demo_outbox": settings.DEMO_OUTBOX,
        },
    )
