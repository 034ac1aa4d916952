"""Fixtures for fault tests: one PostgreSQL cluster per module (migrated and seeded), and a
gunicorn server per test; both always stopped, even when a test fails."""

import json
import subprocess
import sys

import pytest

from tests.faults import harness


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    if harness.postgres_bindir() is None:
        pytest.fail("PostgreSQL server binaries are missing (/usr/lib/postgresql/*/bin)")
    made = harness.Cluster()
    try:
        made.create()
        made.env = harness.environment(made, str(tmp_path_factory.mktemp("data")))
        harness.dryneedle(made.env, "migrate", "--noinput", "-v0")
        seeded = subprocess.run(
            [sys.executable, str(harness.HERE / "seed.py")],
            env={**made.env, "DJANGO_SETTINGS_MODULE": "dryneedle.settings"},
            capture_output=True, text=True, timeout=120, check=True,
        )  # fmt: skip
        made.seed = json.loads(seeded.stdout)
        yield made
    finally:
        made.destroy()


@pytest.fixture
def app_server(cluster, tmp_path):
    server = harness.AppServer(cluster.env, tmp_path / "access.log")
    try:
        server.start()
        yield server
    finally:
        server.stop()
