"""The treatment note: start (gate), document, autosave, sign, addenda; charges CSV."""

import csv
import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from dryneedle.atlas.bodychart import region_label
from dryneedle.atlas.loader import load_atlas
from dryneedle.clinics import audit
from dryneedle.clinics.access import requires
from dryneedle.clinics.http import MemberRequest
from dryneedle.clinics.roles import Capability
from dryneedle.clinics.tenancy import get_scoped_or_404, scope
from dryneedle.csv_cells import safe_row
from dryneedle.day_ranges import OUT_OF_RANGE, is_searchable
from dryneedle.patients.access import get_episode_for
from dryneedle.screening.gate import needling_gate
from dryneedle.treatments import coding, notes
from dryneedle.treatments.access import get_treatment_for
from dryneedle.treatments.forms import (
    AddendumForm,
    AdverseEventForm,
    DraftForm,
    NeedlingForm,
    RomForm,
    StockedNeedleForm,
)
from dryneedle.treatments.models import (
    AdverseEvent,
    Needling,
    NoteLocked,
    RangeOfMotion,
    StockedNeedle,
    Treatment,
)
from dryneedle.treatments.soap_facts import soap_draft_for

ROM_MOVEMENTS = [
    "Cervical flexion",
    "Cervical extension",
    "Cervical rotation",
    "Cervical side flexion",
    "Lumbar flexion",
    "Lumbar extension",
    "Shoulder flexion",
    "Shoulder abduction",
    "Shoulder external rotation",
    "Elbow extension",
    "Wrist extension",
    "Hip flexion",
    "Hip internal rotation",
    "Knee flexion",
    "Ankle dorsiflexion",
    "Straight leg raise",
]


def _movements(treatment: Treatment) -> list[str]:
    """The protocol's movements first (where sourced), then the common ones."""
    protocol = treatment.episode.protocol_entry
    first = list(protocol.movements) if protocol else []
    return first + [m for m in ROM_MOVEMENTS if m not in first]


@requires(Capability.CLINICAL_VIEW)
def muscles_at(request: MemberRequest, treatment_pk: int) -> HttpResponse:
    """Muscles lying in a body-chart region clicked on the note (htmx partial)."""
    get_treatment_for(request, treatment_pk)
    key = request.GET.get("region", "")
    region_id, _, side = key.partition(":")
    atlas = load_atlas()
    muscles = sorted(
        (m for m in atlas.muscles.values() if region_id in m.sites), key=lambda m: m.name
    )
    return render(
        request,
        "treatments/_muscle_picks.html",
        {
            "muscles": muscles,
            "side": side if side in ("L", "R") else "",
            "region": region_label(key) if region_id in atlas.regions else "",
        },
    )


def needled_states(treatment: Treatment) -> dict[str, str]:
    atlas = load_atlas()
    states = {}
    for needling in treatment.needlings.all():
        for key in atlas.needled_sites(needling.muscle, needling.side):
            states[key] = "needled"
    return states


def _note_context(request: MemberRequest, treatment: Treatment, **forms: Any) -> dict:
    gate = needling_gate(treatment.episode.patient, treatment.episode)
    atlas = load_atlas()
    needlings = list(treatment.needlings.select_related("needle"))
    session = coding.code_session(notes.sites(treatment))
    context = {
        "treatment": treatment,
        "episode": treatment.episode,
        "patient": treatment.episode.patient,
        "gate": gate,
        "needlings": [(n, atlas.muscles.get(n.muscle)) for n in needlings],
        "rom": list(treatment.rom.all()),
        "adverse_events": list(treatment.adverse_events.all()),
        "addenda": list(treatment.addenda.select_related("author")),
        "coding": session,
        "needled_states": needled_states(treatment),
        "muscles": sorted(atlas.muscles.values(), key=lambda m: m.name),
        "movements": _movements(treatment),
        "can_sign": request.user.pk == treatment.clinician_id,
        "problems": notes.signing_problems(treatment, request.user)
        if not treatment.is_signed
        else [],
        "unfinished_soap": {p.field: p for p in notes.unfinished_soap(treatment)},
        "draft_form": DraftForm(instance=treatment, initial={"version": treatment.version}),
        "needling_form": NeedlingForm(clinic=request.clinic),
        "rom_form": RomForm(),
        "adverse_form": AdverseEventForm(),
        "addendum_form": AddendumForm(),
    }
    context.update(forms)
    return context


