"""Send one email to a patient; a mail server that is down or refuses is a MailNotSent with a
message for the clinician, never an error page. The demo outbox files the mail by clinic."""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.translation import gettext as _

from dryneedle.patients.models import Patient

logger = logging.getLogger(__name__)


class MailNotSent(Exception):
    """The email did not leave; the message is safe to show to the clinic's staff."""


def send_to_patient(patient: Patient, subject: str, body: str) -> None:
    """Send `body` to the patient's address, or raise MailNotSent saying why not."""
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [patient.email])
    # Read only by the demo outbox (outcomes/outbox.py), to file the mail under its clinic.
    message.outbox_owner = (patient.clinic_id, patient.pk)  # type: ignore[attr-defined]
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused:
        logger.warning("The mail server refused %s", patient.email, exc_info=True)
        raise MailNotSent(
            _("The email could not be sent: the mail server refused the address %(email)s.")
            % {"email": patient.email}
        ) from None
    except (smtplib.SMTPException, OSError):
        # OSError: connection refused, timed out, host not found.
        logger.warning(
            "No mail sent to %s:%s", settings.EMAIL_HOST, settings.EMAIL_PORT, exc_info=True
        )
        raise MailNotSent(
            _(
                "The email could not be sent: the mail server did not accept it. "
                "Tell whoever runs dryneedle; meanwhile give the patient the link."
            )
        ) from None
