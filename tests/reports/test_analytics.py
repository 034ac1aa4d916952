"""Clinic analytics against a small data set computed by hand; filters; tenancy; the page, the
CSV and the command.

The data set (clinic time zone America/Chicago, March 2025; C1 = clinician, C2 = colleague).
Treatments are at 10:00 unless noted; questionnaires at 09:00 before the first session, else
at 12:00 after that day's session.

M54.50 low back pain (protocol measures NPRS, ODI, PSFS):
  E1 (C1) T1 3 Mar pre 7 post 4 disc 3, check-in 5, AEs mild + mild
          T2 10 Mar pre 6 post 5 disc 5, check-in 3, AE moderate
          T3 17 Mar pre 5 post 2 disc 3
          ODI 60 % (3 Mar) → 50 % (10 Mar: −10, reaches the MCID after 2 sessions) → 40 %
          → responder; KM event at 2
  E2 (C2) T4 4 Mar pre 8 post 7 disc 6, check-in 8
          T5 11 Mar pre 7 post 6 disc —, AE significant
          ODI 60 % → 56 % → non-responder; KM censored at 2
  E3 (C1) T6 5 Mar pre 5 post 3 disc 2; ODI 60 % once → too few responses; KM censored at 1
M54.2 neck pain (NPRS, NDI, PSFS):
  E4 (C1) T7 6 Mar pre 6 post 4 disc 7, check-in 4;  T8 13 Mar pre 4 post 4 disc 7
          NPRS once; NDI 27 with one section missing (prorated 30) → 20 on 13 Mar (−10)
          → primary NDI (the first protocol measure with two responses), responder, KM event at 2
  E5 (C2) T9 9 Mar 23:30 (04:30 UTC on 10 Mar) pre 3 post 3 disc 0; no questionnaire
M77.11 lateral epicondylitis (PRTEE, PSFS, NPRS):
  E6 (C1) T10 12 Mar 22:30 (03:30 UTC on 13 Mar) pre 5 post — disc 4
          PRTEE 75 → 15: no confirmed MCID → no verdict
Not counted: a draft note in E1, and another clinic's signed note, responder and adverse event.
"""

import csv
import datetime
import io
import json
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from dryneedle.clinics.models import AuditEvent
from dryneedle.outcomes.models import CheckIn, Response
from dryneedle.outcomes.progress import episode_progress
from dryneedle.reports.analytics import clinic_analytics
from dryneedle.treatments.models import AdverseEvent, Treatment
from tests import factories
from tests.factories import EpisodeFactory, PatientFactory

ZONE = ZoneInfo("America/Chicago")
URL = "/clinic/analytics/"
KINDS = {"mild": "bruising", "moderate": "soreness", "significant": "syncope"}


def at(day: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2025, 3, day, hour, minute, tzinfo=ZONE)


def treat(episode, clinician, when, *, pre, post, discomfort, checkin=None, events=()):
    """A signed note: inserted as a draft with its adverse events, then signed in one UPDATE
    (the immutability triggers refuse adverse events added to a signed note)."""
    treatment = Treatment.objects.create(
        episode=episode,
        clinician=clinician,
        performed_at=when,
        pre_nprs=pre,
        post_nprs=post,
        discomfort=discomfort,
    )
    for severity in events:
        AdverseEvent.objects.create(
            treatment=treatment,
            kind=KINDS[severity],
            severity=severity,
            onset="after",
            action="Observed.",
        )
    Treatment.objects.filter(pk=treatment.pk).update(
        status="signed", signed_at=when + datetime.timedelta(hours=1)
    )
    if checkin is not None:
        CheckIn.objects.create(
            treatment=treatment,
            due_at=when + datetime.timedelta(hours=24),
            completed_at=when + datetime.timedelta(hours=25),
            nprs=checkin,
        )
    return treatment


def respond(episode, instrument, answers, when):
    return factories.response(episode, instrument, answers, collected_at=when)


def new_episode(clinic, code):
    return EpisodeFactory(patient=PatientFactory(clinic=clinic), icd10_code=code)


