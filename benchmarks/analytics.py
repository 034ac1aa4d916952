"""Benchmark 3: clinic analytics over 1 million patients / 5 million treatments (goal: the
analytics page's queries in < 1 s, and ≥ 50× faster than a Python loop over ORM rows).

Run: `.venv/bin/python benchmarks/analytics.py [--scale 1.0]`. Starts its own throw-away
PostgreSQL, fills it with `dryneedle synth` (one clinic, 1,000,000 × scale patients, seed 1;
about 4.8 treatments per patient), VACUUM ANALYZE, then:

- dryneedle: `reports.analytics.clinic_analytics(clinic)` — every figure of the analytics
  page, unfiltered, computed in SQL (GROUP BY, conditional counts, correlated subqueries).
  One warm-up call, then the median of 3.
- Baseline: the same figures (treatments, NPRS after the session and at 24 hours, adverse
  events by severity, discomfort, responders) computed in a Python loop over ORM rows
  (select_related / prefetch_related, so no N+1 queries), on a sample: the signed treatments
  of a date range holding about 2 % of them. Both are run on that same date range and must
  give the same figures; the loop's time is then scaled by (all signed treatments / sample's
  signed treatments), which is fair because the loop's work is linear in its rows. The loop
  leaves out the Kaplan–Meier sessions-to-MCID figure (SQL gets it as well).
"""

import argparse
import datetime
import statistics
import sys
import time

sys.path.insert(0, __file__.rsplit("/", 1)[0])
import _django

GOAL_SECONDS = 1.0
GOAL_RATIO = 50.0


def python_loop(clinic, date_from, date_to) -> dict:
    """The figures of clinic_analytics, per diagnosis, from ORM rows in Python."""
    import zoneinfo

    from dryneedle.atlas.loader import load_atlas
    from dryneedle.outcomes.checkins import NPRS_MCID
    from dryneedle.outcomes.models import CheckIn, Response
    from dryneedle.reports import analytics
    from dryneedle.treatments.models import Treatment

    zone = zoneinfo.ZoneInfo(clinic.timezone)
    start = datetime.datetime.combine(date_from, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min, zone)
    treatments = (
        Treatment.objects.filter(
            status="signed", episode__patient__clinic=clinic, performed_at__gte=start,
            performed_at__lt=end,
        )
        .select_related("episode")
        .prefetch_related("adverse_events")
    )  # fmt: skip
    checkins = {
        c.treatment_id: c
        for c in CheckIn.objects.filter(treatment__in=treatments.values("id")).only(
            "treatment_id", "completed_at", "nprs"
        )
    }
    figures: dict[str, dict] = {}
    episodes: dict[int, object] = {}
    for t in treatments.iterator(chunk_size=2000):
        code = t.episode.icd10_code
        f = figures.setdefault(
            code,
            {"treatments": 0, "after_n": 0, "after_k": 0, "day_n": 0, "day_k": 0,
             "ae": {}, "discomfort": {}, "responder": 0, "non_responder": 0},
        )  # fmt: skip
        episodes[t.episode_id] = t.episode
        f["treatments"] += 1
        if t.pre_nprs is not None and t.post_nprs is not None:
            f["after_n"] += 1
            f["after_k"] += t.pre_nprs >= t.post_nprs + NPRS_MCID
        checkin = checkins.get(t.pk)
        if t.pre_nprs is not None and checkin and checkin.completed_at and checkin.nprs is not None:
            f["day_n"] += 1
            f["day_k"] += t.pre_nprs >= checkin.nprs + NPRS_MCID
        for event in t.adverse_events.all():
            f["ae"][event.severity] = f["ae"].get(event.severity, 0) + 1
        f["discomfort"][t.discomfort] = f["discomfort"].get(t.discomfort, 0) + 1
    series: dict[int, dict[str, list]] = {}
    responses = Response.objects.filter(episode_id__in=list(episodes)).order_by(
        "collected_at", "id"
    )
    for r in responses.iterator(chunk_size=2000):
        series.setdefault(r.episode_id, {}).setdefault(r.instrument, []).append(r)
    atlas = load_atlas()
    for episode_id, episode in episodes.items():
        rows = []
        for instrument, items in series.get(episode_id, {}).items():
            first, last = items[0], items[-1]
            rows.append(
                {"instrument": instrument, "n": len(items), "first_at": first.collected_at,
                 "first_id": first.pk, "b_score": first.score, "b_percent": first.percent,
                 "b_answered": first.answered, "l_score": last.score,
                 "l_percent": last.percent, "l_answered": last.answered,
                 "reached_at": None, "sessions_to_reach": None}
            )  # fmt: skip
        as_dict = {"icd10_code": episode.icd10_code, "protocol": episode.protocol, "signed": 0}
        status = analytics._episode_outcome(as_dict, rows, atlas)["status"]
        if status in ("responder", "non_responder"):
            figures[episode.icd10_code][status] += 1
    return figures


