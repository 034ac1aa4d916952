"""Clinic analytics per diagnosis: responders, sessions to the MCID, pain change, adverse
events and discomfort, with honest intervals and the published adverse-event rates beside them.

What is counted (also in METHODS, which the page and the JSON show):

- Treatments: signed notes of the clinic, filtered by date performed (the clinic's own time
  zone, both ends inclusive), clinician and diagnosis-code prefix; grouped by the episode's
  ICD-10-CM code.
- Episodes: those with at least one such treatment. Their outcome questionnaires and their
  count of signed sessions are taken from the whole episode (a responder is a property of the
  episode, not of the filtered sessions).
- Primary measure: dryneedle.outcomes.responders, as the episode page has it (so the
  analytics count the same responder flag the episode page shows): the first measure of the
  episode's protocol with at least two responses, else the first instrument with two; an
  episode with no such measure but a response on a protocol measure keeps that measure (it
  can still be censored in the Kaplan–Meier estimate).
- Change on the scale the MCID applies to (scoring.change_value): raw score (NDI prorated
  when sections are missing), or percent (ODI, FAAM).

The database does the counting: GROUP BY with conditional counts for treatments, check-ins,
adverse events and discomfort; correlated subqueries for each episode's first and latest
response per instrument, for the first response reaching the MCID, and for the number of
signed sessions up to it. Python then takes one row per episode and instrument: picks the
primary measure (the protocol lives in the atlas file), asks responders.responded() for the
MCID verdict, and computes the Wilson intervals and the Kaplan–Meier product over the small
per-diagnosis sets.
"""

