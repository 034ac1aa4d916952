"""Benchmark 6: import a CSV of 100,000 patients (goal: < 30 s, all or nothing).

Run: `.venv/bin/python benchmarks/csv_import.py [--scale 1.0] [--sqlite]`. Starts its own
throw-away PostgreSQL (scripts/with-postgres.sh) unless --sqlite is given.

Measured in one run: (1) the import of a clean file of 100,000 × scale patients through
`csv_io.import_patients` (every row checked, then one transaction); (2) atomicity: the same
file with one bad row at its end, into a fresh clinic: nothing may be written; (3) the
baseline: the same checked rows saved one by one with `Patient.objects.create()` (with its
history row) inside one transaction, timed on a sample of 2,000 rows and scaled linearly to
the file's size (per-row inserts cost the same per row at any size).
"""

import argparse
import random
import sys
import time

sys.path.insert(0, __file__.rsplit("/", 1)[0])
import _django

GOAL_SECONDS = 30.0
SAMPLE = 2000


def csv_text(rows: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    given = ["Olivia", "Liam", "Emma", "Noah", "Ava", "Mateo", "Sophia", "Amara", "Kenji", "Zoë"]
    family = ["Hughes", "Nakamura", "Okonkwo", "Schmidt", "García", "O'Brien", "Bergström"]
    lines = ["record_number,given_name,family_name,date_of_birth,sex,email,phone"]
    people = set()  # the import refuses the same person twice: draw again on a clash
    for n in range(rows):
        while True:
            born = f"{rng.randint(1940, 2006)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            name, surname = rng.choice(given), rng.choice(family)
            if (name, surname, born) not in people:
                people.add((name, surname, born))
                break
        email = f"patient.{n}@example.org" if rng.random() < 0.7 else ""
        lines.append(
            f'R{n:07d},{name},"{surname}",{born},'
            f"{rng.choice(['female', 'male', ''])},{email},+1 312 555 {n % 10000:04d}"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of 100,000 rows")
    parser.add_argument("--sqlite", action="store_true", help="use SQLite, not PostgreSQL")
    args = parser.parse_args()
    if not args.sqlite:
        _django.on_postgres()
    _django.setup_django()

    from django.db import connection, transaction

    from dryneedle.clinics.models import Clinic
    from dryneedle.interop.csv_io import import_patients
    from dryneedle.patients.models import Patient

    rows = int(100_000 * args.scale)
    text = csv_text(rows)
    print(f"database: {connection.vendor}; {_django.machine()}")
    print(f"file: {rows:,} patients, {len(text.encode()) / 1e6:.1f} MB")

    clinic = Clinic.objects.create(name="Import bench", slug="import-bench")
    start = time.perf_counter()
    result = import_patients(text, clinic)
    ours = time.perf_counter() - start
    assert result.ok and result.created == rows, result.problems[:3]
    assert Patient.objects.filter(clinic=clinic).count() == rows

    bad = text + "R9999999,Late,Row,1980-02-30,female,,\n"
    other = Clinic.objects.create(name="Atomic bench", slug="atomic-bench")
    start = time.perf_counter()
    refused = import_patients(bad, other)
    refused_in = time.perf_counter() - start
    assert not refused.ok and refused.problems[0].line == rows + 2
    assert not Patient.objects.filter(clinic=other).exists()

    from dryneedle.interop import csv_io

    checked, problems = csv_io._check_file(text, other)
    assert not problems
    base_clinic = Clinic.objects.create(name="Baseline bench", slug="baseline-bench")
    start = time.perf_counter()
    with transaction.atomic():
        for row in checked[:SAMPLE]:
            Patient.objects.create(
                clinic=base_clinic, **{c: row.values[c] for c in csv_io.PATIENT_COLUMNS}
            )
    sample_seconds = time.perf_counter() - start
    baseline = sample_seconds * rows / min(SAMPLE, rows)

    print(f"{'':<44}{'seconds':>10}{'rows/s':>12}")
    print(f"{'dryneedle import (check + bulk insert)':<44}{ours:>10.2f}{rows / ours:>12,.0f}")
    print(
        f"{'same file + 1 bad last row: refused, 0 rows':<44}{refused_in:>10.2f}"
        f"{rows / refused_in:>12,.0f}"
    )
    print(
        f"{'baseline: create() per row (scaled)':<44}{baseline:>10.2f}{rows / baseline:>12,.0f}"
        f"   ({min(SAMPLE, rows):,} rows in {sample_seconds:.2f} s)"
    )
    print(f"ratio baseline/dryneedle: {baseline / ours:.2f}x")
    goal = GOAL_SECONDS * args.scale
    verdict = "met" if ours < goal else f"MISSED by {ours - goal:.1f} s"
    print(f"goal < {goal:.0f} s for {rows:,} rows: {verdict} ({ours:.2f} s)")
    print(f"peak memory (RSS): {_django.peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
