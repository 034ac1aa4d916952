"""Security headers on every page, secure cookies and HSTS in production, and no secret kept
in the repository."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("url", ["/login/", "/patients/"])
def test_every_page_carries_the_security_headers(url, clinician_client):
    response = clinician_client.get(url)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_session_and_csrf_cookies_are_out_of_scripts_reach(clinician_client):
    response = clinician_client.get("/patients/")
    assert response.cookies["sessionid"]["httponly"]
    assert response.cookies["sessionid"]["samesite"] == "Lax"


def _production_settings(tmp_path) -> dict[str, str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DRYNEEDLE_", "DJANGO_")) and k != "DATABASE_URL"
    }
    environment.update(
        DRYNEEDLE_DATA_DIR=str(tmp_path),
        DRYNEEDLE_ENV="production",
        DRYNEEDLE_SECRET_KEY="k3y-" + "q8Zr4" * 12,
        DRYNEEDLE_ALLOWED_HOSTS="clinic.example.org",
        DRYNEEDLE_ALLOW_SQLITE="true",
        DJANGO_SETTINGS_MODULE="dryneedle.settings",
    )
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "r = Client().get('/api/patients', secure=True, HTTP_HOST='clinic.example.org')\n"
        "from django.conf import settings as s\n"
        "print(r.status_code, r.get('Strict-Transport-Security'), s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, sep='|')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    status, hsts, session_secure, csrf_secure, redirect = result.stdout.strip().split("|")
    return {
        "status": status,
        "hsts": hsts,
        "session_secure": session_secure,
        "csrf_secure": csrf_secure,
        "redirect": redirect,
    }


def test_production_sends_hsts_and_secure_cookies_only(tmp_path):
    production = _production_settings(tmp_path)
    assert production["status"] == "401"  # a page that needs no collected static files
    assert "max-age=31536000" in production["hsts"] and "includeSubDomains" in production["hsts"]
    assert production["session_secure"] == production["csrf_secure"] == "True"
    assert production["redirect"] == "True"


SECRET_PATTERNS = [
    re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    re.compile(r"django-insecure-"),
    re.compile(r"AKIA[0-9A-Z]{16}"),
    re.compile(r"""SECRET_KEY\s*=\s*["'][^"']{8,}["']"""),
    re.compile(r"""(?i)(password|passwd)\s*=\s*["'][^"']{6,}["']"""),
]
# Known, deliberate credentials: the demo's printed password and test fixtures.
ALLOWED = {"src/dryneedle/demo/management/commands/demo.py"}


def test_no_secret_is_kept_in_the_repository():
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=REPOSITORY, capture_output=True, text=True, check=True
    ).stdout.split()
    found = []
    for name in tracked:
        if name.startswith(("tests/", "benchmarks/")) or name in ALLOWED:
            continue
        path = REPOSITORY / name
        if path.suffix in {".png", ".svg", ".pdf", ".ico", ".woff2"} or not path.is_file():
            continue
        text = path.read_text(errors="ignore")
        found += [f"{name}: {p.pattern}" for p in SECRET_PATTERNS if p.search(text)]
    assert found == []
