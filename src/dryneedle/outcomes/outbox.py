"""The demo outbox: an email backend that files each message in DATA_DIR/outbox/<clinic>/
instead of sending it, and the reading of one clinic's messages for its Outbox page.

On only with DRYNEEDLE_DEMO_OUTBOX=true (`make demo`); production refuses it. A message goes
under its clinic's folder when the sender named its clinic and patient (`outbox_owner`, set
by outcomes/mail.py); any other mail (password resets) goes to outbox/other/, which no page
shows — the console names the file.
"""

import datetime
import logging
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from email import message_from_bytes, policy
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

logger = logging.getLogger(__name__)

# <UTC time>-<patient pk>-<random>.eml: sortable by time; the patient is for the audit row.
_NAME = re.compile(r"^(\d{8}T\d{12})-(\d+)-[\w-]+\.eml$")


class OutboxBackend(BaseEmailBackend):
    """Write each message to a file; never talk to a mail server."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            path = _file(message)
            logger.info(
                "Demo outbox: %r to %s written to %s; read it at %s",
                message.subject,
                ", ".join(message.to),
                path,
                settings.PUBLIC_BASE_URL + reverse("outcomes:outbox"),
            )
        return len(email_messages)


def _file(message: EmailMessage) -> Path:
    clinic_pk, patient_pk = getattr(message, "outbox_owner", ("other", 0))
    folder = Path(settings.OUTBOX_DIR) / str(clinic_pk)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S%f")
    path = folder / f"{stamp}-{patient_pk}-{secrets.token_hex(4)}.eml"
    path.write_bytes(message.message().as_bytes())
    return path


@dataclass(frozen=True)
class OutboxMail:
    at: datetime.datetime
    patient_pk: int
    to: str
    subject: str
    body: str


def messages_for(clinic_pk: int, limit: int = 20) -> list[OutboxMail]:
    """The clinic's latest filed messages, newest first."""
    folder = Path(settings.OUTBOX_DIR) / str(int(clinic_pk))
    if not folder.is_dir():
        return []
    names = sorted((p.name for p in folder.iterdir() if _NAME.match(p.name)), reverse=True)
    return [_read(folder / name) for name in names[:limit]]


def _read(path: Path) -> OutboxMail:
    name = _NAME.match(path.name)
    assert name is not None, "messages_for reads only the files _NAME matches"
    stamp, patient_pk = name.groups()
    parsed = message_from_bytes(path.read_bytes(), policy=policy.default)
    plain = parsed.get_body(preferencelist=("plain",))
    assert plain is not None, "the app sends every message with a plain-text part"
    at = datetime.datetime.strptime(stamp, "%Y%m%dT%H%M%S%f").replace(tzinfo=datetime.UTC)
    return OutboxMail(
        at=at,
        patient_pk=int(patient_pk),
        to=str(parsed["To"]),
        subject=str(parsed["Subject"]),
        body=plain.get_content(),
    )
