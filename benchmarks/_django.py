"""Shared set-up for the database benchmarks: a throw-away PostgreSQL, Django, synthetic data.

`on_postgres()` re-runs the calling script under scripts/with-postgres.sh (a new cluster on a
free port, stopped afterwards) unless DATABASE_URL already names a PostgreSQL database.
"""

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def on_postgres() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        script = REPO / "scripts" / "with-postgres.sh"
        os.execvp("bash", ["bash", str(script), sys.executable, *sys.argv])  # noqa: S606, S607


def setup_django() -> None:
    """Django against the benchmark's database, migrated; data files in a temp directory."""
    sys.path.insert(0, str(REPO / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dryneedle.settings")
    os.environ.setdefault("DRYNEEDLE_DATA_DIR", tempfile.mkdtemp(prefix="dn-bench-"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def synth(*, clinics: int, patients: int, seed: int = 1) -> float:
    """Generate synthetic clinics with `dryneedle synth`; return the seconds it took."""
    from django.core.management import call_command

    start = time.perf_counter()
    call_command("synth", clinics=clinics, patients=patients, seed=seed, no_progress=True)
    return time.perf_counter() - start


def peak_rss_mb() -> float:
    """The process's peak resident memory so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> str:
    load = os.getloadavg()
    return f"{os.cpu_count()} CPUs, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}"