@pytest.fixture
def data(clinic, clinician, colleague, other_clinic, outsider):
    c1, c2 = clinician, colleague
    e1, e2, e3 = (new_episode(clinic, "M54.50") for _ in range(3))
    treat(e1, c1, at(3), pre=7, post=4, discomfort=3, checkin=5, events=["mild", "mild"])
    treat(e1, c1, at(10), pre=6, post=5, discomfort=5, checkin=3, events=["moderate"])
    treat(e1, c1, at(17), pre=5, post=2, discomfort=3)
    respond(e1, "ODI", [3] * 10, at(3, 9))  # 30/50 = 60 %
    respond(e1, "ODI", [3] * 5 + [2] * 5, at(10, 12))  # 25/50 = 50 %
    respond(e1, "ODI", [2] * 10, at(17, 12))  # 40 %
    Treatment.objects.create(episode=e1, clinician=c1, pre_nprs=9, post_nprs=0, discomfort=10)

    treat(e2, c2, at(4), pre=8, post=7, discomfort=6, checkin=8)
    treat(e2, c2, at(11), pre=7, post=6, discomfort=None, events=["significant"])
    respond(e2, "ODI", [3] * 10, at(4, 9))  # 60 %
    respond(e2, "ODI", [3] * 9 + [1], at(11, 12))  # 28/50 = 56 %

    treat(e3, c1, at(5), pre=5, post=3, discomfort=2)
    respond(e3, "ODI", [3] * 10, at(5, 9))

    e4, e5 = new_episode(clinic, "M54.2"), new_episode(clinic, "M54.2")
    treat(e4, c1, at(6), pre=6, post=4, discomfort=7, checkin=4)
    treat(e4, c1, at(13), pre=4, post=4, discomfort=7)
    respond(e4, "NPRS", [6], at(6, 9))
    respond(e4, "NDI", [3] * 9 + [None], at(6, 9))  # 27 of 45: prorated 27 × 10 / 9 = 30
    respond(e4, "NDI", [2] * 10, at(13, 12))  # 20

    treat(e5, c2, at(9, 23, 30), pre=3, post=3, discomfort=0)

    e6 = new_episode(clinic, "M77.11")
    treat(e6, c1, at(12, 22, 30), pre=5, post=None, discomfort=4)
    respond(e6, "PRTEE", [5] * 15, at(12, 9))
    respond(e6, "PRTEE", [1] * 15, at(19, 12))

    elsewhere = new_episode(other_clinic, "M54.50")
    treat(elsewhere, outsider, at(10), pre=9, post=1, discomfort=9, events=["significant"])
    respond(elsewhere, "ODI", [4] * 10, at(10, 9))
    respond(elsewhere, "ODI", [0] * 10, at(10, 12))
    return {"episodes": [e1, e2, e3, e4, e5, e6], "c1": c1, "c2": c2}


def by_code(result):
    return {row["code"]: row for row in result["diagnoses"]}


def approx_ci(low, high):
    return [pytest.approx(low, abs=1e-4), pytest.approx(high, abs=1e-4)]


