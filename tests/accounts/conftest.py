import time

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD


def app_code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the user's phone shows (optionally a later one: a code is accepted once)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


@pytest.fixture
def sign_in():
    """Sign in with email and password only (the first step)."""

    def sign_in(user, client=None, **extra):
        client = client or Client(**extra)
        response = client.post("/login/", {"username": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.content[:500]
        return client

    return sign_in
