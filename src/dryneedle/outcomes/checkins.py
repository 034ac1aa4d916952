"""The 24-hour check-in: scheduled when a note is signed, mailed by the worker, answered by
the patient from the link, and flagged for the clinician when something went wrong."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dryneedle.clinics import audit
from dryneedle.outcomes.mail import MailNotSent, send_to_patient
from dryneedle.outcomes.models import CheckIn
from dryneedle.outcomes.tokens import new_token
from dryneedle.treatments.models import Treatment

CHECKIN_VALID_DAYS = 7  # how long the emailed link works
PAIN_RISE_FLAG = 2  # points above the pre-session NPRS that flag the check-in (issue brief)
NPRS_MCID = 2  # clinical-facts.md §4: a 2-point change is meaningful (Childs et al. 2005)


def open_for(treatment: Treatment) -> tuple[CheckIn, bool]:
    """The check-in of a signed note, due the clinic's delay after signing; True if new."""
    delay = datetime.timedelta(hours=treatment.episode.patient.clinic.checkin_delay_hours)
    assert treatment.signed_at is not None, "only a signed note has a check-in"
    due = treatment.signed_at + delay
    return CheckIn.objects.get_or_create(treatment=treatment, defaults={"due_at": due})


def send(checkin_id: int) -> CheckIn | None:
    """Mail the check-in link to the patient (run by the worker when it is due). A mail server
    that fails is recorded on the check-in, which then waits on its clinician's home page.
    None if the check-in was sent or completed meanwhile."""
    try:
        return _send(checkin_id)
    except MailNotSent as error:
        return record_failure(checkin_id, str(error))


def _send(checkin_id: int) -> CheckIn:
    with transaction.atomic():
        checkin = (
            CheckIn.objects.select_for_update()
            .select_related("treatment__episode__patient__clinic")
            .get(pk=checkin_id)
        )
        if checkin.sent_at or checkin.completed_at:
            return checkin
        patient = checkin.treatment.episode.patient
        if not patient.email:
            checkin.delivery_problem = _("No email address on the patient's record.")
            checkin.save(update_fields=["delivery_problem"])
            return checkin
        link = _new_link(checkin)
        checkin.save(update_fields=["token_hash", "sent_at", "expires_at"])
        clinic = patient.clinic
        body = render_to_string(
            "outcomes/checkin_email.txt",
            {
                "clinic": clinic,
                "given_name": patient.given_name,
                "link": link,
                "days": CHECKIN_VALID_DAYS,
            },
        )
        # Inside the transaction: if the mail server fails, the check-in stays unsent.
        send_to_patient(patient, f"{clinic.name}: how are you after your treatment?", body)
        audit.write(
            audit.Actor.system(clinic),
            audit.Action.UPDATE,
            patient=patient,
            obj=checkin,
            detail=f"check-in emailed to {patient.email}",
        )
    return checkin


def _new_link(checkin: CheckIn) -> str:
    """Give the check-in a fresh token (any earlier link stops working); return its URL."""
    token, digest = new_token()
    checkin.token_hash = digest
    checkin.sent_at = timezone.now()
    checkin.expires_at = checkin.sent_at + datetime.timedelta(days=CHECKIN_VALID_DAYS)
    return settings.PUBLIC_BASE_URL + reverse("checkin", args=[token])


def record_failure(checkin_id: int, problem: str) -> CheckIn | None:
    """Note on an unsent check-in that sending failed, so its clinician sees it."""
    with transaction.atomic():
        checkin = (
            CheckIn.objects.select_for_update()
            .select_related("treatment__episode__patient__clinic")
            .filter(pk=checkin_id, sent_at__isnull=True, completed_at__isnull=True)
            .first()
        )
        if checkin is None:
            return None
        checkin.delivery_problem = problem[:200]
        checkin.send_failed_at = timezone.now()
        checkin.save(update_fields=["delivery_problem", "send_failed_at"])
        patient = checkin.treatment.episode.patient
        audit.write(
            audit.Actor.system(patient.clinic),
            audit.Action.UPDATE,
            patient=patient,
            obj=checkin,
            detail=f"check-in not sent: {problem}",
        )
    return checkin