def test_per_diagnosis_numbers_match_the_hand_computation(data, clinic):
    result = clinic_analytics(clinic)
    rows = by_code(result)
    assert list(rows) == ["M54.2", "M54.50", "M77.11"]
    back = rows["M54.50"]
    assert back["title"] is not None
    assert back["episodes"] == 3
    # Responders: E1 yes, E2 no; E3 has one response. Wilson 1/2: centre 0.5,
    # half = 1.96/2.9208 · √(0.125 + 0.2401) = 0.4055 → 0.0945 to 0.9055.
    assert back["responders"] == {
        "successes": 1,
        "n": 2,
        "rate": 0.5,
        "ci95": approx_ci(0.0945, 0.9055),
        "no_verdict": 0,
        "too_few_responses": 1,
        "primary_measures": {"ODI": 2},
    }
    # KM: (2, event) E1, (2, censored) E2, (1, censored) E3. At t=2, 2 at risk, 1 event:
    # S = 1 − 1/2 = 0.5 → median 2. Greenwood σ² = 1/(2·1), lower band 0.5/e^(1.96·0.7071)
    # = 0.125 → lower limit 2; upper band capped at 1 → not reached.
    assert back["sessions_to_mcid"] == {
        "median": 2.0,
        "median_ci95": [2.0, None],
        "events": 1,
        "censored": 2,
        "curve": [[2, 0.5]],
    }
    assert back["treatments"] == 6
    # After the session (pre − post ≥ 2): T1 3 yes, T2 1, T3 3 yes, T4 1, T5 1, T6 2 yes → 3/6.
    assert back["nprs_after_session"]["successes"] == 3
    assert back["nprs_after_session"]["n"] == 6
    # 24 h (pre − check-in ≥ 2): T1 7−5 yes, T2 6−3 yes, T4 8−8 → 2/3.
    # Wilson 2/3: centre (0.6667 + 0.6403)/2.2805 = 0.5731, half 0.8595·0.3555 = 0.3654.
    assert back["nprs_within_24h"] == {
        "successes": 2,
        "n": 3,
        "rate": pytest.approx(2 / 3),
        "ci95": approx_ci(0.2077, 0.9385),
    }
    adverse = back["adverse_events"]
    # Mild: 2 events on 1 treatment of 6 → 33.33 per 100; exact Poisson for 2 events:
    # 0.2422 to 7.2247 → ÷ 6 × 100 = 4.04 to 120.41. Treatments with one: 1/6 = 16.67.
    assert adverse["mild"]["events"] == 2
    assert adverse["mild"]["per_100"] == pytest.approx(100 * 2 / 6)
    assert adverse["mild"]["per_100_ci95"] == approx_ci(4.0368, 120.4115)
    assert adverse["mild"]["treatments_with"] == 1
    assert adverse["mild"]["treatments_with_per_100"]["rate"] == pytest.approx(100 / 6)
    assert (adverse["moderate"]["events"], adverse["significant"]["events"]) == (1, 1)
    assert (adverse["any"]["events"], adverse["any"]["treatments_with"]) == (4, 3)
    # Discomfort: T1 3, T2 5, T3 3, T4 6, T5 not recorded, T6 2.
    assert back["discomfort"] == {
        "counts": [0, 0, 1, 2, 0, 1, 1, 0, 0, 0, 0],
        "not_recorded": 1,
    }

    neck = rows["M54.2"]
    # E4: NDI (two responses) is primary, not NPRS (one); 30 → 20 = −10 = MCID.
    assert (neck["episodes"], neck["responders"]["successes"], neck["responders"]["n"]) == (
        2,
        1,
        1,
    )
    assert neck["responders"]["too_few_responses"] == 1  # E5: no questionnaire
    assert neck["responders"]["primary_measures"] == {"NDI": 1}
    # KM: one episode, event at 2 → S(2) = 0, median 2.
    assert neck["sessions_to_mcid"]["median"] == 2.0
    assert neck["sessions_to_mcid"]["curve"] == [[2, 0.0]]
    # After: T7 6−4 yes, T8 0, T9 0 → 1/3; 24 h: T7 6−4 yes → 1/1.
    assert (neck["nprs_after_session"]["successes"], neck["nprs_after_session"]["n"]) == (1, 3)
    assert (neck["nprs_within_24h"]["successes"], neck["nprs_within_24h"]["n"]) == (1, 1)
    assert neck["adverse_events"]["any"]["events"] == 0
    assert neck["discomfort"]["counts"] == [1, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0]

    elbow = rows["M77.11"]
    assert elbow["responders"]["n"] == 0
    assert elbow["responders"]["rate"] is None
    assert elbow["responders"]["ci95"] is None
    assert elbow["responders"]["no_verdict"] == 1  # PRTEE has no confirmed MCID
    assert elbow["sessions_to_mcid"] == {
        "median": None,
        "median_ci95": [None, None],
        "events": 0,
        "censored": 0,
        "curve": [],
    }
    assert elbow["nprs_after_session"]["n"] == 0  # no post-session NPRS


