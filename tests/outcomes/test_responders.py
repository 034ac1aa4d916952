"""The primary measure and the responder flag: one definition, and its two callers agree.

Hand-computed example (a neck-pain episode, M54.2, protocol measures NPRS, NDI, PSFS; the
responses in the order collected):
  ODI   60 % -> 56 %                 two responses, not a protocol measure
  NPRS  6                            a protocol measure, but one response
  NDI   27 of 45 (one section left   two responses; prorated 27 x 10 / 9 = 30 raw, then 20:
        out) -> 20 of 50             an improvement of 10 = the NDI's MCID of 10 -> responder
Primary measure: NDI (the first protocol measure with two responses; the first instrument
with two, ODI, would make a non-responder).
"""

import datetime

import pytest

from dryneedle.outcomes.models import Response
from dryneedle.outcomes.progress import episode_progress
from dryneedle.outcomes.responders import primary_measure, responded, value_on_mcid_scale
from dryneedle.outcomes.scoring import score
from dryneedle.reports.analytics import clinic_analytics
from dryneedle.treatments.models import Treatment
from tests.factories import EpisodeFactory, PatientFactory

START = datetime.datetime(2025, 3, 3, 9, tzinfo=datetime.UTC)


def test_the_first_protocol_measure_with_two_responses_is_primary():
    counts = {"ODI": 2, "NPRS": 1, "NDI": 2}
    assert primary_measure(counts, ["NPRS", "NDI", "PSFS"]) == "NDI"


def test_without_a_protocol_measure_of_two_the_first_instrument_with_two_is_primary():
    assert primary_measure({"NPRS": 1, "ODI": 2, "LEFS": 2}, ["NPRS", "NDI"]) == "ODI"


def test_a_single_protocol_response_is_primary_only_when_asked_for():
    counts = {"NPRS": 1, "ODI": 1}
    assert primary_measure(counts, ["NPRS"]) is None
    assert primary_measure(counts, ["NPRS"], or_single_protocol_measure=True) == "NPRS"


def test_an_ndi_with_a_section_left_out_is_prorated_before_judging_the_mcid():
    baseline = value_on_mcid_scale("NDI", 27, 60, 9)
    assert baseline == 30
    assert responded("NDI", baseline, 20) is True
    assert responded("NDI", baseline, 21) is False


def test_an_instrument_without_a_confirmed_mcid_has_no_responder_verdict():
    assert responded("PRTEE", 60, 10) is None


def _respond(episode, instrument, answers, hours):
    result = score(instrument, answers)
    Response.objects.create(
        episode=episode,
        instrument=result.instrument,
        answers=answers,
        score=result.score,
        max_score=result.max,
        percent=result.percent,
        answered=result.answered,
        subscores=result.subscores,
        collected_at=START + datetime.timedelta(hours=hours),
        source="clinic",
    )


@pytest.fixture
def neck_episode(clinic, clinician):
    episode = EpisodeFactory(patient=PatientFactory(clinic=clinic), icd10_code="M54.2")
    treatment = Treatment.objects.create(
        episode=episode, clinician=clinician, performed_at=START, pre_nprs=6, post_nprs=4
    )
    Treatment.objects.filter(pk=treatment.pk).update(status="signed", signed_at=START)
    _respond(episode, "ODI", [3] * 10, 1)  # 60 %
    _respond(episode, "NPRS", [6], 2)
    _respond(episode, "NDI", [3] * 9 + [None], 3)  # 27 of 45
    _respond(episode, "ODI", [3] * 9 + [1], 200)  # 56 %
    _respond(episode, "NDI", [2] * 10, 201)  # 20 of 50
    return episode


def test_the_episode_page_finds_the_hand_computed_primary_measure_and_responder(neck_episode):
    progress = episode_progress(neck_episode)
    assert (progress.primary, progress.responder) == ("NDI", True)


def test_the_analytics_count_the_same_primary_measure_and_responder(neck_episode, clinic):
    responders = clinic_analytics(clinic)["totals"]["responders"]
    assert (responders["successes"], responders["n"]) == (1, 1)
    assert responders["primary_measures"] == {"NDI": 1}
