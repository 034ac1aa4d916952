"""Outcome pages: enter a questionnaire, send a home link, answer from home, check-ins."""

import logging
from typing import cast

import segno
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import ResolverMatch
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dryneedle.clinics import audit
from dryneedle.clinics.access import public, requires
from dryneedle.clinics.http import MemberRequest
from dryneedle.clinics.roles import Capability
from dryneedle.clinics.tenancy import get_scoped_or_404, scope
from dryneedle.outcomes import checkins, instruments, links, responses
from dryneedle.outcomes import outbox as outbox_files
from dryneedle.outcomes.forms import CheckInForm, QuestionnaireForm
from dryneedle.outcomes.mail import MailNotSent
from dryneedle.outcomes.models import CheckIn, HomeLink
from dryneedle.patients.access import get_episode_for
from dryneedle.patients.models import Patient

logger = logging.getLogger("dryneedle.audit")


def _instrument(instrument_id: str) -> instruments.Instrument:
    try:
        return instruments.lookup(instrument_id)
    except instruments.ScoringError:
        raise Http404("No such questionnaire.") from None


@requires(Capability.CLINICAL_EDIT)
def response_new(request: MemberRequest, episode_pk: int, instrument_id: str) -> HttpResponse:
    episode = get_episode_for(request, episode_pk)
    instrument = _instrument(instrument_id)
    form = QuestionnaireForm(request.POST or None, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        response = responses.record_in_clinic(
            episode,
            form.result,
            form.answers(),
            audit.Actor.from_request(request),
            activities=form.activities(),
        )
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
def link_new(request: MemberRequest, episode_pk: int, instrument_id: str) -> HttpResponse:
    episode = get_episode_for(request, episode_pk)
    instrument = _instrument(instrument_id)
    link, url = links.create(episode, instrument.id, audit.Actor.from_request(request))
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


def _email_link(
    request: HttpRequest, link: HomeLink, url: str, instrument: instruments.Instrument
) -> str | None:
    """The address the link went to, or None with a message saying why it did not."""
    patient = link.episode.patient
    if not patient.email:
        messages.error(request, _("No email address on the record: show the QR code instead."))
        return None
    try:
        return links.email(link, url, instrument.name, audit.Actor.from_request(request))
    except MailNotSent as error:
        messages.error(request, str(error))
        return None


def _refused(request: HttpRequest, error: links.LinkRefused) -> HttpResponse:
    """A clear page; the refusal is audited under the link's patient and clinic when known.

    A token that matches no link names no clinic: its row has no clinic (and no user), so
    no clinic's log shows it; the server log says so too, for the platform's operator."""
    patient = error.patient
    if patient is None:
        logger.warning(
            "Patient link refused: no such link (%s %s from %s)",
            request.method,
            cast(ResolverMatch, request.resolver_match).url_name,  # questionnaire or checkin
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
def questionnaire(request: HttpRequest, token: str) -> HttpResponse:
    """A patient answers one questionnaire from home. Shows nothing about them."""
    try:
        link = links.open_home_link(token)
    except links.LinkRefused as error:
        return _refused(request, error)
    episode = link.episode
    instrument = _instrument(link.instrument)
    form = QuestionnaireForm(request.POST or None, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        try:
            responses.record_from_home(
                link,
                form.result,
                form.answers(),
                audit.Actor.from_request(request),
                activities=form.activities(),
            )
        except links.LinkRefused as error:  # answered meanwhile, from another tab
            return _refused(request, error)
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
def checkin(request: HttpRequest, token: str) -> HttpResponse:
    try:
        entry = links.open_checkin(token)
    except links.LinkRefused as error:
        return _refused(request, error)
    treatment = entry.treatment
    clinic = treatment.episode.patient.clinic
    form = CheckInForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        entry = checkins.record_answer(
            entry,
            audit.Actor.from_request(request),
            nprs=data["nprs"],
            soreness=data["soreness"],
            effects=data["effects"],
            other_effect=data["other_effect"],
            overall=data["overall"],
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
def checkin_reviewed(request: MemberRequest, checkin_pk: int) -> HttpResponse:
    entry = get_scoped_or_404(
        CheckIn.objects.select_related("treatment__episode__patient"), request.clinic, pk=checkin_pk
    )
    checkins.mark_reviewed(entry, audit.Actor.from_request(request))
    messages.success(request, _("Marked as reviewed."))
    return redirect("home")


@require_POST
@requires(Capability.CLINICAL_EDIT)
def checkin_link(request: MemberRequest, checkin_pk: int) -> HttpResponse:
    """A new link to a check-in whose email failed (or went astray), shown with a QR code."""
    entry = get_scoped_or_404(
        CheckIn.objects.select_related("treatment__episode__patient"), request.clinic, pk=checkin_pk
    )
    patient = entry.treatment.episode.patient
    if entry.completed_at is not None:
        audit.record(request, audit.Action.VIEW, patient=patient, obj=entry, detail="check-in")
        messages.info(request, _("The patient has already answered this check-in."))
        return redirect("home")
    url = checkins.hand_over(entry, audit.Actor.from_request(request))
    context = {"checkin": entry, "patient": patient, "url": url, "qr": _qr(url)}
    return render(request, "outcomes/checkin_link.html", context)


@require_GET
@requires(Capability.CLINICAL_VIEW)
def outbox(request: MemberRequest) -> HttpResponse:
    """The demo outbox: mail for this clinic's patients, when DRYNEEDLE_DEMO_OUTBOX is on."""
    mails = outbox_files.messages_for(request.clinic.pk) if settings.DEMO_OUTBOX else []
    patients = scope(Patient, request.clinic).in_bulk({m.patient_pk for m in mails})
    mails = [m for m in mails if m.patient_pk in patients]
    for patient in patients.values():
        audit.record(request, audit.Action.VIEW, patient=patient, detail="demo outbox")
    context = {"mails": mails, "outbox_on": settings.DEMO_OUTBOX}
    return render(request, "outcomes/outbox.html", context)
