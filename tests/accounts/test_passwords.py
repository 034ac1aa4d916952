"""Password reset by email (through a real SMTP server) and password change."""

import re

from django.test import Client

from dryneedle.clinics.models import AuditEvent
from tests.factories import PASSWORD

NEW_PASSWORD = "a-brand-new-long-passphrase"


def _reset_link(message) -> str:
    body = message.get_payload(decode=True).decode()
    return re.search(r"https?://[^/\s]+(/account/password/reset/[^\s]+/)", body).group(1)


def _choose_password(link: str, password: str = NEW_PASSWORD):
    client = Client()
    form_page = client.get(link, follow=True)  # Django swaps the token for a session key
    assert form_page.status_code == 200
    return client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"new_password1": password, "new_password2": password},
    )


def _signs_in(user, password) -> bool:
    response = Client().post("/login/", {"username": user.email, "password": password})
    return response.status_code == 302


def test_a_reset_link_arrives_by_email_and_sets_a_new_password(smtp_server, clinician):
    Client().post("/account/password/reset/", {"email": clinician.email.upper()})
    message = smtp_server.wait_for()[0]
    assert message["To"] == clinician.email
    response = _choose_password(_reset_link(message))
    assert response.status_code == 302
    assert _signs_in(clinician, NEW_PASSWORD)
    assert not _signs_in(clinician, PASSWORD)
    assert AuditEvent.objects.filter(user=clinician, detail="password reset").exists()


def test_a_reset_link_works_once(smtp_server, clinician):
    Client().post("/account/password/reset/", {"email": clinician.email})
    link = _reset_link(smtp_server.wait_for()[0])
    _choose_password(link)
    response = Client().get(link, follow=True)
    assert "no longer works" in response.text


def test_an_unknown_address_gets_the_same_answer_and_no_mail(smtp_server, db):
    response = Client().post("/account/password/reset/", {"email": "nobody@example.org"})
    assert response["Location"] == "/account/password/reset/sent/"
    assert smtp_server.wait_for(seconds=0.5) == []


def test_a_weak_new_password_is_refused_with_a_reason(smtp_server, clinician):
    Client().post("/account/password/reset/", {"email": clinician.email})
    response = _choose_password(_reset_link(smtp_server.wait_for()[0]), "password")
    assert response.status_code == 200
    assert "too common" in response.text or "too short" in response.text
    assert _signs_in(clinician, PASSWORD)


def test_changing_the_password_signs_out_other_browsers(clinician, clinician_client):
    other_browser = Client()
    other_browser.force_login(clinician)
    response = clinician_client.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response["Location"] == "/account/password/changed/"
    assert other_browser.get("/patients/")["Location"].startswith("/login/")
    assert clinician_client.get("/patients/").status_code == 200


def test_passwords_are_stored_with_argon2(clinician):
    clinician.set_password(NEW_PASSWORD)
    assert clinician.password.startswith("argon2$argon2id$")
    assert NEW_PASSWORD not in clinician.password


def test_an_older_hash_is_upgraded_to_argon2_at_the_next_sign_in(clinician):
    from django.contrib.auth.hashers import make_password

    clinician.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    clinician.save(update_fields=["password"])
    assert _signs_in(clinician, PASSWORD)
    clinician.refresh_from_db()
    assert clinician.password.startswith("argon2$")
