"""Staff pages: the safety screen, consent signing, the booking-request inbox."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dryneedle.clinics import audit
from dryneedle.clinics.access import requires
from dryneedle.clinics.roles import Capability
from dryneedle.clinics.tenancy import get_scoped_or_404, scope
from dryneedle.patients.access import get_episode_for, get_patient_for
from dryneedle.screening.consent import current_consent_text
from dryneedle.screening.forms import BookingStatusForm, ConsentForm, ScreeningForm
from dryneedle.screening.gate import needling_gate
from dryneedle.screening.models import BookingRequest, Consent, Screening


@requires(Capability.CLINICAL_EDIT)
def screening_new(request, episode_pk: int):
    episode = get_episode_for(request, episode_pk)
    patient_mode = request.GET.get("for") == "patient" or request.POST.get("for") == "patient"
    form = ScreeningForm(request.POST or None, patient_wording=patient_mode)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            screening = Screening.objects.create(
                patient=episode.patient,
                episode=episode,
                answers=form.answers,
                result=form.outcome.result,
                triggered=form.outcome.as_dict()["triggered"],
                rules_version=form.rules.version,
                source=Screening.Source.PATIENT if patient_mode else Screening.Source.CLINICIAN,
                completed_by=request.user,
            )
            audit.record(request, audit.Action.CREATE, patient=episode.patient, obj=screening)
        if patient_mode:
            return render(request, "screening/patient_thanks.html", {"screening": screening})
        return redirect("screening:detail", screening_pk=screening.pk)
    audit.record(
        request, audit.Action.VIEW, patient=episode.patient, obj=episode, detail="screening form"
    )
    return render(
        request,
        "screening/form.html",
        {
            "form": form,
            "episode": episode,
            "patient": episode.patient,
            "patient_mode": patient_mode,
        },
    )


@requires(Capability.CLINICAL_VIEW)
def screening_detail(request, screening_pk: int):
    screening = get_scoped_or_404(
        Screening.objects.select_related("patient", "episode", "completed_by"),
        request.clinic,
        pk=screening_pk,
    )
    audit.record(request, audit.Action.VIEW, patient=screening.patient, obj=screening)
    gate = needling_gate(screening.patient, screening.episode)
    return render(
        request,
        "screening/detail.html",
        {
            "screening": screening,
            "patient": screening.patient,
            "episode": screening.episode,
            "gate": gate,
        },
    )


@requires(Capability.CLINICAL_EDIT)
def consent_new(request, patient_pk: int):
    patient = get_patient_for(request, patient_pk)
    text = current_consent_text()
    form = ConsentForm(request.POST or None, patient=patient)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            consent = Consent.objects.create(
                patient=patient,
                text_version=text.version,
                typed_name=form.cleaned_data["typed_name"],
                signature=form.cleaned_data["signature"],
                witnessed_by=request.user,
            )
            audit.record(request, audit.Action.CREATE, patient=patient, obj=consent)
        messages.success(
            request,
            _("Consent (version %(version)s) signed and witnessed.") % {"version": text.version},
        )
        next_url = request.POST.get("next", "")
        if next_url.startswith("/episodes/"):
            return redirect(next_url)
        return redirect("patients:detail", patient_pk=patient.pk)
    audit.record(request, audit.Action.VIEW, patient=patient, obj=patient, detail="consent form")
    return render(
        request,
        "screening/consent.html",
        {
            "form": form,
            "patient": patient,
            "text": text,
            "next": request.GET.get("next", ""),
            "consents": list(patient.consents.select_related("witnessed_by")),
        },
    )


@requires(Capability.BOOKINGS_MANAGE)
def booking_inbox(request):
    status = request.GET.get("status", "new")
    bookings = scope(BookingRequest, request.clinic)
    if status in BookingRequest.Status.values:
        bookings = bookings.filter(status=status)
    page = Paginator(bookings, 25).get_page(request.GET.get("page"))
    audit.record(request, audit.Action.LIST, detail=f"booking requests ({status})")
    counted = dict(
        scope(BookingRequest, request.clinic)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    counts = {s: counted.get(s, 0) for s in BookingRequest.Status.values}
    return render(
        request,
        "screening/bookings.html",
        {
            "page": page,
            "status": status,
            "statuses": BookingRequest.Status.choices,
            "counts": counts,
        },
    )


@requires(Capability.BOOKINGS_MANAGE)
def booking_detail(request, booking_pk: int):
    booking = get_scoped_or_404(BookingRequest, request.clinic, pk=booking_pk)
    form = BookingStatusForm(instance=booking)
    audit.record(request, audit.Action.VIEW, obj=booking, detail="booking request")
    return render(request, "screening/booking.html", {"booking": booking, "form": form})


@require_POST
@requires(Capability.BOOKINGS_MANAGE)
def booking_status(request, booking_pk: int):
    booking = get_scoped_or_404(BookingRequest, request.clinic, pk=booking_pk)
    form = BookingStatusForm(request.POST, instance=booking)
    if form.is_valid():
        with transaction.atomic():
            booking = form.save(commit=False)
            booking.updated_by = request.user
            booking.save()
            audit.record(
                request, audit.Action.UPDATE, obj=booking, detail=f"status: {booking.status}"
            )
        messages.success(request, f"Marked as {booking.get_status_display().lower()}.")
    else:
        messages.error(request, "Choose one of the listed statuses.")
    return redirect("screening:booking", booking_pk=booking.pk)