def hand_over(checkin: CheckIn, by: audit.Actor | audit.User) -> str:
    """A new link for the clinician to give the patient in person (QR code) or by phone,
    when the email failed or went astray. The check-in leaves the home page's problems."""
    with transaction.atomic():
        # Locked, as the worker locks it: a send running now and this link cannot both win.
        locked = CheckIn.objects.select_for_update().get(pk=checkin.pk)
        url = _new_link(locked)
        locked.delivery_problem = ""
        locked.save(update_fields=["token_hash", "sent_at", "expires_at", "delivery_problem"])
        audit.write(
            audit.as_actor(by),
            audit.Action.UPDATE,
            patient=checkin.treatment.episode.patient,
            obj=checkin,
            detail="check-in link shown",
        )
    checkin.sent_at, checkin.expires_at = locked.sent_at, locked.expires_at
    return url


def due(*, include_later: bool = False) -> QuerySet[CheckIn]:
    """Check-ins not yet sent nor answered whose time has come (or all, `include_later`)."""
    pending = CheckIn.objects.filter(sent_at__isnull=True, completed_at__isnull=True)
    if not include_later:
        pending = pending.filter(due_at__lte=timezone.now())
    return pending.order_by("due_at", "pk")


def flag_reasons(checkin: CheckIn) -> list[str]:
    reasons = []
    labels = dict(CheckIn.EFFECTS)
    if checkin.effects:
        reported = ", ".join(str(labels.get(e, e)) for e in checkin.effects)
        reasons.append(_("Reported: %(effects)s.") % {"effects": reported})
    pre = checkin.treatment.pre_nprs
    if checkin.nprs is not None and pre is not None and checkin.nprs - pre >= PAIN_RISE_FLAG:
        reasons.append(
            _("Pain rose from %(before)s before the session to %(now)s.")
            % {"before": pre, "now": checkin.nprs}
        )
    return reasons


def record_answer(
    checkin: CheckIn,
    actor: audit.Actor,
    *,
    nprs: int,
    soreness: str,
    effects: list[str],
    other_effect: str,
    overall: str,
) -> CheckIn:
    """Store the patient's answer from the link (`actor`: the patient's request, no user)."""
    checkin.nprs, checkin.soreness = nprs, soreness
    checkin.effects, checkin.other_effect, checkin.overall = effects, other_effect, overall
    checkin.completed_at = timezone.now()
    checkin.flag_reasons = flag_reasons(checkin)
    patient = checkin.treatment.episode.patient
    with transaction.atomic():
        checkin.save()
        audit.write(
            actor,
            audit.Action.TOKEN_USED,
            patient=patient,
            obj=checkin,
            clinic=patient.clinic,
            detail="check-in answered",
        )
    return checkin


def mark_reviewed(checkin: CheckIn, by: audit.Actor | audit.User) -> CheckIn:
    """The clinician has read a flagged (or any) answered check-in."""
    actor = audit.as_actor(by)
    checkin.reviewed_at, checkin.reviewed_by = timezone.now(), actor.user
    with transaction.atomic():
        checkin.save(update_fields=["reviewed_at", "reviewed_by"])
        audit.write(
            actor,
            audit.Action.UPDATE,
            patient=checkin.treatment.episode.patient,
            obj=checkin,
            detail="check-in reviewed",
        )
    return checkin


def improved_within_24_hours(checkin: CheckIn) -> bool | None:
    """NPRS at the check-in at least the MCID below the pre-session NPRS (None: unknown)."""
    pre = checkin.treatment.pre_nprs
    if checkin.nprs is None or pre is None:
        return None
    return pre - checkin.nprs >= NPRS_MCID
