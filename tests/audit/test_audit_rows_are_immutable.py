"""No path through the app, the ORM, the operator console or SQL changes or deletes an audit
row; only a whole-database flush empties the log."""

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from dryneedle.clinics.models import AuditEvent


@pytest.fixture
def event(clinic, patient):
    return AuditEvent.objects.create(clinic=clinic, patient=patient, action="view", detail="x")


def test_saving_a_changed_row_is_refused(event):
    event.detail = "tampered"
    with pytest.raises(ValidationError):
        event.save()


def test_deleting_a_row_is_refused(event):
    with pytest.raises(ValidationError):
        event.delete()


def test_queryset_update_is_refused(event):
    with pytest.raises(ValidationError):
        AuditEvent.objects.filter(pk=event.pk).update(detail="tampered")
    event.refresh_from_db()
    assert event.detail == "x"


def test_queryset_delete_is_refused(event):
    with pytest.raises(ValidationError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_bulk_update_is_refused(event):
    event.detail = "tampered"
    with pytest.raises(ValidationError):
        AuditEvent.objects.bulk_update([event], ["detail"])


def _sql(statement: str, event) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [event.pk])


def test_the_database_refuses_an_update_by_sql(event):
    with pytest.raises(DatabaseError, match="audit events cannot be changed or deleted"):
        _sql("UPDATE clinics_auditevent SET detail = 'tampered' WHERE id = %s", event)
    event.refresh_from_db()
    assert event.detail == "x"


def test_the_database_refuses_a_delete_by_sql(event):
    with pytest.raises(DatabaseError, match="audit events cannot be changed or deleted"):
        _sql("DELETE FROM clinics_auditevent WHERE id = %s", event)
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_database_still_accepts_new_rows(event, clinic):
    AuditEvent.objects.create(clinic=clinic, action="list")
    assert AuditEvent.objects.count() == 2


def test_the_operator_console_cannot_add_change_or_delete_audit_rows(admin_user):
    if not admin.site.is_registered(AuditEvent):
        return  # not in the console at all (decision 001): nothing to edit there
    model_admin = admin.site.get_model_admin(AuditEvent)
    request = RequestFactory().get("/operator/")
    request.user = admin_user  # a superuser: permissions alone would allow everything
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_the_audit_routes_accept_only_reading(admin_client_, event):
    for url in ("/clinic/audit/", "/clinic/audit/export.csv"):
        assert admin_client_.post(url, {"detail": "tampered"}).status_code == 405
    event.refresh_from_db()
    assert event.detail == "x"


@pytest.mark.django_db(transaction=True)
def test_a_flush_empties_the_log_and_leaves_the_guard_in_place(clinic):
    AuditEvent.objects.create(clinic=clinic, action="list")
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists()
    from dryneedle.clinics.models import Clinic

    survivor = AuditEvent.objects.create(clinic=Clinic.objects.create(name="A", slug="a"))
    with pytest.raises(DatabaseError):
        _sql("DELETE FROM clinics_auditevent WHERE id = %s", survivor)
    connection.cursor().execute("SELECT 1")  # the connection is usable after the refusal
