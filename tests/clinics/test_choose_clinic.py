"""A user who works in several clinics chooses which one they act for."""

import pytest
from django.test import Client

from dryneedle.clinics.roles import Role
from tests.factories import MembershipFactory, PatientFactory


@pytest.fixture
def two_clinic_client(clinic, other_clinic):
    membership = MembershipFactory(clinic=clinic)
    MembershipFactory(user=membership.user, clinic=other_clinic, role=Role.FRONT_DESK.value)
    client = Client()
    client.force_login(membership.user)
    return client


def test_user_of_several_clinics_is_asked_to_choose_first(two_clinic_client):
    response = two_clinic_client.get("/patients/")
    assert response.status_code == 302
    assert response["Location"].startswith("/clinic/choose/")


def test_chosen_clinic_shows_only_its_own_patients(two_clinic_client, clinic, other_clinic):
    PatientFactory(clinic=clinic, family_name="Riversidepatient")
    PatientFactory(clinic=other_clinic, family_name="Hilltoppatient")
    two_clinic_client.post("/clinic/choose/", {"clinic": other_clinic.pk, "next": "/patients/"})
    content = two_clinic_client.get("/patients/").content.decode()
    assert "Hilltoppatient" in content
    assert "Riversidepatient" not in content


def test_role_follows_the_chosen_clinic(two_clinic_client, other_clinic, clinic):
    patient = PatientFactory(clinic=other_clinic)
    two_clinic_client.post("/clinic/choose/", {"clinic": other_clinic.pk})
    # front desk in the other clinic: no clinical pages there
    assert two_clinic_client.get(f"/patients/{patient.pk}/episodes/new/").status_code == 403


def test_a_clinic_the_user_does_not_belong_to_cannot_be_chosen(two_clinic_client):
    from tests.factories import ClinicFactory

    stranger = ClinicFactory()
    response = two_clinic_client.post("/clinic/choose/", {"clinic": stranger.pk})
    assert response.status_code == 200  # the choice page again, nothing chosen
    assert two_clinic_client.get("/patients/").status_code == 302


def test_choice_page_ignores_an_offsite_next_address(two_clinic_client, clinic):
    response = two_clinic_client.post(
        "/clinic/choose/", {"clinic": clinic.pk, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
