"""Settings read from the environment fail loudly on bad values and missing secrets."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from dryneedle.env import env_bool, env_int
from tests.deployment import PRODUCTION_SECRETS, load_settings


def test_a_misspelt_boolean_is_an_error_not_false(monkeypatch):
    monkeypatch.setenv("DRYNEEDLE_X", "ture")
    with pytest.raises(ImproperlyConfigured, match="not a boolean"):
        env_bool("DRYNEEDLE_X", False)


@pytest.mark.parametrize("raw,expected", [("true", True), ("Off", False), ("1", True)])
def test_booleans_accept_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("DRYNEEDLE_X", raw)
    assert env_bool("DRYNEEDLE_X", not expected) is expected


def test_a_non_number_is_an_error(monkeypatch):
    monkeypatch.setenv("DRYNEEDLE_X", "ten")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("DRYNEEDLE_X", 1)


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = load_settings(
        tmp_path, DRYNEEDLE_ENV="production", DRYNEEDLE_ALLOWED_HOSTS="clinic.example.org"
    )  # no secret key
    assert result.returncode != 0
    assert "DRYNEEDLE_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = load_settings(tmp_path, DRYNEEDLE_ENV="production", DRYNEEDLE_SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "DRYNEEDLE_ALLOWED_HOSTS" in result.stderr


def test_production_settings_pass_the_deployment_check(tmp_path):
    result = load_settings(
        tmp_path,
        **PRODUCTION_SECRETS,
        DRYNEEDLE_ALLOW_SQLITE="true",
    )
    assert result.returncode == 0, result.stderr


def test_debug_is_off_unless_asked(settings):
    assert settings.DEBUG is False


def test_production_refuses_sqlite_unless_allowed(tmp_path):
    result = load_settings(
        tmp_path,
        **PRODUCTION_SECRETS,
        DRYNEEDLE_ALLOW_SQLITE="",
    )
    assert "DATABASE_URL" in result.stderr


def test_an_empty_boolean_counts_as_not_set(monkeypatch):
    monkeypatch.setenv("DRYNEEDLE_X", "")
    assert env_bool("DRYNEEDLE_X", True) is True


def test_audit_records_the_proxied_client_address(rf, settings, clinician):
    from dryneedle.clinics import audit

    settings.BEHIND_PROXY = True
    request = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7")
    request.user = clinician
    event = audit.record(request, audit.Action.LIST)
    assert event.ip_address == "198.51.100.7"


def test_production_refuses_sqlite_named_by_database_url_unless_allowed(tmp_path):
    result = load_settings(
        tmp_path, **PRODUCTION_SECRETS, DATABASE_URL=f"sqlite:///{tmp_path}/clinic.sqlite3"
    )
    assert result.returncode != 0
    assert "DRYNEEDLE_ALLOW_SQLITE" in result.stderr


def test_production_runs_on_sqlite_named_by_database_url_when_allowed(tmp_path):
    result = load_settings(
        tmp_path,
        **PRODUCTION_SECRETS,
        DATABASE_URL=f"sqlite:///{tmp_path}/clinic.sqlite3",
        DRYNEEDLE_ALLOW_SQLITE="true",
    )
    assert result.returncode == 0, result.stderr


def _sqlite_journal_mode(tmp_path, **env) -> str:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DRYNEEDLE_", "DJANGO_")) and key != "DATABASE_URL"
    }
    environment.update(DRYNEEDLE_DATA_DIR=str(tmp_path), **env)
    read = (
        "from django.db import connection; "
        "mode = connection.cursor().execute('PRAGMA journal_mode').fetchone()[0]; "
        "print(mode, connection.settings_dict['OPTIONS'].get('transaction_mode'))"
    )
    done = subprocess.run(
        [sys.executable, "-m", "dryneedle", "shell", "--no-imports", "-c", read],
        env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.parametrize("named_by_url", [True, False], ids=["DATABASE_URL", "default file"])
def test_sqlite_writes_ahead_and_takes_the_write_lock_first_however_the_file_is_named(
    tmp_path, named_by_url
):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path}/clinic.sqlite3"} if named_by_url else {}
    assert _sqlite_journal_mode(tmp_path, **env) == "wal IMMEDIATE"