import copy
import datetime
import zoneinfo
from collections.abc import Mapping
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.db.models import (
    Case,
    Count,
    Expression,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Round

from dryneedle.atlas.icd10 import title_for
from dryneedle.atlas.loader import Atlas, Protocol, load_atlas
from dryneedle.clinics.models import Clinic, User
from dryneedle.outcomes import instruments, responders
from dryneedle.outcomes.checkins import NPRS_MCID
from dryneedle.outcomes.models import Response
from dryneedle.patients.models import Episode
from dryneedle.reports import stats
from dryneedle.treatments.models import AdverseEvent, Treatment

PUBLISHED_AE_FILE = Path(__file__).with_name("data") / "published_ae.yaml"
SEVERITIES = tuple(AdverseEvent.Severity.values)  # mild, moderate, significant
DISCOMFORT_SCORES = range(11)
Z = 1.96  # two-sided 95 %
SIGNED = Treatment.Status.SIGNED
# A row of a values() query: its columns by name (read, never changed).
Row = Mapping[str, Any]

METHODS = {
    "cohort": "Signed treatments matching the filters (date performed in the clinic's time "
    "zone, clinician, diagnosis prefix); episodes with at least one of them. Outcomes use the "
    "episode's whole record.",
    "responders": "Episodes whose primary measure (first protocol measure with ≥ 2 responses, "
    "as on the episode page) improved from the first to the latest response by at least the "
    "MCID, on the MCID's scale (NDI raw, prorated when sections are missing; ODI and FAAM "
    "percent). Denominator: episodes with ≥ 2 responses on a primary measure with a confirmed "
    "MCID. No verdict: the primary measure has no confirmed MCID (PRTEE, VISA-A). 95 % Wilson "
    "score interval.",
    "sessions_to_mcid": "Kaplan–Meier: for each episode with a primary measure with a "
    "confirmed MCID, the number of signed sessions performed up to the first response "
    "reaching the MCID from baseline (event), else censored at its number of signed sessions. "
    "Median = first session count with S(t) ≤ 0.5 (none if not reached); 95 % interval from "
    "the log-scale Greenwood band.",
    "nprs": "Treatments whose NPRS fell by ≥ 2 points (MCID, Childs et al. 2005): from "
    "before the session to the 24-hour check-in (treatments with a completed check-in and "
    "both scores), and from before to after the session (treatments with both scores). "
    "95 % Wilson score intervals.",
    "adverse_events": "Per 100 signed treatments, by severity: adverse events (a treatment "
    "may have several; exact Poisson 95 % interval) — the figure the published surveys "
    "report — and treatments with at least one (Wilson 95 % interval on the proportion, × 100).",
    "discomfort": "Signed treatments by discomfort during needling (0–10).",
}


# ---------------------------------------------------------------------------------------------
# Published figures


@cache
def published_ae() -> dict:
    """The published adverse-event rates (data/published_ae.yaml), sources included."""
    data = yaml.safe_load(PUBLISHED_AE_FILE.read_text(encoding="utf-8"))
    for study in data["studies"]:
        for key in ("id", "citation", "source", "treatments", "rates"):
            if key not in study:
                raise ValueError(f"{PUBLISHED_AE_FILE.name}: {study.get('id')}: no {key!r}")
        for rate in study["rates"]:
            if rate.get("compares_with") not in SEVERITIES:
                raise ValueError(f"{PUBLISHED_AE_FILE.name}: {study['id']}: bad compares_with")
    return data


# ---------------------------------------------------------------------------------------------
# Values on the MCID's scale, in SQL, as exact integer hundredths


def _hundredths(name: str) -> Expression:
    """A 2-decimal column as an integer number of hundredths (exact on SQLite's floats too)."""
    return Cast(Round(F(name) * Value(100)), IntegerField())


def _to_hundredths(value: float) -> int:
    exact = Fraction(str(value)) * 100
    if exact.denominator != 1:
        raise ValueError(f"{value} has more than two decimals")
    return int(exact)


def _value_on_mcid_scale() -> Case:
    """scoring.change_value() of a response row, in hundredths.

    percent scale: the percent column. Raw scale: the score column, except for instruments
    scored as a percent of the answered items (NDI) with some items missing, where the raw
    score is prorated: round-half-up(score × items / answered, 2 places), done in integers as
    (2 · S · items + answered) div (2 · answered) with S the score in hundredths (scores are
    never negative, so the truncating division is a floor).
    """
    whens = []
    for instrument in instruments.instruments().values():
        if instrument.mcid_scale == "percent":
            value = _hundredths("percent")
        elif instrument.percent_of == "answered" and instrument.items:
            raw = _hundredths("score")
            prorated = (raw * Value(2 * instrument.items) + F("answered")) / (
                F("answered") * Value(2)
            )
            value = Case(
                When(answered__gt=0, answered__lt=instrument.items, then=prorated),
                default=raw,
                output_field=IntegerField(),
            )
        else:
            value = _hundredths("score")
        whens.append(When(instrument=instrument.id, then=value))
    return Case(*whens, default=None, output_field=IntegerField())


def _confirmed(instrument: instruments.Instrument) -> bool:
    return instrument.mcid is not None and not instrument.mcid_unconfirmed


def _same_series() -> QuerySet:
    """Responses of the outer row's episode and instrument."""
    return Response.objects.filter(
        episode_id=OuterRef("episode_id"), instrument=OuterRef("instrument")
    )


def _first(queryset: QuerySet, field: str, *, last: bool = False) -> Subquery:
    order = ("-collected_at", "-id") if last else ("collected_at", "id")
    return Subquery(queryset.order_by(*order).values(field)[:1])


def _reaching_mcid() -> QuerySet:
    """Responses of the outer row's series whose improvement from the series' first response
    reaches the instrument's confirmed MCID (integer hundredths, so exact on both databases)."""
    known = instruments.instruments().values()
    value = _value_on_mcid_scale()
    baseline = Subquery(
        _same_series().order_by("collected_at", "id").annotate(v=value).values("v")[:1],
        output_field=IntegerField(),
    )
    higher_is_better = [i.id for i in known if i.higher_is_better]
    thresholds = [
        When(instrument=i.id, then=Value(_to_hundredths(i.mcid)))
        for i in known
        if _confirmed(i) and i.mcid is not None
    ]
    return (
        _same_series()
        .annotate(v=value, b=baseline)
        .annotate(
            gain=Case(
                When(instrument__in=higher_is_better, then=F("v") - F("b")),
                default=F("b") - F("v"),
                output_field=IntegerField(),
            ),
            needed=Case(*thresholds, default=None, output_field=IntegerField()),
        )
        .filter(gain__gte=F("needed"))
    )


# ---------------------------------------------------------------------------------------------
# Queries


def _signed_treatments(
    clinic: Clinic,
    date_from: datetime.date | None,
    date_to: datetime.date | None,
    clinician: User | None,
    prefix: str,
) -> QuerySet[Treatment]:
    zone = zoneinfo.ZoneInfo(clinic.timezone)
    treatments = Treatment.objects.filter(status=SIGNED, episode__patient__clinic=clinic)
    if date_from:
        start = datetime.datetime.combine(date_from, datetime.time.min, tzinfo=zone)
        treatments = treatments.filter(performed_at__gte=start)
    if date_to:
        next_day = date_to + datetime.timedelta(days=1)
        end = datetime.datetime.combine(next_day, datetime.time.min, tzinfo=zone)
        treatments = treatments.filter(performed_at__lt=end)
    if clinician is not None:
        treatments = treatments.filter(clinician=clinician)
    if prefix:
        treatments = treatments.filter(episode__icd10_code__startswith=prefix)
    return treatments.order_by()


def _treatment_counts(treatments: QuerySet) -> dict[str, dict]:
    after = Q(pre_nprs__isnull=False, post_nprs__isnull=False)
    day = Q(
        pre_nprs__isnull=False,
        checkin__completed_at__isnull=False,
        checkin__nprs__isnull=False,
    )
    rows = (
        treatments.values(code=F("episode__icd10_code"))
        .annotate(
            treatments=Count("id"),
            after_n=Count("id", filter=after),
            after_k=Count("id", filter=after & Q(pre_nprs__gte=F("post_nprs") + NPRS_MCID)),
            day_n=Count("id", filter=day),
            day_k=Count("id", filter=day & Q(pre_nprs__gte=F("checkin__nprs") + NPRS_MCID)),
        )
        .order_by()
    )
    return {row.pop("code"): row for row in rows}


def _adverse_counts(treatments: QuerySet) -> dict[str, dict]:
    """{code: {severity or "any": (events, treatments with ≥ 1)}}."""
    events = AdverseEvent.objects.filter(treatment__in=treatments.values("id")).order_by()
    found: dict[str, dict] = {}
    by_severity = events.values(code=F("treatment__episode__icd10_code"), sev=F("severity"))
    for row in by_severity.annotate(
        events=Count("id"), treated=Count("treatment_id", distinct=True)
    ):
        found.setdefault(row["code"], {})[row["sev"]] = (row["events"], row["treated"])
    anything = events.values(code=F("treatment__episode__icd10_code"))
    for any_row in anything.annotate(
        events=Count("id"), treated=Count("treatment_id", distinct=True)
    ):
        found.setdefault(any_row["code"], {})["any"] = (any_row["events"], any_row["treated"])
    return found


def _discomfort_counts(treatments: QuerySet) -> dict[str, dict]:
    found: dict[str, dict] = {}
    rows = treatments.values("discomfort", code=F("episode__icd10_code")).annotate(n=Count("id"))
    for row in rows:
        found.setdefault(row["code"], {})[row["discomfort"]] = row["n"]
    return found


def _episodes(treatments: QuerySet) -> list[Row]:
    return list(
        Episode.objects.filter(pk__in=treatments.values("episode_id"))
        .order_by()
        .values("id", "icd10_code", "protocol")
        .annotate(signed=Count("treatments", filter=Q(treatments__status=SIGNED)))
    )


def _series(treatments: QuerySet) -> list[Row]:
    """One row per (episode, instrument): count, first and latest response, and the first
    response reaching the MCID with the signed sessions performed up to it."""
    reaching = _reaching_mcid()
    sessions_until = (
        Treatment.objects.filter(
            episode_id=OuterRef("episode_id"),
            status=SIGNED,
            performed_at__lte=OuterRef("reached_at"),
        )
        .order_by()
        .values("episode_id")
        .annotate(c=Count("id"))
        .values("c")
    )
    series = _same_series()
    counted = series.order_by().values("episode_id").annotate(c=Count("id")).values("c")
    # One row per series without GROUP BY: each series' first response. (Grouping would put
    # the subqueries below into the GROUP BY, evaluating each once per response, not once per
    # series.)
    return list(
        Response.objects.filter(
            episode_id__in=treatments.values("episode_id"),
            instrument__in=list(instruments.instruments()),
            pk=_first(series, "id"),
        )
        .order_by()
        .values("episode_id", "instrument")
        .annotate(
            n=Subquery(counted, output_field=IntegerField()),
            first_at=F("collected_at"),
            first_id=F("id"),
            b_score=F("score"),
            b_percent=F("percent"),
            b_answered=F("answered"),
            l_score=_first(series, "score", last=True),
            l_percent=_first(series, "percent", last=True),
            l_answered=_first(series, "answered", last=True),
            reached_at=_first(reaching, "collected_at"),
        )
        .annotate(sessions_to_reach=Subquery(sessions_until, output_field=IntegerField()))
    )


# ---------------------------------------------------------------------------------------------
# Per episode (Python, one row per episode and instrument)


def _primary(series: list[Row], protocol: Protocol | None) -> Row | None:
    """The episode page's primary measure (responders.primary_measure), or a protocol measure
    with a single response."""
    by_instrument = {row["instrument"]: row for row in series}
    chosen = responders.primary_measure(
        {row["instrument"]: row["n"] for row in series},
        protocol.measures if protocol else (),
        or_single_protocol_measure=True,
    )
    return by_instrument[chosen] if chosen else None


def _value(row: Row, prefix: str) -> float:
    """The first ("b") or latest ("l") response of a series on the MCID's scale."""
    return responders.value_on_mcid_scale(
        row["instrument"],
        row[f"{prefix}_score"],
        row[f"{prefix}_percent"],
        row[f"{prefix}_answered"],
    )


def _episode_outcome(episode: Row, series: list[Row], atlas: Atlas) -> dict:
    """{"status": responder | non_responder | no_verdict | too_few, "primary": id or None,
    "km": (time, event) or None}."""
    if episode["protocol"]:
        protocol = atlas.protocols.get(episode["protocol"])
    else:
        protocol = atlas.protocol_for_code(episode["icd10_code"])
    series = sorted(series, key=lambda row: (row["first_at"], row["first_id"]))
    row = _primary(series, protocol)
    if row is None:
        return {"status": "too_few", "primary": None, "km": None}
    instrument = instruments.lookup(row["instrument"])
    km = None
    if _confirmed(instrument):
        if row["reached_at"] is not None:
            km = (row["sessions_to_reach"] or 0, True)
        else:
            km = (episode["signed"], False)
    if row["n"] < 2:
        return {"status": "too_few", "primary": instrument.id, "km": km}
    met = responders.responded(instrument.id, _value(row, "b"), _value(row, "l"))
    status = "no_verdict" if met is None else "responder" if met else "non_responder"
    return {"status": status, "primary": instrument.id, "km": km}


# ---------------------------------------------------------------------------------------------
# Summaries


def _proportion(successes: int, n: int, scale: float = 1) -> dict:
    interval = stats.wilson_interval(successes, n, Z)
    return {
        "successes": successes,
        "n": n,
        "rate": successes / n * scale if n else None,
        "ci95": [interval[0] * scale, interval[1] * scale] if interval else None,
    }


def _responders(outcomes: list[dict]) -> dict:
    counts = {"responder": 0, "non_responder": 0, "no_verdict": 0, "too_few": 0}
    primaries: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome["status"]] += 1
        if outcome["primary"] and outcome["status"] != "too_few":
            primaries[outcome["primary"]] = primaries.get(outcome["primary"], 0) + 1
    evaluable = counts["responder"] + counts["non_responder"]
    return {
        **_proportion(counts["responder"], evaluable),
        "no_verdict": counts["no_verdict"],
        "too_few_responses": counts["too_few"],
        "primary_measures": dict(sorted(primaries.items())),
    }


