"""A session ends after the configured time without activity; each request renews it."""

import datetime

from django.contrib.sessions.models import Session
from django.utils import timezone

IDLE = datetime.timedelta(minutes=30)


def _session(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_the_default_idle_timeout_is_thirty_minutes(settings):
    assert IDLE.total_seconds() == settings.SESSION_COOKIE_AGE
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_use_pushes_the_end_of_the_session_forward(clinician_client, settings):
    settings.SESSION_RENEW_SECONDS = 0
    session = _session(clinician_client)
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + IDLE / 2)
    assert clinician_client.get("/patients/").status_code == 200
    assert _session(clinician_client).expire_date > timezone.now() + IDLE * 0.9


def test_an_idle_session_is_signed_out(clinician_client):
    session = _session(clinician_client)
    Session.objects.filter(pk=session.pk).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = clinician_client.get("/patients/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_an_idle_api_session_is_refused(clinician_client):
    session = _session(clinician_client)
    Session.objects.filter(pk=session.pk).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert clinician_client.get("/api/patients").status_code == 401


def test_a_busy_session_is_renewed_at_most_once_a_minute(clinician_client):
    """Renewal is a database write; pages in quick succession do not each pay for it."""
    clinician_client.get("/patients/")
    end = _session(clinician_client).expire_date
    clinician_client.get("/patients/")
    assert _session(clinician_client).expire_date == end
