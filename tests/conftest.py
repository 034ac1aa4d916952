"""Shared personas: a clinician, a colleague, a front-desk user, an admin, and an outsider
from another clinic, each with a logged-in test client."""

import pytest
from django.test import Client

from dryneedle.clinics.roles import Role
from tests.factories import ClinicFactory, EpisodeFactory, MembershipFactory, PatientFactory


@pytest.fixture
def clinic(db):
    return ClinicFactory(name="Riverside Physio")


@pytest.fixture
def other_clinic(db):
    return ClinicFactory(name="Hilltop Sports Clinic")


def _member(clinic, role: Role):
    return MembershipFactory(clinic=clinic, role=role.value).user


@pytest.fixture
def clinician(clinic):
    return _member(clinic, Role.CLINICIAN)


@pytest.fixture
def colleague(clinic):
    return _member(clinic, Role.CLINICIAN)


@pytest.fixture
def front_desk(clinic):
    return _member(clinic, Role.FRONT_DESK)


@pytest.fixture
def clinic_admin(clinic):
    return _member(clinic, Role.ADMIN)


@pytest.fixture
def outsider(other_clinic):
    return _member(other_clinic, Role.CLINICIAN)


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def clinician_client(clinician):
    return _client_for(clinician)


@pytest.fixture
def front_desk_client(front_desk):
    return _client_for(front_desk)


@pytest.fixture
def admin_client_(clinic_admin):
    return _client_for(clinic_admin)


@pytest.fixture
def outsider_client(outsider):
    return _client_for(outsider)


@pytest.fixture
def patient(clinic):
    return PatientFactory(clinic=clinic, given_name="Olivia", family_name="Hughes")


@pytest.fixture
def episode(patient):
    return EpisodeFactory(patient=patient)


@pytest.fixture
def make_client():
    return _client_for
