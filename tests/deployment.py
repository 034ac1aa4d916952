"""Settings as a deployment loads them: `dryneedle check --deploy` in a subprocess with a
deployment's environment (none of the test run's own variables)."""

import os
import subprocess
import sys

# What production needs before anything else; each test adds the setting it is about.
PRODUCTION_SECRETS = {
    "DRYNEEDLE_ENV": "production",
    "DRYNEEDLE_SECRET_KEY": "k3y-" + "q8Zr4" * 12,
    "DRYNEEDLE_ALLOWED_HOSTS": "clinic.example.org",
}


def load_settings(tmp_path, **env) -> subprocess.CompletedProcess:
    # A deployment's environment: none of ours, nor the browser tests' async override.
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DRYNEEDLE_", "DJANGO_")) and key != "DATABASE_URL"
    }
    environment.update(DRYNEEDLE_DATA_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-m", "dryneedle", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
