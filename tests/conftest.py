"""Shared personas: a clinician, a colleague, a front-desk user, an admin, and an outsider
from another clinic, each with a logged-in test client."""

from decimal import Decimal

import pytest

from dryneedle.clinics.roles import Role
from dryneedle.treatments.models import StockedNeedle, Treatment
from tests.clinical_records import consent, fill_for_signing, screen
from tests.factories import ClinicFactory, EpisodeFactory, MembershipFactory, PatientFactory
from tests.mail import start_smtp_server
from tests.sessions import verified_client


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


_client_for = verified_client


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


@pytest.fixture
def make_screening(clinician):
    def make(episode, **overrides):
        return screen(episode, clinician, **overrides)

    return make


@pytest.fixture
def make_consent(clinician):
    def make(patient, version=None):
        return consent(patient, clinician, version)

    return make


@pytest.fixture
def removable_signed_notes(transactional_db):
    """For tests that sign notes with a live server: the database flush at the end cannot
    delete signed notes (the immutability triggers refuse), so lift the triggers, delete the
    notes, and put the triggers back before the flush."""
    yield
    import importlib

    from django.db import connection

    from dryneedle.treatments.models import Addendum, Treatment

    triggers = importlib.import_module(
        "dryneedle.treatments.migrations.0002_signed_notes_are_immutable"
    )
    vendor = connection.vendor
    forward = {"sqlite": triggers.SQLITE_FORWARD, "postgresql": triggers.POSTGRES_FORWARD}
    backward = {"sqlite": triggers.SQLITE_BACKWARD, "postgresql": triggers.POSTGRES_BACKWARD}
    with connection.cursor() as cursor:
        for statement in backward[vendor]:
            cursor.execute(statement)
        from dryneedle.outcomes.models import CheckIn

        CheckIn.objects.all().delete()
        Addendum.objects.all().delete()
        Treatment.objects.all().delete()
        for statement in forward[vendor]:
            cursor.execute(statement)


@pytest.fixture
def needle(clinic):
    return StockedNeedle.objects.create(clinic=clinic, diameter_mm=Decimal("0.25"), length_mm=40)


@pytest.fixture
def ready_episode(episode, make_screening, make_consent, needle):
    """An episode whose patient is screened (clear) and has consented."""
    make_screening(episode)
    make_consent(episode.patient)
    return episode


@pytest.fixture
def draft(ready_episode, clinician):
    return Treatment.objects.create(episode=ready_episode, clinician=clinician)


def needling_data(needle, muscle="Upper trapezius", side="L", **extra) -> dict:
    return {
        "muscle": muscle,
        "side": side,
        "needle": needle.pk,
        "technique": "pistoning",
        "passes": 3,
        "twitch": "few",
        **extra,
    }


@pytest.fixture
def complete(draft, needle):
    """A draft with everything needed to sign: two muscles, NPRS, count, SOAP."""
    return fill_for_signing(draft, needle)


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a free loopback port; Django's SMTP backend sends to it."""
    inbox, controller = start_smtp_server(settings)
    settings.PUBLIC_BASE_URL = "http://testserver"
    yield inbox
    controller.stop()
