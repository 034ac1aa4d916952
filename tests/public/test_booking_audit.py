"""A booking request, sent or worked through, is saved with its audit row in one transaction,
or not at all."""

import pytest

from dryneedle.clinics import audit
from dryneedle.clinics.models import AuditEvent
from dryneedle.public import bookings
from dryneedle.public.models import BookingRequest


class AuditDown(Exception):
    """The audit log could not be written."""


def _break_audit(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AuditDown()

    monkeypatch.setattr(audit, "write", refuse)


def _request() -> BookingRequest:
    return BookingRequest(name="Ann Lee", email="ann@example.org")


def test_a_sent_request_writes_one_create_row_in_the_clinics_log(clinic):
    booking = bookings.send(_request(), clinic, audit.Actor())
    row = AuditEvent.objects.get(action=audit.Action.CREATE)
    assert (row.clinic, row.user, row.object_id) == (clinic, None, str(booking.pk))


def test_a_request_whose_audit_row_fails_is_not_stored(clinic, monkeypatch):
    _break_audit(monkeypatch)
    with pytest.raises(AuditDown):
        bookings.send(_request(), clinic, audit.Actor())
    assert not BookingRequest.objects.exists()


def test_a_status_change_writes_one_update_row_by_the_member(clinic, front_desk):
    booking = BookingRequest.objects.create(clinic=clinic, name="Ann Lee", email="a@b.org")
    bookings.set_status(booking, BookingRequest.Status.CONTACTED, front_desk)
    row = AuditEvent.objects.get(action=audit.Action.UPDATE)
    assert (row.user, row.detail) == (front_desk, "status: contacted")


def test_a_status_change_whose_audit_row_fails_is_not_saved(clinic, front_desk, monkeypatch):
    booking = BookingRequest.objects.create(clinic=clinic, name="Ann Lee", email="a@b.org")
    _break_audit(monkeypatch)
    with pytest.raises(AuditDown):
        bookings.set_status(booking, BookingRequest.Status.CONTACTED, front_desk)
    booking.refresh_from_db()
    assert booking.status == BookingRequest.Status.NEW
