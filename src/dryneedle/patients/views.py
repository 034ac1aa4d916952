"""Patient list, registration, record page, archive; episodes of care."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dryneedle.atlas import icd10
from dryneedle.atlas.loader import load_atlas
from dryneedle.clinics import audit
from dryneedle.clinics.access import requires
from dryneedle.clinics.http import MemberRequest
from dryneedle.clinics.roles import Capability
from dryneedle.clinics.tenancy import scope
from dryneedle.patients import records
from dryneedle.patients.access import get_episode_for, get_patient_for
from dryneedle.patients.forms import EpisodeForm, PatientForm
from dryneedle.patients.models import Episode, Patient, PatientQuerySet


@requires(Capability.PATIENTS_VIEW)
def patient_list(request: MemberRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    show_archived = request.GET.get("archived") == "1"
    patients = scope(Patient, request.clinic)
    assert isinstance(patients, PatientQuerySet), "scope keeps the model's own QuerySet class"
    patients = patients if show_archived else patients.active()
    if query:
        patients = patients.search(query)
    page = Paginator(patients, settings.PATIENTS_PER_PAGE).get_page(request.GET.get("page"))
    audit.record(
        request,
        audit.Action.SEARCH if query else audit.Action.LIST,
        detail=f"q={query}" if query else "",
    )
    context = {"page": page, "query": query, "show_archived": show_archived}
    template = "patients/_results.html" if request.htmx else "patients/list.html"
    return render(request, template, context)


@requires(Capability.PATIENTS_EDIT)
def patient_create(request: MemberRequest) -> HttpResponse:
    form = PatientForm(request.POST or None, clinic=request.clinic)
    if request.method == "POST" and form.is_valid():
        patient = form.save(commit=False)
        patient.clinic = request.clinic
        records.register(patient, audit.Actor.from_request(request))
        messages.success(request, _("%(name)s is registered.") % {"name": patient.full_name})
        return redirect("patients:detail", patient_pk=patient.pk)
    return render(request, "patients/form.html", {"form": form, "patient": None})


@requires(Capability.PATIENTS_VIEW)
def patient_detail(request: MemberRequest, patient_pk: int) -> HttpResponse:
    patient = get_patient_for(request, patient_pk)
    episodes = None
    if request.membership.can(Capability.CLINICAL_VIEW):
        episodes = list(patient.episodes.all())
    audit.record(request, audit.Action.VIEW, patient=patient, obj=patient)
    return render(
        request,
        "patients/detail.html",
        {"patient": patient, "episodes": episodes, "today": timezone.localdate()},
    )


@requires(Capability.PATIENTS_EDIT)
def patient_edit(request: MemberRequest, patient_pk: int) -> HttpResponse:
    patient = get_patient_for(request, patient_pk)
    form = PatientForm(request.POST or None, instance=patient, clinic=request.clinic)
    if request.method == "POST" and form.is_valid():
        records.save_changes(
            form.save(commit=False), patient, form.changed_data, audit.Actor.from_request(request)
        )
        messages.success(request, _("Saved."))
        return redirect("patients:detail", patient_pk=patient.pk)
    audit.record(request, audit.Action.VIEW, patient=patient, obj=patient, detail="edit form")
    return render(request, "patients/form.html", {"form": form, "patient": patient})


@require_POST
@requires(Capability.PATIENTS_EDIT)
def patient_archive(request: MemberRequest, patient_pk: int) -> HttpResponse:
    patient = get_patient_for(request, patient_pk)
    records.set_archived(patient, True, audit.Actor.from_request(request))
    messages.success(
        request, _("%(name)s is archived. The record is kept.") % {"name": patient.full_name}
    )
    return redirect("patients:detail", patient_pk=patient.pk)


@require_POST
@requires(Capability.PATIENTS_EDIT)
def patient_restore(request: MemberRequest, patient_pk: int) -> HttpResponse:
    patient = get_patient_for(request, patient_pk)
    records.set_archived(patient, False, audit.Actor.from_request(request))
    messages.success(request, _("%(name)s is active again.") % {"name": patient.full_name})
    return redirect("patients:detail", patient_pk=patient.pk)


def _episode_form_page(
    request: MemberRequest, form: EpisodeForm, patient: Patient, episode: Episode | None = None
) -> HttpResponse:
    return render(
        request,
        "patients/episode_form.html",
        {
            "form": form,
            "patient": patient,
            "episode": episode,
            "common_diagnoses": icd10.common_diagnoses(),
        },
    )


@requires(Capability.CLINICAL_EDIT)
def episode_create(request: MemberRequest, patient_pk: int) -> HttpResponse:
    patient = get_patient_for(request, patient_pk)
    form = EpisodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        episode = records.open_episode(
            form.save(commit=False), patient, audit.Actor.from_request(request)
        )
        messages.success(request, _("Episode of care opened."))
        return redirect("patients:episode", episode_pk=episode.pk)
    return _episode_form_page(request, form, patient)


@requires(Capability.CLINICAL_VIEW)
def episode_detail(request: MemberRequest, episode_pk: int) -> HttpResponse:
    """The episode page. Its screening gate and outcomes come from those apps' template tags
    (the page composes the domains; patients imports neither)."""
    episode = get_episode_for(request, episode_pk)
    audit.record(request, audit.Action.VIEW, patient=episode.patient, obj=episode)
    protocol = episode.protocol_entry
    muscles = load_atlas().muscles
    return render(
        request,
        "patients/episode_detail.html",
        {
            "episode": episode,
            "patient": episode.patient,
            "protocol": protocol,
            "protocol_muscles": [muscles[m] for m in protocol.muscles] if protocol else [],
            "pain_drawings": list(episode.pain_drawings.all()[:10]),
            "treatments": list(episode.treatments.select_related("clinician")),
        },
    )


@requires(Capability.CLINICAL_EDIT)
def episode_edit(request: MemberRequest, episode_pk: int) -> HttpResponse:
    episode = get_episode_for(request, episode_pk)
    form = EpisodeForm(request.POST or None, instance=episode)
    if request.method == "POST" and form.is_valid():
        records.save_changes(
            form.save(commit=False),
            episode.patient,
            form.changed_data,
            audit.Actor.from_request(request),
        )
        messages.success(request, _("Episode saved."))
        return redirect("patients:episode", episode_pk=episode.pk)
    audit.record(request, audit.Action.VIEW, patient=episode.patient, obj=episode, detail="edit")
    return _episode_form_page(request, form, episode.patient, episode)
