import datetime

from django import template

from dryneedle.patients.models import Patient

register = template.Library()


@register.filter
def age(patient: Patient, day: datetime.date) -> int:
    """Whole years of age on `day`."""
    return patient.age_on(day)
