"""The operator console (/operator/) sets up clinics and staff with email logins."""

import pytest

from dryneedle.clinics.models import Clinic, Membership, User
from tests.sessions import verified_client


@pytest.fixture
def operator_client(db):
    operator = User.objects.create_superuser(
        "operator@dryneedle.test", "operator-pass-2026", full_name="Platform Operator"
    )
    return verified_client(operator)


def test_operator_creates_a_staff_user_with_an_email_login(operator_client):
    response = operator_client.post(
        "/operator/clinics/user/add/",
        {
            "email": "New.Clinician@Clinic.test",
            "full_name": "New Clinician",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    assert User.objects.get(full_name="New Clinician").email == "new.clinician@clinic.test"


def test_operator_cannot_create_a_second_user_with_the_same_email_in_other_case(
    operator_client, clinician
):
    response = operator_client.post(
        "/operator/clinics/user/add/",
        {
            "email": clinician.email.upper(),
            "full_name": "Copy",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert "already exists" in response.content.decode()


def test_operator_console_lists_clinics_and_memberships(operator_client, clinician, clinic):
    assert clinic.name in operator_client.get("/operator/clinics/clinic/").content.decode()
    assert Membership.objects.filter(user=clinician, clinic=clinic).exists()
    assert operator_client.get(f"/operator/clinics/user/{clinician.pk}/change/").status_code == 200


def test_operator_console_holds_no_patient_data(operator_client):
    assert operator_client.get("/operator/patients/patient/").status_code == 404
    assert Clinic.objects.count() == 0


def test_operator_sets_the_paper_a_clinics_reports_are_printed_on(operator_client, clinic):
    page = operator_client.get(f"/operator/clinics/clinic/{clinic.pk}/change/").content.decode()
    assert "A4 (210 × 297 mm)" in page and "US Letter (8.5 × 11 in)" in page
    response = operator_client.post(
        f"/operator/clinics/clinic/{clinic.pk}/change/",
        {
            "name": clinic.name,
            "slug": clinic.slug,
            "timezone": "Europe/Berlin",
            "checkin_delay_hours": "24",
            "mfa_policy": clinic.mfa_policy,
            "paper_size": "a4",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    clinic.refresh_from_db()
    assert clinic.paper_size == "a4"
