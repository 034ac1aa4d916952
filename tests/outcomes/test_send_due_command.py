"""`dryneedle checkins send-due [--now]`: send the check-ins that are due (or all of them at
once, for a demo), each through the real SMTP server and each leaving an audit row."""

import pytest
from django.core.management import CommandError, call_command

from dryneedle.clinics.models import AuditEvent
from dryneedle.outcomes.models import CheckIn
from dryneedle.treatments import notes

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _cleanup(removable_signed_notes):
    yield


@pytest.fixture
def signed_for_tomorrow(complete, clinician, clinic):
    clinic.checkin_delay_hours = 24
    clinic.save()
    complete.episode.patient.email = "olivia@example.org"
    complete.episode.patient.save()
    return notes.sign(complete, clinician)


def test_send_due_leaves_a_check_in_that_is_due_tomorrow(signed_for_tomorrow, smtp_server):
    call_command("checkins", "send-due")
    assert CheckIn.objects.get().sent_at is None


def test_send_due_now_mails_a_check_in_that_is_due_tomorrow(
    signed_for_tomorrow, smtp_server, capsys
):
    call_command("checkins", "send-due", "--now")
    assert smtp_server.wait_for()[0]["To"] == "olivia@example.org"
    assert "1 sent" in capsys.readouterr().out


def test_a_check_in_sent_by_the_command_is_audited_under_its_patient(
    signed_for_tomorrow, smtp_server
):
    call_command("checkins", "send-due", "--now")
    assert AuditEvent.objects.filter(
        patient=signed_for_tomorrow.episode.patient, detail="check-in emailed to olivia@example.org"
    ).exists()


def test_the_worker_does_not_send_a_check_in_again_after_the_command(
    signed_for_tomorrow, smtp_server
):
    call_command("checkins", "send-due", "--now")
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.update(run_after=timezone.now())  # the scheduled job falls due
    call_command("worker", "--batch", "--interval", "0")
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert len(smtp_server.wait_for(2, seconds=1)) == 1


def test_send_due_reports_a_check_in_whose_mail_failed(signed_for_tomorrow, settings, capsys):
    from tests.mail import point_at_closed_port

    point_at_closed_port(settings)
    call_command("checkins", "send-due", "--now")
    assert "1 not sent" in capsys.readouterr().out


def test_send_due_now_is_refused_in_production(settings, db):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("checkins", "send-due", "--now")
