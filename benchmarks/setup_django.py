"""Start Django for a benchmark script: a fresh SQLite file in a temp folder unless
DATABASE_URL names a (throw-away) PostgreSQL, the benchmark URLs, and migrations applied."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup() -> str:
    """Configure and migrate; answer the database vendor ("sqlite" or "postgresql")."""
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    if not os.environ.get("DATABASE_URL"):
        os.environ["DRYNEEDLE_DATA_DIR"] = tempfile.mkdtemp(prefix="dryneedle-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dryneedle.settings")
    os.environ.setdefault("DRYNEEDLE_LOG_LEVEL", "WARNING")
    import django
    from django.conf import settings

    django.setup()
    settings.ROOT_URLCONF = "benchmarks.bench_urls"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver", "127.0.0.1"]
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    return connection.vendor