def _sessions_to_mcid(outcomes: list[dict]) -> dict:
    times_events = [o["km"] for o in outcomes if o["km"] is not None]
    exact = stats.kaplan_meier(times_events, exact=True)
    low, high = stats.km_median_interval(times_events, Z)
    return {
        "median": stats.km_median(exact),
        "median_ci95": [low, high],
        "events": sum(1 for _, event in times_events if event),
        "censored": sum(1 for _, event in times_events if not event),
        "curve": [[time, float(survival)] for time, survival in exact],
    }


def _adverse(found: dict, treatments: int) -> dict:
    summary = {}
    for severity in (*SEVERITIES, "any"):
        events, treated = found.get(severity, (0, 0))
        rate = stats.poisson_interval(events, treatments)
        summary[severity] = {
            "events": events,
            "per_100": events / treatments * 100 if treatments else None,
            "per_100_ci95": [rate[0] * 100, rate[1] * 100] if rate else None,
            "treatments_with": treated,
            "treatments_with_per_100": _proportion(treated, treatments, 100),
        }
    return summary


def _discomfort(found: dict) -> dict:
    return {
        "counts": [found.get(score, 0) for score in DISCOMFORT_SCORES],
        "not_recorded": found.get(None, 0),
    }


def _summary(counts: dict, outcomes: list[dict], adverse: dict, discomfort: dict) -> dict:
    treatments = counts.get("treatments", 0)
    return {
        "episodes": len(outcomes),
        "responders": _responders(outcomes),
        "sessions_to_mcid": _sessions_to_mcid(outcomes),
        "treatments": treatments,
        "nprs_after_session": _proportion(counts.get("after_k", 0), counts.get("after_n", 0)),
        "nprs_within_24h": _proportion(counts.get("day_k", 0), counts.get("day_n", 0)),
        "adverse_events": _adverse(adverse, treatments),
        "discomfort": _discomfort(discomfort),
    }


