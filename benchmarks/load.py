"""Benchmark: mixed clinic load on gunicorn + PostgreSQL on loopback, 200 simulated users.

Goal (issue 9): ≥ 300 requests/s on 2 cores, p95 < 200 ms, no errors, and no write lost.

Run: `bash scripts/with-postgres.sh .venv/bin/python benchmarks/load.py [--seconds 60]`
(`make bench` does). Steps: migrate the throw-away database and load 4 clinics (50 clinicians
each with a screened, consented patient; 500 patients per clinic); serve dryneedle with
gunicorn on a free loopback port; run locust headless (benchmarks/locustfile.py) twice with
200 users: first for the baseline, every request the minimal view (bench_urls.minimal), then the
mixed load (search, open a patient, document and sign a treatment, submit a questionnaire).
Last, count the rows in the database and compare with the writes locust saw acknowledged.
"""

import argparse
import contextlib
import csv
import json
import os
import resource
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil
from setup_django import ROOT, setup

GOAL_RPS, GOAL_P95_MS = 300, 200
CLINICS, CLINICIANS_PER_CLINIC, PATIENTS_PER_CLINIC = 4, 50, 500


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load_staff() -> list[dict]:
    """The clinics and staff; one entry per simulated clinician."""
    from benchmarks.clinic_data import _password_hash, _patients, busy_clinic, ready_episode
    from dryneedle.clinics.models import Membership, User
    from dryneedle.clinics.roles import Role

    staff = []
    for c in range(CLINICS):
        busy = busy_clinic(20, patients=0, slug=f"load{c}", name=f"Load Clinic {c}")
        patients = _patients(busy.clinic, PATIENTS_PER_CLINIC, start=c * 10000)
        pks = [p.pk for p in patients]
        words = sorted({p.family_name[:-1] for p in patients})  # each matches ≤ 10 patients
        users = User.objects.bulk_create(
            User(email=f"c{n}@load{c}.test", full_name=f"Clinician {n}", password=_password_hash())
            for n in range(CLINICIANS_PER_CLINIC - 1)
        )
        Membership.objects.bulk_create(
            Membership(user=u, clinic=busy.clinic, role=Role.CLINICIAN.value) for u in users
        )
        for n, user in enumerate([busy.clinician, *users]):
            episode = ready_episode(patients[n], user)
            staff.append(
                {
                    "user": user.pk,
                    "episode": episode.pk,
                    "needle": busy.needle.pk,
                    "patients": pks,
                    "search_words": words,
                }
            )
    return staff


