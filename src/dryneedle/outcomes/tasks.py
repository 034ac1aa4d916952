"""Background jobs (django-tasks, database backend; run by `dryneedle worker`)."""

from django.utils.translation import gettext as _
from django_tasks import task


@task()
def send_checkin(checkin_id: int) -> None:
    from dryneedle.outcomes.checkins import record_failure, send

    try:
        send(checkin_id)
    except Exception:
        # Any other failure (a bug, a broken setting) must not lose the check-in silently:
        # note it for the clinician, then let the job fail with its traceback in the log.
        record_failure(
            checkin_id, _("The check-in could not be sent because of an error (see the log).")
        )
        raise
