"""Benchmark 5: FHIR bulk export (goal: ≥ 20,000 resources/s with flat memory).

Run: `.venv/bin/python benchmarks/fhir_export.py [--scale 1.0]`. Starts its own throw-away
PostgreSQL and fills it with `dryneedle synth` (2 clinics, 20,000 × scale patients, seed 1).

Measured in one run:
- dryneedle's bulk export (`interop.fhir_export.bulk_export`, streamed NDJSON) of one clinic
  (half the data) and of both clinics: seconds, resources/s, and peak Python heap during the
  export (tracemalloc, in a second pass so tracing does not slow the timed one). Flat memory:
  the peak for all the data is about the peak for half of it.
- Baseline: the same resources built per patient through the `$everything` code path
  (`fhir.patient_resources`, a handful of queries per patient) and written as NDJSON, timed on
  a sample of 500 patients and scaled by the resources it made (stated below).
"""

import argparse
import json
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, __file__.rsplit("/", 1)[0])
import _django

GOAL_PER_SECOND = 20_000
SAMPLE = 500


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of 20,000 patients")
    args = parser.parse_args()
    _django.on_postgres()
    _django.setup_django()

    from dryneedle.clinics.models import Clinic
    from dryneedle.interop import fhir
    from dryneedle.interop.fhir_export import bulk_export
    from dryneedle.patients.models import Patient

    patients = int(20_000 * args.scale)
    made_in = _django.synth(clinics=2, patients=patients)
    print(f"database: PostgreSQL; {_django.machine()}")
    print(f"data: {patients:,} patients in 2 clinics (dryneedle synth, {made_in:.0f} s)")
    half = Clinic.objects.get(slug="synth-1-1")

    def export(clinic, traced: bool) -> tuple[float, int, float]:
        with tempfile.TemporaryDirectory(prefix="dn-fhir-") as out:
            if traced:
                tracemalloc.start()
            start = time.perf_counter()
            counts = bulk_export(Path(out), clinic=clinic)
            seconds = time.perf_counter() - start
            peak = tracemalloc.get_traced_memory()[1] / 1e6 if traced else 0.0
            if traced:
                tracemalloc.stop()
        return seconds, sum(counts.values()), peak

    half_s, half_n, _ = export(half, traced=False)
    all_s, all_n, _ = export(None, traced=False)
    _, _, half_peak = export(half, traced=True)
    _, _, all_peak = export(None, traced=True)

    sample = list(Patient.objects.order_by("pk")[:SAMPLE])
    start = time.perf_counter()
    made = 0
    with tempfile.TemporaryFile("w") as handle:
        for patient in sample:
            for resource in fhir.patient_resources(patient):
                handle.write(json.dumps(resource, separators=(",", ":")) + "\n")
                made += 1
    base_s = time.perf_counter() - start
    base_rate = made / base_s

    print(f"{'':<40}{'resources':>11}{'seconds':>9}{'per s':>9}{'heap peak MB':>14}")
    print(f"{'bulk export, one clinic (half)':<40}{half_n:>11,}{half_s:>9.1f}"
          f"{half_n / half_s:>9,.0f}{half_peak:>14.1f}")  # fmt: skip
    print(f"{'bulk export, both clinics':<40}{all_n:>11,}{all_s:>9.1f}"
          f"{all_n / all_s:>9,.0f}{all_peak:>14.1f}")  # fmt: skip
    print(f"{'baseline: $everything per patient':<40}{made:>11,}{base_s:>9.1f}{base_rate:>9,.0f}"
          f"   ({len(sample)} patients; scaled: {all_n / base_rate:,.0f} s for all)")  # fmt: skip
    rate = all_n / all_s
    print(f"ratio dryneedle/baseline (resources/s): {rate / base_rate:.2f}x")
    print(f"peak process memory (RSS, whole run incl. data generation): "
          f"{_django.peak_rss_mb():.0f} MB")  # fmt: skip
    print(f"heap peak, all data / half the data: {all_peak / half_peak:.2f} (flat: about 1)")
    verdict = "met" if rate >= GOAL_PER_SECOND else f"MISSED by {GOAL_PER_SECOND - rate:,.0f}/s"
    print(f"goal ≥ {GOAL_PER_SECOND:,} resources/s: {verdict} ({rate:,.0f}/s)")


if __name__ == "__main__":
    main()
