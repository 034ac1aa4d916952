"""Background jobs (django-tasks, database backend; run by `dryneedle worker`)."""

from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task

from dryneedle.outcomes.checkins import open_for, record_failure, send
from dryneedle.outcomes.models import CheckIn


def schedule(treatment) -> CheckIn:
    """Create the check-in for a signed note and queue its message for the due time."""
    checkin, created = open_for(treatment)
    if created:
        transaction.on_commit(
            lambda: send_checkin.using(run_after=checkin.due_at).enqueue(checkin.pk),
            robust=False,
        )
    return checkin


@task()
def send_checkin(checkin_id: int) -> None:
    try:
        send(checkin_id)
    except Exception:
        # Any other failure (a bug, a broken setting) must not lose the check-in silently:
        # note it for the clinician, then let the job fail with its traceback in the log.
        record_failure(
            checkin_id, _("The check-in could not be sent because of an error (see the log).")
        )
        raise
