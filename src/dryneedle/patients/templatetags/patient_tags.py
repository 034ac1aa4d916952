from django import template

register = template.Library()


@register.filter
def age(patient, day) -> int:
    """Whole years of age on `day`."""
    return patient.age_on(day)
