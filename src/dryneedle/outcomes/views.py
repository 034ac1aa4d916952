"""Outcome pages: enter a questionnaire, send a home link, answer from home, check-ins."""

import logging

import segno
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dryneedle.clinics import audit
from dryneedle.clinics.access import public, requires
from dryneedle.clinics.roles import Capability
from dryneedle.clinics.tenancy import get_scoped_or_404, scope
from dryneedle.outcomes import checkins, links, scoring
from dryneedle.outcomes import outbox as outbox_files
from dryneedle.outcomes.forms import CheckInForm, QuestionnaireForm
from dryneedle.outcomes.mail import MailNotSent
from dryneedle.outcomes.models import CheckIn, Response
from dryneedle.patients.access import get_episode_for
from dryneedle.patients.models import Patient

logger = logging.getLogger("dryneedle.audit")


def _instrument(instrument_id: str) -> scoring.Instrument:
    try:
        return scoring.lookup(instrument_id)
    except scoring.ScoringError:
        raise Http404("No such questionnaire.") from None


def _save_response(form, episode, source, by=None) -> Response:
    result = form.result
    answers = form.answers()
    if form.activities():
        answers = [
            {"activity": a, "score": s} for a, s in zip(form.activities(), answers, strict=True)
        ]
    return Response.objects.create(
        episode=episode,
        instrument=form.instrument.id,
        answers=answers,
        score=result.score,
        max_score=result.max,
        percent=result.percent,
        answered=result.answered,
        subscores=result.subscores,
        source=source,
        entered_by=by,
    )