def _add(total: dict, part: dict) -> dict:
    for key, value in part.items():
        if isinstance(value, tuple):
            old = total.get(key, (0, 0))
            total[key] = (old[0] + value[0], old[1] + value[1])
        else:
            total[key] = total.get(key, 0) + value
    return total


def clinic_analytics(
    clinic: Clinic,
    *,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    clinician: User | None = None,
    icd10_prefix: str | None = None,
) -> dict:
    """Analytics of one clinic per diagnosis and in total, as plain JSON-ready data.

    date_from / date_to: datetime.date, inclusive, in the clinic's time zone; clinician: a
    User; icd10_prefix: e.g. "M54" or "M54.5". See METHODS and the module docstring.
    """
    if date_from and date_to and date_from > date_to:
        raise ValueError("The start date is after the end date.")
    prefix = (icd10_prefix or "").strip().upper()
    treatments = _signed_treatments(clinic, date_from, date_to, clinician, prefix)

    counts = _treatment_counts(treatments)
    adverse = _adverse_counts(treatments)
    discomfort = _discomfort_counts(treatments)
    series_by_episode: dict[int, list[Row]] = {}
    for row in _series(treatments):
        series_by_episode.setdefault(row["episode_id"], []).append(row)
    episodes = _episodes(treatments)
    atlas = load_atlas()
    outcomes: dict[str, list[dict]] = {}
    for episode in episodes:
        outcome = _episode_outcome(episode, series_by_episode.get(episode["id"], []), atlas)
        outcomes.setdefault(episode["icd10_code"], []).append(outcome)

    diagnoses = []
    total_counts: dict = {}
    total_adverse: dict = {}
    total_discomfort: dict = {}
    for code in sorted(outcomes):
        diagnoses.append(
            {
                "code": code,
                "title": title_for(code),
                **_summary(
                    counts.get(code, {}),
                    outcomes[code],
                    adverse.get(code, {}),
                    discomfort.get(code, {}),
                ),
            }
        )
        _add(total_counts, counts.get(code, {}))
        _add(total_adverse, adverse.get(code, {}))
        _add(total_discomfort, discomfort.get(code, {}))
    every_outcome = [o for code in sorted(outcomes) for o in outcomes[code]]
    return {
        "clinic": {"slug": clinic.slug, "name": clinic.name, "timezone": clinic.timezone},
        "filters": {
            "date_from": date_from.isoformat() if date_from else None,
            "date_to": date_to.isoformat() if date_to else None,
            "clinician": getattr(clinician, "email", None),
            "diagnosis_prefix": prefix or None,
        },
        "diagnoses": diagnoses,
        "totals": _summary(total_counts, every_outcome, total_adverse, total_discomfort),
        "published_ae": copy.deepcopy(published_ae()["studies"]),
        "methods": METHODS,
    }
