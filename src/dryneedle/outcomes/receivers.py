"""React to other apps: a signed treatment schedules its check-in."""

from django.dispatch import receiver

from dryneedle.outcomes.tasks import schedule
from dryneedle.treatments.signals import treatment_signed


@receiver(treatment_signed)
def schedule_checkin(sender, treatment, **kwargs) -> None:
    schedule(treatment)
