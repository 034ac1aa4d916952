"""Staff pages: the safety screen and consent signing."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from dryneedle.clinics import audit
from dryneedle.clinics.access import requires
from dryneedle.clinics.http import MemberRequest
from dryneedle.clinics.roles import Capability
from dryneedle.clinics.tenancy import get_scoped_or_404
from dryneedle.patients.access import get_episode_for, get_patient_for
from dryneedle.screening import records
from dryneedle.screening.consent import current_consent_text
from dryneedle.screening.forms import ConsentForm, ScreeningForm
from dryneedle.screening.gate import needling_gate
from dryneedle.screening.models import Screening


@requires(Capability.CLINICAL_EDIT)
def screening_new(request: MemberRequest, episode_pk: int) -> HttpResponse:
    episode = get_episode_for(request, episode_pk)
    patient_mode = request.GET.get("for") == "patient" or request.POST.get("for") == "patient"
    form = ScreeningForm(request.POST or None, patient_wording=patient_mode)
    if request.method == "POST" and form.is_valid():
        screening = records.record_screening(
            episode,
            form.answers,
            form.outcome,
            form.rules.version,
            audit.Actor.from_request(request),
            source=Screening.Source.PATIENT if patient_mode else Screening.Source.CLINICIAN,
        )
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
def screening_detail(request: MemberRequest, screening_pk: int) -> HttpResponse:
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


def _episode_to_return_to(next_url: str) -> int | None:
    """The episode whose page asked for the consent (its `next`), if it names one."""
    try:
        match = resolve(next_url)
    except Resolver404:
        return None
    return match.kwargs["episode_pk"] if match.view_name == "patients:episode" else None


@requires(Capability.CLINICAL_EDIT)
def consent_new(request: MemberRequest, patient_pk: int) -> HttpResponse:
    patient = get_patient_for(request, patient_pk)
    text = current_consent_text()
    form = ConsentForm(request.POST or None, patient=patient)
    if request.method == "POST" and form.is_valid():
        records.record_consent(
            patient,
            text,
            form.cleaned_data["typed_name"],
            form.cleaned_data["signature"],
            audit.Actor.from_request(request),
        )
        messages.success(
            request,
            _("Consent (version %(version)s) signed and witnessed.") % {"version": text.version},
        )
        episode_pk = _episode_to_return_to(request.POST.get("next", ""))
        if episode_pk is not None:
            return redirect("patients:episode", episode_pk=episode_pk)
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