def test_totals_across_diagnoses(data, clinic):
    totals = clinic_analytics(clinic)["totals"]
    assert totals["episodes"] == 6
    assert totals["treatments"] == 10  # not the draft, not the other clinic's note
    # Responders E1, E4 of E1, E2, E4 → 2/3 (Wilson 0.2077 to 0.9385).
    assert totals["responders"]["successes"] == 2
    assert totals["responders"]["n"] == 3
    assert totals["responders"]["ci95"] == approx_ci(0.2077, 0.9385)
    assert totals["responders"]["no_verdict"] == 1
    assert totals["responders"]["too_few_responses"] == 2
    # KM pooled: events at 2 (E1, E4), censored at 2 (E2) and 1 (E3). At t=2: 3 at risk,
    # 2 events → S = 1/3 → median 2.
    km = totals["sessions_to_mcid"]
    assert (km["median"], km["events"], km["censored"]) == (2.0, 2, 2)
    assert km["curve"] == [[2, pytest.approx(1 / 3)]]
    # After: 3 + 1 = 4 of 9 (T10 has no post score); 24 h: 2 + 1 = 3 of 4.
    assert (totals["nprs_after_session"]["successes"], totals["nprs_after_session"]["n"]) == (4, 9)
    assert (totals["nprs_within_24h"]["successes"], totals["nprs_within_24h"]["n"]) == (3, 4)
    # Significant: 1 event in 10 treatments = 10 per 100; exact Poisson 0.0253 to 5.5716
    # → ÷ 10 × 100 = 0.253 to 55.716.
    significant = totals["adverse_events"]["significant"]
    assert significant["per_100"] == pytest.approx(10.0)
    assert significant["per_100_ci95"] == approx_ci(0.2532, 55.7164)
    assert totals["discomfort"] == {
        "counts": [1, 0, 1, 2, 1, 1, 1, 2, 0, 0, 0],
        "not_recorded": 1,
    }


def test_responder_flags_agree_with_the_episode_page(data, clinic):
    flags = [episode_progress(e).responder for e in data["episodes"]]
    responders = clinic_analytics(clinic)["totals"]["responders"]
    assert responders["successes"] == flags.count(True)
    assert responders["n"] == flags.count(True) + flags.count(False)


