"""WSGI application for the load test: dryneedle with the benchmark URLs (bench_urls.py)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dryneedle.settings")

from django.conf import settings
from django.core.wsgi import get_wsgi_application

settings.ROOT_URLCONF = "benchmarks.bench_urls"
application = get_wsgi_application()
