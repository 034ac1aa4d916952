"""Background jobs (django-tasks, database backend; run by `dryneedle worker`)."""

from django_tasks import task


@task()
def send_checkin(checkin_id: int) -> None:
    from dryneedle.outcomes.checkins import send

    send(checkin_id)
