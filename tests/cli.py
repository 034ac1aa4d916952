"""Run `dryneedle …` as a separate process, as a clinic's scripts do (real exit codes)."""

import os
import subprocess
import sys


def run_dryneedle(*args: str) -> subprocess.CompletedProcess:
    """The pure commands (atlas, screen, cpt, score) need no database; DATABASE_URL is dropped
    so a PostgreSQL test run does not make them connect to the test server."""
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "-m", "dryneedle", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
    )
