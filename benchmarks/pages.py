"""Benchmark: the patient page and the progress page of a patient with 50 treatments.

Goal (issue 9): server time at most 3× a minimal Django view served the same way, and at most
15 queries per page.

Run: `.venv/bin/python benchmarks/pages.py [--treatments 50] [--requests 300]` (fresh SQLite in
a temp folder), or `bash scripts/with-postgres.sh .venv/bin/python benchmarks/pages.py` (a
throw-away PostgreSQL 15).

Every page is served in-process through Django's WSGI handler (django.test.Client: the full
middleware stack, a signed-in session, the audit row each page writes). Baseline, measured in
the same run and the same way: `bench/minimal/` (benchmarks/bench_urls.py), a view behind the
same middleware, session and access check that returns "ok" without a template or a query of
its own. Requests to the pages and to the baseline are interleaved, so machine noise hits all
alike. Server time is the wall time of one `client.get()`.
"""

import argparse
import os
import statistics
import time

from setup_django import setup

GOAL_RATIO = 3.0
GOAL_QUERIES = 15


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--treatments", type=int, default=50)
    parser.add_argument("--requests", type=int, default=300, help="timed requests per page")
    args = parser.parse_args()
    vendor = setup()

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from benchmarks.clinic_data import busy_clinic

    busy = busy_clinic(args.treatments, patients=200)
    client = Client()
    client.force_login(busy.clinician)
    pages = {
        "minimal view (baseline)": "/bench/minimal/",
        "patient page": f"/patients/{busy.patient.pk}/",
        "progress page": f"/episodes/{busy.episode.pk}/progress/",
        "episode page": f"/episodes/{busy.episode.pk}/",
        "treatment note": f"/treatments/{busy.treatments[-1].pk}/",
        "patient search": "/patients/?q=Family000",
    }
    queries = {}
    for name, url in pages.items():
        for _ in range(5):  # warm: imports, template loading, the session's clinic
            assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries[name] = len(captured)

    times: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(args.requests):
        for name, url in pages.items():
            start = time.perf_counter()
            response = client.get(url)
            times[name].append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, url

    base = times["minimal view (baseline)"]
    base_median, base_p95 = statistics.median(base), percentile(base, 0.95)
    print(
        f"{vendor}; patient with {args.treatments} signed treatments (2 needlings each), "
        f"{args.treatments} NDI responses; {args.requests} interleaved requests per page; "
        f"machine load average {os.getloadavg()[0]:.1f}"
    )
    print(f"{'':26}{'median ms':>10}{'p95 ms':>9}{'queries':>9}{'× median':>10}{'× p95':>8}")
    verdicts = []
    for name in pages:
        median, p95 = statistics.median(times[name]), percentile(times[name], 0.95)
        ratio_median, ratio_p95 = median / base_median, p95 / base_p95
        print(
            f"{name:26}{median:10.2f}{p95:9.2f}{queries[name]:9d}"
            f"{ratio_median:10.2f}{ratio_p95:8.2f}"
        )
        if name in ("patient page", "progress page"):
            ok = ratio_median <= GOAL_RATIO and queries[name] <= GOAL_QUERIES
            verdicts.append(
                f"goal {name}: ≤ {GOAL_RATIO:g}× minimal view and ≤ {GOAL_QUERIES} queries: "
                f"{'met' if ok else 'MISSED'} ({ratio_median:.2f}×, {queries[name]} queries)"
            )
    print("\n".join(verdicts))


if __name__ == "__main__":
    main()
