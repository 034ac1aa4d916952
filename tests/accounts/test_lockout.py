"""Repeated wrong passwords lock that account out from that address for a while
(django-axes); every failure is audited; other addresses and accounts are unaffected."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import Client

from dryneedle.clinics.models import AuditEvent
from tests.factories import PASSWORD


def _attempt(user, password, address="203.0.113.7", **headers):
    return Client(REMOTE_ADDR=address, **headers).post(
        "/login/", {"username": user.email, "password": password}
    )


@pytest.fixture
def limit(settings):
    settings.AXES_FAILURE_LIMIT = 3
    return 3


def test_the_right_password_is_refused_after_too_many_wrong_ones(limit, clinician):
    for _ in range(limit - 1):
        assert _attempt(clinician, "wrong-password").status_code == 200
    assert _attempt(clinician, "wrong-password").status_code == 429  # the limit-th locks
    response = _attempt(clinician, PASSWORD)
    assert response.status_code == 429
    assert "Sign-in paused" in response.text
    assert "_auth_user_id" not in response.client.session


def test_each_failure_is_in_the_audit_log(limit, clinician):
    for _ in range(limit):
        _attempt(clinician, "wrong-password")
    failures = AuditEvent.objects.filter(user=clinician, action=AuditEvent.Action.LOGIN_FAILED)
    assert failures.count() == limit
    assert set(failures.values_list("ip_address", flat=True)) == {"203.0.113.7"}


def test_the_same_account_from_another_address_is_not_locked(limit, clinician):
    for _ in range(limit):
        _attempt(clinician, "wrong-password")
    assert _attempt(clinician, PASSWORD, address="198.51.100.20").status_code == 302


def test_a_success_before_the_limit_starts_the_count_again(limit, clinician):
    for _ in range(limit - 1):
        _attempt(clinician, "wrong-password")
    assert _attempt(clinician, PASSWORD).status_code == 302
    for _ in range(limit - 1):
        _attempt(clinician, "wrong-password")
    assert _attempt(clinician, PASSWORD).status_code == 302


def test_the_lock_lifts_after_the_cool_off_time(limit, clinician, settings):
    for _ in range(limit):
        _attempt(clinician, "wrong-password")
    past = datetime.timedelta(minutes=settings.AXES_COOLOFF_TIME.total_seconds() / 60 + 1)
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.first().attempt_time - past)
    assert _attempt(clinician, PASSWORD).status_code == 302


def test_behind_the_proxy_each_client_address_is_counted_apart(limit, clinician, settings):
    """With one shared proxy address, one attacker must not lock every user out."""
    settings.BEHIND_PROXY = True
    for _ in range(limit):
        _attempt(
            clinician, "wrong-password", address="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9"
        )
    assert (
        _attempt(clinician, PASSWORD, address="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.44")
    ).status_code == 302
    assert (
        _attempt(clinician, PASSWORD, address="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")
    ).status_code == 429
