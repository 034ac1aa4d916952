"""React to other apps: a signed treatment schedules its check-in."""

from typing import Any

from django.dispatch import receiver

from dryneedle.outcomes.tasks import schedule
from dryneedle.treatments.models import Treatment
from dryneedle.treatments.signals import treatment_signed


@receiver(treatment_signed)
def schedule_checkin(sender: object, treatment: Treatment, **kwargs: Any) -> None:
    schedule(treatment)
