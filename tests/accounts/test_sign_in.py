"""Signing in and out, and what a failed sign-in tells the user."""

import pytest
from django.test import Client

from dryneedle.clinics.models import AuditEvent
from tests.factories import PASSWORD, MembershipFactory


@pytest.fixture
def staff(clinic):
    return MembershipFactory(clinic=clinic).user


def test_correct_password_signs_in_and_opens_the_start_page(staff):
    client = Client()
    response = client.post("/login/", {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_wrong_password_says_so_plainly(staff):
    response = Client().post("/login/", {"username": staff.email, "password": "wrong-password"})
    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()


def test_failed_sign_in_is_audited_without_the_password(staff):
    Client().post("/login/", {"username": staff.email, "password": "wrong-password"})
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED)
    assert staff.email in event.detail
    assert "wrong-password" not in event.detail


def test_sign_in_is_audited(staff):
    Client().post("/login/", {"username": staff.email, "password": PASSWORD})
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN, user=staff).exists()


def test_email_is_matched_without_regard_to_case(staff):
    response = Client().post(
        "/login/", {"username": staff.email.upper(), "password": PASSWORD}, follow=False
    )
    assert response.status_code == 302


def test_sign_out_needs_a_post_and_ends_the_session(clinician_client):
    assert clinician_client.get("/logout/").status_code == 405
    clinician_client.post("/logout/")
    assert clinician_client.get("/patients/").status_code == 302


def test_user_without_a_clinic_is_told_to_ask_their_admin(db):
    from tests.factories import UserFactory

    client = Client()
    client.force_login(UserFactory())
    response = client.get("/patients/")
    assert response.status_code == 403
    assert "not a member of any clinic" in response.content.decode()