def test_the_database_does_the_counting(data, clinic, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        clinic_analytics(clinic)


def test_published_figures_come_with_their_sources(data, clinic):
    studies = {s["id"]: s for s in clinic_analytics(clinic)["published_ae"]}
    brady, boyce = studies["brady2014"], studies["boyce2020"]
    assert brady["treatments"] == 7629
    assert brady["rates"][0]["per_100_treatments"] == 19.18
    assert brady["rates"][1]["upper_per_100_treatments"] == 0.04
    assert boyce["treatments"] == 20464
    assert boyce["rates"][0]["per_100_treatments"] == 36.7
    assert boyce["rates"][1]["per_100_treatments_below"] == 0.1
    assert "25125935" in brady["citation"]
    assert "32089962" in boyce["citation"]


def test_filter_by_date_uses_the_clinic_time_zone(data, clinic):
    # 10–12 March in Chicago: T2 (10 Mar), T5 (11 Mar), T10 (12 Mar 22:30, 13 Mar in UTC);
    # not T9 (9 Mar 23:30 in Chicago, 10 Mar in UTC).
    result = clinic_analytics(
        clinic, date_from=datetime.date(2025, 3, 10), date_to=datetime.date(2025, 3, 12)
    )
    rows = by_code(result)
    assert list(rows) == ["M54.50", "M77.11"]
    back = rows["M54.50"]
    assert (back["episodes"], back["treatments"]) == (2, 2)
    # Outcomes come from the whole episode: E1 responder, E2 not → 1/2; KM as before → 2.
    assert (back["responders"]["successes"], back["responders"]["n"]) == (1, 2)
    assert back["sessions_to_mcid"]["median"] == 2.0
    assert (back["nprs_after_session"]["successes"], back["nprs_after_session"]["n"]) == (0, 2)
    assert (back["nprs_within_24h"]["successes"], back["nprs_within_24h"]["n"]) == (1, 1)
    assert back["adverse_events"]["moderate"]["events"] == 1
    assert back["adverse_events"]["significant"]["events"] == 1
    assert back["adverse_events"]["mild"]["events"] == 0
    assert rows["M77.11"]["treatments"] == 1
    assert result["filters"]["date_from"] == "2025-03-10"


def test_filter_by_clinician(data, clinic):
    result = clinic_analytics(clinic, clinician=data["c1"])
    totals = result["totals"]
    # T1, T2, T3, T6, T7, T8, T10 → episodes E1, E3, E4, E6.
    assert (totals["treatments"], totals["episodes"]) == (7, 4)
    # After: T1, T3, T6, T7 yes; T2, T8 no; T10 no post score → 4/6.
    assert (totals["nprs_after_session"]["successes"], totals["nprs_after_session"]["n"]) == (4, 6)
    assert (totals["responders"]["successes"], totals["responders"]["n"]) == (2, 2)
    assert totals["adverse_events"]["significant"]["events"] == 0  # T5 is C2's


def test_filter_by_diagnosis_prefix(data, clinic):
    assert list(by_code(clinic_analytics(clinic, icd10_prefix="m54"))) == ["M54.2", "M54.50"]
    only = clinic_analytics(clinic, icd10_prefix="M54.5")
    assert list(by_code(only)) == ["M54.50"]
    assert only["totals"]["treatments"] == 6


def test_another_clinics_data_is_never_counted(data, other_clinic, outsider):
    result = clinic_analytics(other_clinic)
    assert result["totals"]["treatments"] == 1
    assert result["totals"]["episodes"] == 1
    assert result["totals"]["adverse_events"]["significant"]["events"] == 1


def test_an_improvement_of_exactly_the_mcid_counts(clinic, clinician):
    # NDI with one section missing: 31 of 45 → prorated 34.44; 22 of 45 → 24.44. The change
    # is exactly 10.00 (the MCID), though 34.44 − 24.44 in floating point is 9.999999999999996.
    episode = new_episode(clinic, "M54.2")
    treat(episode, clinician, at(3), pre=6, post=5, discomfort=3)
    treat(episode, clinician, at(10), pre=5, post=4, discomfort=3)
    treat(episode, clinician, at(17), pre=4, post=3, discomfort=3)
    respond(episode, "NDI", [4, 4, 4, 4, 3, 3, 3, 3, 3, None], at(3, 9))
    respond(episode, "NDI", [3, 3, 3, 3, 3, 3, 3, 1, None, 0], at(10, 12))  # 22 → 24.44
    respond(episode, "NDI", [3, 3, 3, 3, 3, 3, 3, 1, None, 0], at(17, 12))
    totals = clinic_analytics(clinic)["totals"]
    assert episode_progress(episode).responder is True
    assert (totals["responders"]["successes"], totals["responders"]["n"]) == (1, 1)
    # Reached on 10 Mar after two sessions: one episode, S(2) = 0.
    assert totals["sessions_to_mcid"]["curve"] == [[2, 0.0]]


def test_no_signed_treatments_gives_empty_analytics(clinic):
    result = clinic_analytics(clinic)
    assert result["diagnoses"] == []
    assert result["totals"]["treatments"] == 0
    assert result["totals"]["responders"]["rate"] is None
    assert result["totals"]["adverse_events"]["mild"]["per_100"] is None


# ---------------------------------------------------------------------------------------------
# The page


def test_admin_sees_the_numbers(data, admin_client_):
    response = admin_client_.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "M54.50" in page
    assert "50.0 % (9.5–90.5) · 1/2" in page  # M54.50 responders
    assert "66.7 % (20.8–93.9) · 2/3" in page  # all responders
    assert "Brady" in page and "19.18" in page
    assert " style=" not in page and "<script>" not in page
    event = AuditEvent.objects.filter(detail="analytics").get()
    assert event.action == AuditEvent.Action.LIST


def test_the_page_filters_by_get(data, admin_client_):
    page = admin_client_.get(URL, {"diagnosis": "m77"}).content.decode()
    assert "M77.11" in page
    assert "M54.50" not in page


def test_bad_filters_are_refused_on_the_page(data, admin_client_):
    response = admin_client_.get(URL, {"date_from": "2025-03-12", "date_to": "2025-03-10"})
    assert response.status_code == 400
    assert "before the start date" in response.content.decode()


def test_clinicians_cannot_open_the_page(data, clinician_client):
    assert clinician_client.get(URL).status_code == 403


def test_csv_download(data, admin_client_):
    response = admin_client_.get(URL, {"diagnosis": "M54", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["diagnosis"] for r in rows] == ["M54.2", "M54.50", "ALL"]
    back = rows[1]
    assert (back["responders"], back["responder_denominator"]) == ("1", "2")
    assert float(back["responder_rate"]) == 0.5
    assert float(back["km_median_sessions"]) == 2.0
    assert back["km_median_ci_high"] == ""
    assert (back["ae_mild_events"], back["discomfort_3"]) == ("2", "2")
    assert rows[2]["treatments"] == "9"


# ---------------------------------------------------------------------------------------------
# The command


def test_command_prints_json(data, clinic):
    out = io.StringIO()
    call_command("analytics", "--clinic", clinic.slug, "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["totals"]["treatments"] == 10
    assert result["totals"]["responders"]["rate"] == pytest.approx(2 / 3)
    assert result["totals"]["responders"]["ci95"] == approx_ci(0.2077, 0.9385)
    assert by_code(result)["M54.50"]["sessions_to_mcid"]["median_ci95"] == [2.0, None]


def test_command_filters(data, clinic):
    out = io.StringIO()
    call_command(
        "analytics",
        "--clinic",
        clinic.slug,
        "--from",
        "2025-03-10",
        "--to",
        "2025-03-12",
        "--clinician",
        data["c1"].email.upper(),
        "--diagnosis",
        "M54",
        "--json",
        stdout=out,
    )
    result = json.loads(out.getvalue())
    assert result["totals"]["treatments"] == 1  # T2
    assert result["filters"]["clinician"] == data["c1"].email


def test_command_summary_without_json(data, clinic):
    out = io.StringIO()
    call_command("analytics", "--clinic", clinic.slug, stdout=out)
    assert "responders: 1/2 = 50.0 %" in out.getvalue()


@pytest.mark.parametrize(
    "arguments",
    [
        ["--clinic", "no-such-clinic"],
        ["--from", "2025-13-01"],
        ["--to", "yesterday"],
        ["--from", "2025-03-12", "--to", "2025-03-10"],
        ["--clinician", "nobody@example.test"],
    ],
)
def test_command_refuses_bad_arguments_with_status_2(clinic, arguments):
    if arguments[0] != "--clinic":
        arguments = ["--clinic", clinic.slug, *arguments]
    with pytest.raises(CommandError) as error:
        call_command("analytics", *arguments, "--json", stdout=io.StringIO())
    assert error.value.returncode == 2


def test_sql_values_on_the_mcid_scale_equal_scoring_change_value(episode):
    """The SQL that finds the first response reaching the MCID computes change_value() in
    integer hundredths; check it against scoring for every NDI and ODI total with 9 or 10
    sections answered (proration and rounding), FAAM-ADL with N/A items, PSFS and LEFS."""
    from dryneedle.outcomes.progress import _score_value
    from dryneedle.reports.analytics import _value_on_mcid_scale

    answer_sets = []
    for instrument in ("NDI", "ODI"):
        for total in range(51):
            answer_sets.append((instrument, [min(5, max(0, total - 5 * i)) for i in range(10)]))
        for total in range(46):
            answers = [min(5, max(0, total - 5 * i)) for i in range(9)]
            answer_sets.append((instrument, [*answers[:4], None, *answers[4:]]))
    for total in range(0, 77, 7):
        answers = [min(4, max(0, total - 4 * i)) for i in range(19)]
        answer_sets.append(("FAAM-ADL", ["NA", *answers[:10], "NA", *answers[10:]]))
    answer_sets += [("PSFS", [3, 4, 4]), ("PSFS", [7, 2, 9, 1]), ("LEFS", [3] * 19 + [1])]
    for instrument, answers in answer_sets:
        respond(episode, instrument, answers, at(1))
    stored = Response.objects.filter(episode=episode).annotate(v=_value_on_mcid_scale())
    assert len(stored) == len(answer_sets) == 208
    mismatches = [
        (r.instrument, r.answers, r.v, _score_value(r))
        for r in stored
        if r.v != round(_score_value(r) * 100)
    ]
    assert mismatches == []
    prorated = [r.v for r in stored if r.instrument == "NDI" and r.answered == 9]
    assert prorated[31] == 3444  # 31 × 10 / 9 = 34.444… → 34.44


@pytest.mark.parametrize("fmt", ["", "csv"])
def test_a_date_too_far_ahead_is_refused_with_a_message_on_the_page_and_the_csv(
    data, admin_client_, fmt
):
    response = admin_client_.get(URL, {"date_to": "9999-12-31", "format": fmt})
    assert response.status_code == 400
    assert "outside the dates" in response.content.decode()
