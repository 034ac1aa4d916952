"""What happens to a booking request: sent from the public pages, then worked through by the
clinic. Each operation saves the request and its audit row in one transaction."""

from django.db import transaction

from dryneedle.clinics import audit
from dryneedle.clinics.models import Clinic
from dryneedle.public.models import BookingRequest


def send(booking: BookingRequest, clinic: Clinic, actor: audit.Actor) -> BookingRequest:
    """Store a request (an unsaved instance) sent to `clinic` from its public pages."""
    booking.clinic = clinic
    with transaction.atomic():
        booking.save()
        audit.write(
            actor, audit.Action.CREATE, obj=booking, clinic=clinic, detail="public booking request"
        )
    return booking


def set_status(
    booking: BookingRequest, status: str, by: audit.Actor | audit.User
) -> BookingRequest:
    """Mark a request as contacted, booked, declined… by a member of its clinic."""
    actor = audit.as_actor(by)
    booking.status, booking.updated_by = status, actor.user
    with transaction.atomic():
        booking.save()
        audit.write(actor, audit.Action.UPDATE, obj=booking, detail=f"status: {booking.status}")
    return booking
