"""The outcomes part of pages that other apps own (the episode page in patients).

Pages compose the domains through templates: the episode page loads these tags, so the
patients app needs no import of outcomes (docs/architecture.md).
"""

from django import template

from dryneedle.outcomes.instruments import Instrument, instruments
from dryneedle.outcomes.progress import Progress, episode_progress
from dryneedle.patients.models import Episode

register = template.Library()


@register.simple_tag
def progress_of(episode: Episode) -> Progress:
    """The episode's outcome series, primary measure and responder verdict."""
    return episode_progress(episode)


@register.simple_tag
def instruments_for(protocol: object) -> list[Instrument]:
    """Every instrument, the protocol's measures first (in the protocol's order)."""
    known = instruments()
    measures = getattr(protocol, "measures", ()) or ()
    first = [known[m] for m in measures if m in known]
    return first + [i for i in known.values() if i not in first]