@require_POST
@requires(Capability.CLINICAL_EDIT)
def start(request: MemberRequest, episode_pk: int) -> HttpResponse:
    episode = get_episode_for(request, episode_pk)
    if not StockedNeedle.objects.filter(clinic=request.clinic, active=True).exists():
        messages.error(request, _("Add the needles your clinic stocks first (Clinic › Needles)."))
        return redirect("patients:episode", episode_pk=episode.pk)
    try:
        started = notes.start(episode, audit.Actor.from_request(request))
    except notes.NoteError as error:
        for problem in error.problems:
            messages.error(request, problem)
        return redirect("patients:episode", episode_pk=episode.pk)
    return redirect("treatments:note", treatment_pk=started.treatment.pk)


@requires(Capability.CLINICAL_VIEW)
def note(request: MemberRequest, treatment_pk: int) -> HttpResponse:
    treatment = get_treatment_for(request, treatment_pk)
    audit.record(request, audit.Action.VIEW, patient=treatment.episode.patient, obj=treatment)
    return render(request, "treatments/note.html", _note_context(request, treatment))


@dataclass(frozen=True)
class _NotSaved:
    """Why a posted draft was not saved, and the status that says so to htmx."""

    message: str
    status: int  # 400: the input is wrong; 409: the note changed (another save, or signed)


def _save_posted(
    request: MemberRequest, treatment: Treatment
) -> tuple[Treatment, _NotSaved | None]:
    """Save the draft fields this request posted. Returns (treatment, why not saved or None)."""
    form = DraftForm(request.POST, instance=treatment)
    if not form.is_valid():
        errors = "; ".join(
            _("%(field)s: %(error)s")
            % {"field": form.fields[f].label if f in form.fields else _("Note"), "error": e[0]}
            for f, e in form.errors.items()
        )
        message = _("Not saved: %(errors)s") % {"errors": errors}
        return treatment, _NotSaved(message, 400)
    actor = audit.Actor.from_request(request)
    try:
        treatment = notes.save_draft(treatment, form.changes(), form.cleaned_data["version"], actor)
    except notes.EditConflict as error:
        return treatment, _NotSaved(str(error), 409)
    except notes.NoteLocked as error:
        return treatment, _NotSaved(str(error.message), 409)
    return treatment, None


@require_POST
@requires(Capability.CLINICAL_EDIT)
def autosave(request: MemberRequest, treatment_pk: int) -> HttpResponse:
    """Save the draft's fields (htmx on every change), refusing to overwrite another's save."""
    treatment = get_treatment_for(request, treatment_pk)
    treatment, not_saved = _save_posted(request, treatment)
    if not request.htmx:
        if not_saved:
            messages.error(request, not_saved.message)
        else:
            messages.success(request, _("Saved."))
        return redirect("treatments:note", treatment_pk=treatment.pk)
    return render(
        request,
        "treatments/_save_status.html",
        {
            "ok": not not_saved,
            "message": not_saved.message if not_saved else "",
            "treatment": treatment,
            "now": timezone.now(),
            "problems": notes.signing_problems(treatment, request.user),
        },
        status=not_saved.status if not_saved else 200,
    )


def _child_response(request: MemberRequest, treatment: Treatment, ok_message: str) -> HttpResponse:
    if request.htmx:
        return render(request, "treatments/_entries.html", _note_context(request, treatment))
    messages.success(request, ok_message)
    return redirect("treatments:note", treatment_pk=treatment.pk)


def _locked(request: MemberRequest, treatment: Treatment, error: NoteLocked) -> HttpResponse:
    """The note was signed meanwhile: reload the whole page, which shows the message on top
    (an htmx request would otherwise follow the redirect and nest the page in the section)."""
    messages.error(request, error.message)
    if request.htmx:
        return HttpResponseClientRedirect(reverse("treatments:note", args=[treatment.pk]))
    return redirect("treatments:note", treatment_pk=treatment.pk)


def _child_error(request: MemberRequest, treatment: Treatment, **forms: Any) -> HttpResponse:
    context = _note_context(request, treatment, **forms)
    template = "treatments/_entries.html" if request.htmx else "treatments/note.html"
    return render(request, template, context, status=400)


@require_POST
@requires(Capability.CLINICAL_EDIT)
def add_needling(request: MemberRequest, treatment_pk: int) -> HttpResponse:
    treatment = get_treatment_for(request, treatment_pk)
    form = NeedlingForm(request.POST, clinic=request.clinic)
    if not form.is_valid():
        return _child_error(request, treatment, needling_form=form)
    try:
        notes.add_needling(treatment, audit.Actor.from_request(request), **form.cleaned_data)
    except notes.NoteLocked as error:
        return _locked(request, treatment, error)
    except notes.NoteError as error:
        form.add_error("muscle", str(error))
        return _child_error(request, treatment, needling_form=form)
    return _child_response(request, treatment, _("Needling added."))