def sql_figures(result: dict) -> dict:
    out = {}
    for row in result["diagnoses"]:
        ae = {s: row["adverse_events"][s]["events"] for s in ("mild", "moderate", "significant")}
        counts = row["discomfort"]["counts"]
        out[row["code"]] = {
            "treatments": row["treatments"],
            "after_n": row["nprs_after_session"]["n"],
            "after_k": row["nprs_after_session"]["successes"],
            "day_n": row["nprs_within_24h"]["n"],
            "day_k": row["nprs_within_24h"]["successes"],
            "ae": {s: n for s, n in ae.items() if n},
            "discomfort": {i: n for i, n in enumerate(counts) if n},
            "responder": row["responders"]["successes"],
            "non_responder": row["responders"]["n"] - row["responders"]["successes"],
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of 1,000,000 patients")
    args = parser.parse_args()
    _django.on_postgres()
    _django.setup_django()

    from django.db import connection

    from dryneedle.clinics.models import Clinic
    from dryneedle.reports.analytics import clinic_analytics
    from dryneedle.treatments.models import Treatment

    patients = int(1_000_000 * args.scale)
    made_in = _django.synth(clinics=1, patients=patients)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    clinic = Clinic.objects.get(slug="synth-1-1")
    signed = Treatment.objects.filter(status="signed")
    total = signed.count()
    print(f"database: PostgreSQL; {_django.machine()}")
    print(
        f"data: {patients:,} patients, {Treatment.objects.count():,} treatments "
        f"({total:,} signed), one clinic (dryneedle synth in {made_in:.0f} s)"
    )

    clinic_analytics(clinic)  # warm-up: caches, atlas, plans
    times = []
    for _ in range(3):
        start = time.perf_counter()
        result = clinic_analytics(clinic)
        times.append(time.perf_counter() - start)
    ours = statistics.median(times)
    assert result["totals"]["treatments"] == total

    # A date range holding about 2 % of the signed treatments, ending 30 days before the end.
    last = signed.order_by("-performed_at").values_list("performed_at", flat=True)[0].date()
    date_to = last - datetime.timedelta(days=30)
    date_from = date_to - datetime.timedelta(days=14)
    in_range = clinic_analytics(clinic, date_from=date_from, date_to=date_to)
    sample = in_range["totals"]["treatments"]
    start = time.perf_counter()
    looped = python_loop(clinic, date_from, date_to)
    loop_seconds = time.perf_counter() - start
    assert looped == sql_figures(in_range), "the loop and SQL disagree"
    baseline = loop_seconds * total / sample

    print(f"{'':<52}{'seconds':>10}")
    print(f"{'dryneedle clinic_analytics, all data (median of 3)':<52}{ours:>10.3f}"
          f"   runs: {', '.join(f'{t:.3f}' for t in times)}")  # fmt: skip
    print(f"{'baseline: Python loop over ORM rows, sample':<52}{loop_seconds:>10.3f}"
          f"   {sample:,} signed ({date_from} to {date_to}); same figures as SQL")  # fmt: skip
    print(f"{'baseline scaled to all signed treatments':<52}{baseline:>10.3f}"
          f"   (× {total / sample:.1f})")  # fmt: skip
    ratio = baseline / ours
    print(f"ratio baseline/dryneedle: {ratio:.1f}x")
    print(f"goal < {GOAL_SECONDS} s: {'met' if ours < GOAL_SECONDS else 'MISSED'} ({ours:.3f} s)")
    print(f"goal ≥ {GOAL_RATIO:.0f}x: {'met' if ratio >= GOAL_RATIO else 'MISSED'} ({ratio:.1f}x)")


if __name__ == "__main__":
    main()
