"""The needling gate on pages that other apps own (the episode page in patients).

Pages compose the domains through templates: the episode page loads this tag, so the patients
app needs no import of screening (docs/architecture.md).
"""

from django import template

from dryneedle.patients.models import Episode
from dryneedle.screening.gate import Gate, needling_gate

register = template.Library()


@register.simple_tag
def needling_gate_of(episode: Episode) -> Gate:
    """Whether needling may start for the episode, and what is missing if not."""
    return needling_gate(episode.patient, episode)