def _add_entry(
    request: MemberRequest,
    treatment_pk: int,
    form_class: type[forms.ModelForm],
    form_key: str,
    done: str,
) -> HttpResponse:
    """Add a range-of-motion measure or an adverse event to a draft note."""
    treatment = get_treatment_for(request, treatment_pk)
    form = form_class(request.POST)
    if not form.is_valid():
        return _child_error(request, treatment, **{form_key: form})
    try:
        notes.add_entry(treatment, form.save(commit=False), audit.Actor.from_request(request))
    except notes.NoteLocked as error:
        return _locked(request, treatment, error)
    return _child_response(request, treatment, done)


@require_POST
@requires(Capability.CLINICAL_EDIT)
def add_rom(request: MemberRequest, treatment_pk: int) -> HttpResponse:
    return _add_entry(request, treatment_pk, RomForm, "rom_form", _("Measure added."))


@require_POST
@requires(Capability.CLINICAL_EDIT)
def add_adverse_event(request: MemberRequest, treatment_pk: int) -> HttpResponse:
    return _add_entry(
        request, treatment_pk, AdverseEventForm, "adverse_form", _("Adverse event recorded.")
    )


ROW_MODELS = {"needling": Needling, "rom": RangeOfMotion, "adverse-event": AdverseEvent}


@require_POST
@requires(Capability.CLINICAL_EDIT)
def remove_row(request: MemberRequest, treatment_pk: int, kind: str, row_pk: int) -> HttpResponse:
    treatment = get_treatment_for(request, treatment_pk)
    model = ROW_MODELS.get(kind)
    if model is None:
        return render(request, "errors/404.html", status=404)
    row = get_scoped_or_404(model, request.clinic, pk=row_pk, treatment=treatment)
    try:
        notes.remove_entry(treatment, row, kind, audit.Actor.from_request(request))
    except notes.NoteLocked as error:
        return _locked(request, treatment, error)
    return _child_response(request, treatment, _("Removed."))


@requires(Capability.CLINICAL_VIEW)
def site_warnings(request: MemberRequest, treatment_pk: int) -> HttpResponse:
    """Hazards of the chosen muscle and the screen's advice for its region (htmx partial)."""
    treatment = get_treatment_for(request, treatment_pk)
    text = request.GET.get("muscle", "").strip()
    atlas = load_atlas()
    by_name = {m.name.lower(): m.id for m in atlas.muscles.values()}
    muscle_id = text if text in atlas.muscles else by_name.get(text.lower(), "")
    gate = needling_gate(treatment.episode.patient, treatment.episode)
    side = request.GET.get("side") or None
    warnings = notes.hazard_warnings(treatment, gate, muscle_id, side) if muscle_id else []
    return render(
        request,
        "treatments/_warnings.html",
        {"warnings": warnings, "muscle": atlas.muscles.get(muscle_id)},
    )


@require_POST
@requires(Capability.CLINICAL_EDIT)
def draft_soap(request: MemberRequest, treatment_pk: int) -> HttpResponse:
    """Save what is on screen, then draft the SOAP note from the saved entries."""
    treatment = get_treatment_for(request, treatment_pk)
    treatment, not_saved = _save_posted(request, treatment)
    if not_saved:
        messages.error(request, not_saved.message)
        return redirect("treatments:note", treatment_pk=treatment.pk)
    draft = soap_draft_for(treatment, needling_gate(treatment.episode.patient, treatment.episode))
    try:
        notes.save_draft(
            treatment,
            {
                "subjective": draft.subjective,
                "objective": draft.objective,
                "assessment": draft.assessment,
                "plan": draft.plan,
            },
            treatment.version,
            audit.Actor.from_request(request),
        )
        messages.success(request, _("SOAP note drafted from your entries. Check and edit it."))
    except (notes.EditConflict, notes.NoteLocked) as failure:
        messages.error(request, str(getattr(failure, "message", failure)))
    return redirect(reverse("treatments:note", args=[treatment.pk]) + "#soap")


@require_POST
@requires(Capability.CLINICAL_EDIT)
def sign(request: MemberRequest, treatment_pk: int) -> HttpResponse:
    """Save what is on screen, then sign if every rule is met."""
    treatment = get_treatment_for(request, treatment_pk)
    if "version" in request.POST:
        treatment, not_saved = _save_posted(request, treatment)
        if not_saved:
            messages.error(request, not_saved.message)
            return redirect("treatments:note", treatment_pk=treatment.pk)
    try:
        treatment = notes.sign(treatment, audit.Actor.from_request(request))
    except notes.NoteError as error:
        for problem in error.problems:
            messages.error(request, problem)
        return redirect("treatments:note", treatment_pk=treatment.pk)
    messages.success(
        request, _("Signed. The note can no longer change; add an addendum if needed.")
    )
    return redirect("treatments:note", treatment_pk=treatment.pk)