def cpu_seconds(root: psutil.Process) -> float:
    """CPU time used so far by a process and its children (gunicorn workers, PG backends)."""
    total = 0.0
    for process in [root, *root.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            times = process.cpu_times()
            total += times.user + times.system
    return total


def locust(
    phase: str, users: int, seconds: int, host: str, env: dict, workdir: Path, servers: dict
) -> dict:
    """Run locust headless; answer the aggregated figures of its CSV report, and the CPU
    seconds that locust and each server (name → process) used meanwhile."""
    prefix = workdir / phase
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(ROOT / "benchmarks" / "locustfile.py"),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(users),  # all users within the first second
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        "10",
        "--host",
        host,
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    phase_env = {**env, "DRYNEEDLE_BENCH_MODE": phase, "DRYNEEDLE_BENCH_ACKS": f"{prefix}.json"}
    before = {name: cpu_seconds(p) for name, p in servers.items()}
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(f"{prefix}.log", "w") as log:
        subprocess.run(command, env=phase_env, check=False, stdout=log, stderr=subprocess.STDOUT)
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = {name: cpu_seconds(p) - before[name] for name, p in servers.items()}
    cpu["locust"] = (children_after.ru_utime + children_after.ru_stime) - (
        children_before.ru_utime + children_before.ru_stime
    )
    with open(f"{prefix}_stats.csv") as report:
        rows = {row["Name"]: row for row in csv.DictReader(report)}
    total = rows["Aggregated"]
    return {
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "rps": float(total["Requests/s"]),
        "p50": float(total["50%"]),
        "p95": float(total["95%"]),
        "rows": rows,
        "acks": json.loads(Path(f"{prefix}.json").read_text()),
        "cpu": cpu,
    }


def serve(port: int, env: dict, workers: int, threads: int, log: Path) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "benchmarks.bench_wsgi:application",
        "--chdir",
        str(ROOT),
        "--pythonpath",
        f"{ROOT / 'src'},{ROOT}",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--backlog",
        "2048",
    ]
    server = subprocess.Popen(command, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=1)
            return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"gunicorn did not start; see {log}") from None
            time.sleep(0.1)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer; see {log}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60, help="mixed load duration")
    parser.add_argument("--baseline-seconds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per process")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit(
            "Run on a throw-away PostgreSQL: bash scripts/with-postgres.sh "
            ".venv/bin/python benchmarks/load.py"
        )
    setup()
    from django.db import connection

    from dryneedle.clinics.models import User
    from dryneedle.outcomes.models import Response
    from dryneedle.treatments.models import Treatment

    staff = load_staff()
    workdir = Path(tempfile.mkdtemp(prefix="dryneedle-load-"))
    (workdir / "staff.json").write_text(json.dumps(staff))
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        "DRYNEEDLE_BENCH_LOGIN_SECRET": secrets.token_urlsafe(24),
        "DRYNEEDLE_BENCH_STAFF": str(workdir / "staff.json"),
        "DRYNEEDLE_LOG_LEVEL": "WARNING",
    }
    load_before = os.getloadavg()[0]
    server = serve(port, env, args.workers, args.threads, workdir / "gunicorn.log")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        postmaster = psutil.Process(cursor.fetchone()[0]).parent()
    servers = {"gunicorn": psutil.Process(server.pid), "postgres": postmaster}
    try:
        host = f"http://127.0.0.1:{port}"
        # Warm every worker (imports, templates, connections) before anything is measured.
        (workdir / "warm-up").mkdir()
        locust("mixed", 20, 8, host, env, workdir / "warm-up", servers)
        bench_users = User.objects.filter(pk__in=[s["user"] for s in staff])
        signed_before = set(
            Treatment.objects.filter(clinician__in=bench_users, status="signed").values_list(
                "pk", flat=True
            )
        )
        responses_before = Response.objects.filter(entered_by__in=bench_users).count()
        base = locust("baseline", args.users, args.baseline_seconds, host, env, workdir, servers)
        mixed = locust("mixed", args.users, args.seconds, host, env, workdir, servers)
    finally:
        server.terminate()
        server.wait(timeout=30)

    signed_now = set(
        Treatment.objects.filter(clinician__in=bench_users, status="signed").values_list(
            "pk", flat=True
        )
    )
    signed_in_run = signed_now - signed_before
    acked_signed = set(mixed["acks"]["signed"])
    lost_signed = acked_signed - signed_in_run
    responses_in_run = (
        Response.objects.filter(entered_by__in=bench_users).count() - responses_before
    )
    acked_responses = mixed["acks"]["responses"]
    attempted_responses = mixed["acks"]["response_attempts"]

    cores = os.cpu_count()
    print(
        f"gunicorn {args.workers} workers × {args.threads} threads (gthread), PostgreSQL and "
        f"locust on the same {cores} cores; {args.users} users, wait 0.2–0.8 s between tasks; "
        f"machine load average {load_before:.1f} before the run"
    )
    print(f"{'':28}{'requests':>9}{'errors':>8}{'req/s':>9}{'p50 ms':>8}{'p95 ms':>8}")
    for name, run in (("minimal view (baseline)", base), ("mixed clinic load", mixed)):
        print(
            f"{name:28}{run['requests']:9d}{run['failures']:8d}{run['rps']:9.1f}"
            f"{run['p50']:8.0f}{run['p95']:8.0f}"
        )
    print("mixed load by request:")
    for name, row in mixed["rows"].items():
        if name != "Aggregated":
            print(
                f"  {row['Type']:5}{name:23}{int(row['Request Count']):9d}"
                f"{int(row['Failure Count']):8d}{float(row['Requests/s']):9.1f}"
                f"{float(row['50%']):8.0f}{float(row['95%']):8.0f}"
            )
    print("CPU per request (ms; gunicorn + PostgreSQL, and with locust) → requests/s that 2 idle")
    print("cores would serve at that cost:")
    for name, run in (("minimal view (baseline)", base), ("mixed clinic load", mixed)):
        served = (run["cpu"]["gunicorn"] + run["cpu"]["postgres"]) * 1000 / run["requests"]
        everything = served + run["cpu"]["locust"] * 1000 / run["requests"]
        print(
            f"  {name:26} {served:6.1f} ms (gunicorn {run['cpu']['gunicorn']:.0f} s, "
            f"PostgreSQL {run['cpu']['postgres']:.0f} s), {everything:6.1f} ms with locust "
            f"→ {2000 / served:5.0f} req/s server only, "
            f"{2000 / everything:5.0f} req/s all on 2 cores"
        )
    print(
        f"ratio mixed/baseline: {mixed['rps'] / base['rps']:.2f}× the requests/s, "
        f"{mixed['p95'] / max(base['p95'], 1):.2f}× the p95"
    )
    print(
        f"writes: {len(acked_signed)} notes signed and acknowledged, {len(signed_in_run)} signed "
        f"in the database, {len(lost_signed)} lost; {acked_responses} questionnaires "
        f"acknowledged ({attempted_responses} sent), {responses_in_run} in the database"
    )
    no_loss = not lost_signed and acked_responses <= responses_in_run <= attempted_responses
    verdicts = [
        ("requests/s", mixed["rps"] >= GOAL_RPS, f"≥ {GOAL_RPS}", f"{mixed['rps']:.0f}"),
        ("p95", mixed["p95"] < GOAL_P95_MS, f"< {GOAL_P95_MS} ms", f"{mixed['p95']:.0f} ms"),
        ("errors", mixed["failures"] == 0, "0", str(mixed["failures"])),
        ("no write lost", no_loss, "yes", "yes" if no_loss else "NO"),
    ]
    for what, ok, goal, got in verdicts:
        print(f"goal {what} {goal}: {'met' if ok else 'MISSED'} ({got})")
    print(f"(locust reports and the gunicorn log: {workdir})")


if __name__ == "__main__":
    main()
