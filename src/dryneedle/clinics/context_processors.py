"""Template context: the acting clinic, membership and what the role may do."""

from django.http import HttpRequest

from dryneedle.clinics.roles import Capability


def current_clinic(request: HttpRequest) -> dict:
    membership = getattr(request, "membership", None)
    return {
        "clinic": getattr(request, "clinic", None),
        "membership": membership,
        "can": {cap.name.lower(): bool(membership and membership.can(cap)) for cap in Capability},
    }
