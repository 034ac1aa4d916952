"""Two-factor sign-in: clinics require it of admins by default; once set up, every sign-in
asks for a code; recovery codes work once; an attacker with the password alone gets nowhere."""

import re

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from dryneedle.clinics.models import AuditEvent, Clinic
from dryneedle.clinics.roles import Role
from tests.accounts.conftest import app_code
from tests.factories import MembershipFactory, UserFactory

SETUP = "/account/two-factor/set-up/"
VERIFY = "/account/two-factor/"


def _set_up(client, user) -> list[str]:
    """Walk through set-up as the user would; returns the recovery codes shown."""
    assert client.get(SETUP).status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP, {"code": app_code(device)}, follow=True)
    assert response.status_code == 200
    return re.findall(r'<code class="code">([0-9a-f]{5}-[0-9a-f]{5})</code>', response.text)


def test_new_clinics_require_two_factor_of_admins():
    assert Clinic._meta.get_field("mfa_policy").default == Clinic.MfaPolicy.ADMINS


def test_an_admin_is_sent_to_set_up_two_factor_after_the_password(sign_in, clinic_admin):
    client = sign_in(clinic_admin)
    response = client.get("/patients/")
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)


def test_the_api_refuses_an_admin_who_has_not_confirmed_a_code(sign_in, clinic_admin):
    client = sign_in(clinic_admin)
    response = client.get("/api/patients")
    assert response.status_code == 403
    assert "authenticator" in response.json()["detail"]


def test_a_clinician_is_not_asked_when_the_clinic_requires_it_of_admins_only(sign_in, clinician):
    assert sign_in(clinician).get("/patients/").status_code == 200


def test_a_clinic_can_require_it_of_everyone(sign_in, clinic, clinician):
    clinic.mfa_policy = Clinic.MfaPolicy.ALL_STAFF
    clinic.save()
    response = sign_in(clinician).get("/patients/")
    assert response["Location"].startswith(SETUP)


def test_operators_must_use_it_too(sign_in, db):
    operator = UserFactory(is_staff=True, is_superuser=True)
    response = sign_in(operator).get("/operator/")
    assert response["Location"].startswith(SETUP)


def test_setting_up_shows_ten_recovery_codes_and_opens_the_app(sign_in, clinic_admin):
    client = sign_in(clinic_admin)
    codes = _set_up(client, clinic_admin)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/patients/").status_code == 200
    assert TOTPDevice.objects.get(user=clinic_admin).confirmed


def test_recovery_codes_are_stored_only_as_one_time_tokens_and_shown_once(sign_in, clinic_admin):
    client = sign_in(clinic_admin)
    _set_up(client, clinic_admin)
    assert StaticToken.objects.filter(device__user=clinic_admin).count() == 10
    again = client.get("/account/two-factor/recovery-codes/")
    assert again.status_code == 302  # not shown a second time


def test_a_wrong_set_up_code_is_refused_with_a_message(sign_in, clinic_admin):
    client = sign_in(clinic_admin)
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000"})
    assert "does not match" in response.text
    assert not TOTPDevice.objects.filter(user=clinic_admin, confirmed=True).exists()
    assert client.get("/patients/")["Location"].startswith(SETUP)


@pytest.fixture
def enrolled_admin(sign_in, clinic_admin):
    client = sign_in(clinic_admin)
    codes = _set_up(client, clinic_admin)
    client.post("/logout/")
    return clinic_admin, codes


def test_each_later_sign_in_asks_for_a_code(sign_in, enrolled_admin):
    admin, _ = enrolled_admin
    client = sign_in(admin)
    assert client.get("/patients/")["Location"].startswith(VERIFY)
    device = TOTPDevice.objects.get(user=admin)
    response = client.post(VERIFY, {"code": app_code(device, steps_ahead=1), "next": "/patients/"})
    assert response["Location"] == "/patients/"
    assert client.get("/patients/").status_code == 200


def test_a_wrong_code_keeps_the_door_shut_and_is_audited(sign_in, enrolled_admin):
    admin, _ = enrolled_admin
    client = sign_in(admin)
    response = client.post(VERIFY, {"code": "123456"})
    assert "not right" in response.text
    assert client.get("/patients/")["Location"].startswith(VERIFY)
    assert AuditEvent.objects.filter(
        user=admin, action=AuditEvent.Action.LOGIN_FAILED, detail="two-factor code refused"
    ).exists()


def test_repeated_wrong_codes_are_slowed_down(sign_in, enrolled_admin):
    admin, _ = enrolled_admin
    client = sign_in(admin)
    for _ in range(3):
        client.post(VERIFY, {"code": "123456"})
    device = TOTPDevice.objects.get(user=admin)
    response = client.post(VERIFY, {"code": app_code(device, steps_ahead=1)})
    assert response.status_code == 200
    assert "Too many wrong codes" in response.text


def test_a_recovery_code_works_once(sign_in, enrolled_admin):
    admin, codes = enrolled_admin
    client = sign_in(admin)
    response = client.post(VERIFY, {"code": codes[0]}, follow=True)
    assert "9 left" in response.text
    assert client.get("/patients/").status_code == 200
    client.post("/logout/")
    again = sign_in(admin)
    response = again.post(VERIFY, {"code": codes[0]})
    assert "not right" in response.text


def test_a_password_alone_cannot_replace_the_authenticator(sign_in, enrolled_admin):
    admin, _ = enrolled_admin
    client = sign_in(admin)
    response = client.get(SETUP)
    assert response["Location"].startswith(VERIFY)
    assert client.post(SETUP, {"code": "000000"})["Location"].startswith(VERIFY)


def test_turning_it_off_is_refused_where_the_clinic_requires_it(enrolled_admin):
    from tests.sessions import verified_client

    admin, _ = enrolled_admin
    client = verified_client(admin)
    client.post("/account/two-factor/remove/", follow=True)
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).exists()


def test_someone_who_chose_it_is_always_asked_even_where_optional(sign_in, clinic, clinician):
    client = sign_in(clinician)
    _set_up(client, clinician)
    client.post("/logout/")
    assert sign_in(clinician).get("/patients/")["Location"].startswith(VERIFY)


def test_a_clinician_may_turn_off_what_they_chose(sign_in, clinician):
    client = sign_in(clinician)
    _set_up(client, clinician)
    client.post("/account/two-factor/remove/")
    assert not TOTPDevice.objects.filter(user=clinician).exists()
    assert AuditEvent.objects.filter(user=clinician, detail="two-factor removed").exists()


def test_a_member_of_two_clinics_follows_the_stricter_policy(sign_in, clinician, other_clinic):
    other_clinic.mfa_policy = Clinic.MfaPolicy.ALL_STAFF
    other_clinic.save()
    MembershipFactory(user=clinician, clinic=other_clinic, role=Role.CLINICIAN.value)
    assert sign_in(clinician).get("/patients/")["Location"].startswith("/account/two-factor/")


def test_signing_out_works_before_the_second_step(sign_in, clinic_admin):
    client = sign_in(clinic_admin)
    assert client.post("/logout/").status_code == 302
    assert client.get("/patients/")["Location"].startswith("/login/")