@require_POST
@requires(Capability.CLINICAL_EDIT)
def add_addendum(request: MemberRequest, treatment_pk: int) -> HttpResponse:
    """Add an addendum to a signed note; a refusal shows beside the addendum form."""
    treatment = get_treatment_for(request, treatment_pk)
    form = AddendumForm(request.POST)
    if form.is_valid():
        try:
            actor = audit.Actor.from_request(request)
            notes.add_addendum(treatment, actor, form.cleaned_data["text"])
        except notes.NoteError as error:
            form.add_error(None, str(error))
    if form.errors:
        context = _note_context(request, treatment, addendum_form=form)
        template = "treatments/_addenda.html" if request.htmx else "treatments/note.html"
        return render(request, template, context, status=400)
    if request.htmx:
        return render(request, "treatments/_addenda.html", _note_context(request, treatment))
    messages.success(request, _("Addendum added."))
    return redirect(reverse("treatments:note", args=[treatment.pk]) + "#addenda")


@requires(Capability.CLINICAL_VIEW)
def charges_csv(request: MemberRequest) -> HttpResponse:
    """Charge lines of signed notes for one day in this clinic (the clinic's time zone)."""
    asked = request.GET.get("date", "")
    try:
        day = datetime.date.fromisoformat(asked) if asked else timezone.localdate()
    except ValueError:
        return HttpResponseBadRequest(
            _("“%(date)s” is not a date: write it as YYYY-MM-DD.") % {"date": asked[:40]},
            content_type="text/plain; charset=utf-8",
        )
    if not is_searchable(day):  # checked before any byte of the file is written
        return HttpResponseBadRequest(str(OUT_OF_RANGE), content_type="text/plain; charset=utf-8")
    zone = timezone.get_current_timezone()
    start_of_day = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
    treatments = (
        scope(Treatment, request.clinic)
        .filter(
            status=Treatment.Status.SIGNED,
            performed_at__gte=start_of_day,
            performed_at__lt=start_of_day + datetime.timedelta(days=1),
        )
        .select_related("episode__patient", "clinician")
        .order_by("performed_at")
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="charges-{day.isoformat()}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "date",
            "clinic",
            "patient_record_number",
            "patient",
            "clinician",
            "icd10",
            "cpt",
            "units",
            "treatment_id",
        ]
    )
    for t in treatments:
        if not t.cpt_code:
            continue
        writer.writerow(
            safe_row(
                [
                    timezone.localtime(t.performed_at).date().isoformat(),
                    request.clinic.name,
                    t.episode.patient.record_number,
                    t.episode.patient.full_name,
                    t.clinician.full_name,
                    t.icd10_code,
                    t.cpt_code,
                    1,
                    t.pk,
                ]
            )
        )
    audit.record(request, audit.Action.EXPORT, detail=f"charges CSV {day.isoformat()}")
    return response


@requires(Capability.STOCK_MANAGE)
def needles(request: MemberRequest) -> HttpResponse:
    """The clinic's stocked needles; clinicians and admins add and retire sizes."""
    form = StockedNeedleForm(request.POST or None)
    if request.method == "POST" and request.POST.get("toggle"):
        needle = get_scoped_or_404(StockedNeedle, request.clinic, pk=request.POST["toggle"])
        needle.active = not needle.active
        needle.save(update_fields=["active"])
        messages.success(
            request,
            (_("%(needle)s is back in use.") if needle.active else _("%(needle)s is retired."))
            % {"needle": needle},
        )
        return redirect("treatments:needles")
    if request.method == "POST" and form.is_valid():
        needle = form.save(commit=False)
        needle.clinic = request.clinic
        duplicate = StockedNeedle.objects.filter(
            clinic=request.clinic,
            diameter_mm=needle.diameter_mm,
            length_mm=needle.length_mm,
            brand=needle.brand,
        )
        if duplicate.exists():
            form.add_error(None, _("This needle is already on the list."))
        else:
            needle.save()
            messages.success(request, _("Added %(needle)s.") % {"needle": needle})
            return redirect("treatments:needles")
    return render(
        request,
        "treatments/needles.html",
        {"form": form, "needles": scope(StockedNeedle, request.clinic)},
    )
