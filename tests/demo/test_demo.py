"""`dryneedle demo` builds the demo clinic once, however often it runs."""

from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from dryneedle.clinics.models import Clinic, User
from dryneedle.patients.models import Episode, Patient


@pytest.fixture
def demo(db, capsys):
    call_command("demo")
    return capsys.readouterr().out


def test_demo_prints_the_logins_and_password(demo):
    assert "demo@clinic.test" in demo
    assert "needle-demo-2026" in demo


def test_demo_clinician_can_sign_in_with_the_printed_password(demo):
    response = Client().post(
        "/login/", {"username": "demo@clinic.test", "password": "needle-demo-2026"}
    )
    assert response.status_code == 302


def test_demo_has_thirty_patients_across_the_six_common_diagnoses(demo):
    codes = Counter(Episode.objects.values_list("icd10_code", flat=True))
    assert Patient.objects.count() == 30
    assert set(codes) == {"M54.50", "G44.209", "M54.2", "M72.2", "M77.11", "M76.62"}


def test_running_demo_twice_creates_nothing_new(demo):
    call_command("demo")
    assert (Clinic.objects.count(), User.objects.count(), Patient.objects.count()) == (1, 4, 30)


def test_demo_refuses_to_run_with_production_settings(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("demo")


def test_demo_admin_can_sign_in_without_a_phone_app_even_on_an_older_demo(db, capsys):
    call_command("demo")
    Clinic.objects.filter(slug="demo").update(mfa_policy=Clinic.MfaPolicy.ADMINS)
    call_command("demo")
    client = Client()
    client.post("/login/", {"username": "admin@clinic.test", "password": "needle-demo-2026"})
    assert client.get("/patients/").status_code == 200
