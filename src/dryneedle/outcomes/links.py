"""Links that let a patient answer one questionnaire from home, once, before they expire."""

import datetime
from typing import TypeVar

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dryneedle.clinics import audit
from dryneedle.clinics.models import User
from dryneedle.outcomes.mail import MailNotSent, send_to_patient
from dryneedle.outcomes.models import CheckIn, HomeLink
from dryneedle.outcomes.tokens import new_token, token_hash
from dryneedle.patients.models import Episode, Patient

L = TypeVar("L", HomeLink, CheckIn)


def create(episode: Episode, instrument: str, by: audit.Actor | User) -> tuple[HomeLink, str]:
    """A new link and its URL (the token exists only in the URL given to the patient)."""
    actor = audit.as_actor(by)
    assert actor.user is not None, "a home link is created by a person"
    token, digest = new_token()
    with transaction.atomic():
        link = HomeLink.objects.create(
            episode=episode,
            instrument=instrument,
            token_hash=digest,
            expires_at=timezone.now() + datetime.timedelta(days=settings.HOME_LINK_DAYS),
            created_by=actor.user,
        )
        audit.write(
            actor,
            audit.Action.CREATE,
            patient=episode.patient,
            obj=link,
            detail=f"home link {instrument}",
        )
    return link, settings.PUBLIC_BASE_URL + reverse("questionnaire", args=[token])


def email(link: HomeLink, url: str, instrument_name: str, by: audit.Actor | audit.User) -> str:
    """Mail the link to the patient; raises MailNotSent (the link itself still works).
    Either way the audit log says what happened."""
    actor = audit.as_actor(by)
    patient = link.episode.patient
    body = render_to_string(
        "outcomes/link_email.txt",
        {
            "clinic": patient.clinic,
            "given_name": patient.given_name,
            "url": url,
            "instrument": instrument_name,
            "days": settings.HOME_LINK_DAYS,
        },
    )
    try:
        send_to_patient(patient, f"{patient.clinic.name}: a short questionnaire", body)
    except MailNotSent as error:
        detail = f"link not emailed: {error}"
        audit.write(actor, audit.Action.UPDATE, patient=patient, obj=link, detail=detail)
        raise
    with transaction.atomic():
        link.emailed_to = patient.email
        link.save(update_fields=["emailed_to"])
        detail = f"link emailed to {patient.email}"
        audit.write(actor, audit.Action.UPDATE, patient=patient, obj=link, detail=detail)
    return patient.email


class LinkRefused(Exception):
    """The link cannot be used; the message is safe to show to anyone holding it.

    `patient` is whose link it was, when the token matched one, and `audit_detail` what the
    audit row says instead of the message (for the audit row only, never shown)."""

    def __init__(
        self, message: str, patient: Patient | None = None, audit_detail: str = ""
    ) -> None:
        super().__init__(message)
        self.patient = patient
        self.audit_detail = audit_detail or message


def _find(model: type[L], token: str) -> L | None:
    if not token or len(token) > 100:
        return None
    return model.objects.filter(token_hash=token_hash(token)).first()


def _wrong_kind(
    model: type[HomeLink] | type[CheckIn], token: str, message: str, detail: str
) -> LinkRefused:
    """The refusal of a token that is not of the kind asked for: under the patient (and so
    the clinic) of the link it is, if it is one of `model`; else under no one."""
    other: HomeLink | CheckIn | None = (
        _find(HomeLink, token) if model is HomeLink else _find(CheckIn, token)
    )
    if other is None:
        return LinkRefused(message)
    if isinstance(other, HomeLink):
        return LinkRefused(message, other.episode.patient, detail)
    return LinkRefused(message, other.treatment.episode.patient, detail)


def open_home_link(token: str) -> HomeLink:
    link = _find(HomeLink, token)
    if link is None:
        raise _wrong_kind(
            CheckIn,
            token,
            _("This link is not valid. Please check it, or ask the clinic for a new one."),
            "a check-in link opened as a questionnaire link",
        )
    patient = link.episode.patient
    if link.used_at is not None:
        raise LinkRefused(_("This questionnaire has already been answered. Thank you!"), patient)
    if timezone.now() >= link.expires_at:
        raise LinkRefused(_("This link has expired. Please ask the clinic for a new one."), patient)
    return link


def open_checkin(token: str) -> CheckIn:
    checkin = _find(CheckIn, token)
    if checkin is None:
        raise _wrong_kind(
            HomeLink,
            token,
            _("This link is not valid. Please check it, or contact the clinic."),
            "a questionnaire link opened as a check-in link",
        )
    patient = checkin.treatment.episode.patient
    if checkin.completed_at is not None:
        raise LinkRefused(_("You have already answered. Thank you!"), patient)
    if checkin.expires_at is None or timezone.now() >= checkin.expires_at:
        raise LinkRefused(
            _("This link has expired. If you have a concern, please contact the clinic."), patient
        )
    return checkin