@requires(Capability.CLINICAL_EDIT)
def response_new(request, episode_pk: int, instrument_id: str):
    episode = get_episode_for(request, episode_pk)
    instrument = _instrument(instrument_id)
    form = QuestionnaireForm(request.POST or None, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            response = _save_response(form, episode, Response.Source.CLINIC, request.user)
            audit.record(request, audit.Action.CREATE, patient=episode.patient, obj=response)
        messages.success(
            request,
            _("%(instrument)s: %(score)s saved.")
            % {"instrument": instrument.name, "score": f"{response.score:g}"},
        )
        return redirect("patients:episode", episode_pk=episode.pk)
    audit.record(
        request,
        audit.Action.VIEW,
        patient=episode.patient,
        obj=episode,
        detail=f"{instrument.id} form",
    )
    return render(
        request,
        "outcomes/response_form.html",
        {
            "form": form,
            "instrument": instrument,
            "episode": episode,
            "patient": episode.patient,
            "home": False,
        },
    )


@require_POST
@requires(Capability.CLINICAL_EDIT)
def link_new(request, episode_pk: int, instrument_id: str):
    episode = get_episode_for(request, episode_pk)
    instrument = _instrument(instrument_id)
    with transaction.atomic():
        link, url = links.create(episode, instrument.id, request.user)
        audit.record(
            request,
            audit.Action.CREATE,
            patient=episode.patient,
            obj=link,
            detail=f"home link {instrument.id}",
        )
    emailed = None
    if request.POST.get("send") == "email":
        emailed = _email_link(request, link, url, instrument)
    return render(
        request,
        "outcomes/link.html",
        {
            "link": link,
            "url": url,
            "qr": _qr(url),
            "instrument": instrument,
            "episode": episode,
            "patient": episode.patient,
            "emailed": emailed,
            "outbox": settings.DEMO_OUTBOX,
        },
    )


def _qr(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=4, dark="#1c2b33")


def _email_link(request, link, url: str, instrument) -> str | None:
    """The address the link went to, or None with a message saying why it did not."""
    patient = link.episode.patient
    if not patient.email:
        messages.error(request, _("No email address on the record: show the QR code instead."))
        return None
    try:
        emailed = links.email(link, url, instrument.name)
    except MailNotSent as error:
        messages.error(request, str(error))
        audit.record(
            request,
            audit.Action.UPDATE,
            patient=patient,
            obj=link,
            detail=f"link not emailed: {error}",
        )
        return None
    audit.record(
        request, audit.Action.UPDATE, patient=patient, obj=link, detail=f"link emailed to {emailed}"
    )
    return emailed


def _refused(request, error: links.LinkRefused):
    """A clear page; the refusal is audited under the link's patient and clinic when known.

    A token that matches no link names no clinic: its row has no clinic (and no user), so
    no clinic's log shows it; the server log says so too, for the platform's operator."""
    patient = error.patient
    if patient is None:
        logger.warning(
            "Patient link refused: no such link (%s %s from %s)",
            request.method,
            request.path.split("/")[1],
            audit.client_ip(request),
        )
    audit.record(
        request,
        audit.Action.TOKEN_REFUSED,
        patient=patient,
        clinic=patient.clinic if patient is not None else None,
        detail=error.audit_detail[:200],
    )
    return render(request, "outcomes/link_refused.html", {"message": str(error)}, status=404)


@public
def questionnaire(request, token: str):
    """A patient answers one questionnaire from home. Shows nothing about them."""
    try:
        link = links.open_home_link(token)
    except links.LinkRefused as error:
        return _refused(request, error)
    episode = link.episode
    instrument = _instrument(link.instrument)
    form = QuestionnaireForm(request.POST or None, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            link = type(link).objects.select_for_update().get(pk=link.pk)
            if link.used_at is not None:
                return _refused(
                    request,
                    links.LinkRefused(
                        _("This questionnaire has already been answered. Thank you!"),
                        episode.patient,
                    ),
                )
            response = _save_response(form, episode, Response.Source.HOME)
            link.used_at = timezone.now()
            link.save(update_fields=["used_at"])
            audit.record(
                request,
                audit.Action.TOKEN_USED,
                patient=episode.patient,
                obj=response,
                clinic=episode.patient.clinic,
                detail=f"home {instrument.id}",
            )
        return render(request, "outcomes/thanks.html", {"clinic": episode.patient.clinic})
    audit.record(
        request,
        audit.Action.TOKEN_USED,
        patient=episode.patient,
        obj=link,
        clinic=episode.patient.clinic,
        detail="opened",
    )
    return render(
        request,
        "outcomes/response_form.html",
        {"form": form, "instrument": instrument, "clinic": episode.patient.clinic, "home": True},
    )


@public
def checkin(request, token: str):
    try:
        entry = links.open_checkin(token)
    except links.LinkRefused as error:
        return _refused(request, error)
    treatment = entry.treatment
    clinic = treatment.episode.patient.clinic
    form = CheckInForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            data = form.cleaned_data
            entry = checkins.record_answer(
                entry,
                nprs=data["nprs"],
                soreness=data["soreness"],
                effects=data["effects"],
                other_effect=data["other_effect"],
                overall=data["overall"],
            )
            audit.record(
                request,
                audit.Action.TOKEN_USED,
                patient=treatment.episode.patient,
                obj=entry,
                clinic=clinic,
                detail="check-in answered",
            )
        return render(request, "outcomes/thanks.html", {"clinic": clinic, "checkin": entry})
    audit.record(
        request,
        audit.Action.TOKEN_USED,
        patient=treatment.episode.patient,
        obj=entry,
        clinic=clinic,
        detail="check-in opened",
    )
    return render(request, "outcomes/checkin.html", {"form": form, "clinic": clinic})


@require_POST
@requires(Capability.CLINICAL_EDIT)
def checkin_reviewed(request, checkin_pk: int):
    entry = get_scoped_or_404(
        CheckIn.objects.select_related("treatment__episode__patient"), request.clinic, pk=checkin_pk
    )
    entry.reviewed_at, entry.reviewed_by = timezone.now(), request.user
    entry.save(update_fields=["reviewed_at", "reviewed_by"])
    audit.record(
        request,
        audit.Action.UPDATE,
        patient=entry.treatment.episode.patient,
        obj=entry,
        detail="check-in reviewed",
    )
    messages.success(request, _("Marked as reviewed."))
    return redirect("home")


@require_POST
@requires(Capability.CLINICAL_EDIT)
def checkin_link(request, checkin_pk: int):
    """A new link to a check-in whose email failed (or went astray), shown with a QR code."""
    entry = get_scoped_or_404(
        CheckIn.objects.select_related("treatment__episode__patient"), request.clinic, pk=checkin_pk
    )
    patient = entry.treatment.episode.patient
    if entry.completed_at is not None:
        audit.record(request, audit.Action.VIEW, patient=patient, obj=entry, detail="check-in")
        messages.info(request, _("The patient has already answered this check-in."))
        return redirect("home")
    with transaction.atomic():
        url = checkins.hand_over(entry)
        audit.record(
            request, audit.Action.UPDATE, patient=patient, obj=entry, detail="check-in link shown"
        )
    context = {"checkin": entry, "patient": patient, "url": url, "qr": _qr(url)}
    return render(request, "outcomes/checkin_link.html", context)


@require_GET
@requires(Capability.CLINICAL_VIEW)
def outbox(request):
    """The demo outbox: mail for this clinic's patients, when DRYNEEDLE_DEMO_OUTBOX is on."""
    mails = outbox_files.messages_for(request.clinic.pk) if settings.DEMO_OUTBOX else []
    patients = scope(Patient, request.clinic).in_bulk({m.patient_pk for m in mails})
    mails = [m for m in mails if m.patient_pk in patients]
    for patient in patients.values():
        audit.record(request, audit.Action.VIEW, patient=patient, detail="demo outbox")
    context = {"mails": mails, "outbox_on": settings.DEMO_OUTBOX}
    return render(request, "outcomes/outbox.html", context)
