"""The needling gate: a current screen for the episode and a consent to the current text."""

import datetime

from django.utils import timezone

from dryneedle.screening.gate import needling_gate
from tests.factories import EpisodeFactory


def test_no_screen_blocks_needling(episode, make_consent):
    make_consent(episode.patient)
    gate = needling_gate(episode.patient, episode)
    assert not gate.allowed
    assert "No safety screen" in gate.reasons[0]


def test_no_consent_blocks_needling(episode, make_screening):
    make_screening(episode)
    gate = needling_gate(episode.patient, episode)
    assert gate.reasons == ("The patient has not signed the consent.",)


def test_clear_screen_and_consent_allow_needling(episode, make_screening, make_consent):
    make_screening(episode)
    make_consent(episode.patient)
    assert needling_gate(episode.patient, episode).allowed


def test_contraindication_blocks_needling_and_says_why(episode, make_screening, make_consent):
    make_screening(episode, needle_phobia="yes")
    make_consent(episode.patient)
    gate = needling_gate(episode.patient, episode)
    assert not gate.allowed
    assert "contraindication" in gate.reasons[0]


def test_a_screen_older_than_the_limit_must_be_repeated(
    episode, make_screening, make_consent, settings
):
    settings.SCREENING_VALID_DAYS = 30
    make_screening(episode)
    make_consent(episode.patient)
    later = timezone.now() + datetime.timedelta(days=31)
    gate = needling_gate(episode.patient, episode, now=later)
    assert not gate.allowed
    assert "31 days old" in gate.reasons[0]


def test_a_screen_for_another_episode_does_not_count(episode, make_screening, make_consent):
    make_screening(episode)
    make_consent(episode.patient)
    new_episode = EpisodeFactory(patient=episode.patient)
    assert "No safety screen" in needling_gate(episode.patient, new_episode).reasons[0]


def test_a_new_consent_text_version_needs_a_new_signature(episode, make_screening, make_consent):
    make_screening(episode)
    make_consent(episode.patient, version=0)
    gate = needling_gate(episode.patient, episode)
    assert "needs a new signature" in gate.reasons[0]


def test_precautions_and_regions_to_avoid_come_with_an_allowed_gate(
    episode, make_screening, make_consent
):
    make_screening(
        episode,
        anticoagulants="yes",
        lymphoedema={"answer": "yes", "regions": ["anterior_arm:L"]},
    )
    make_consent(episode.patient)
    gate = needling_gate(episode.patient, episode)
    assert gate.allowed
    assert "anterior_arm:L" in gate.avoid_regions
    assert {t["rule"] for t in gate.precautions} >= {"anticoagulants", "lymphoedema_limb"}


def test_a_needling_site_in_a_flagged_region_gets_the_screens_advice(
    episode, make_screening, make_consent
):
    make_screening(episode, lymphoedema={"answer": "yes", "regions": ["anterior_arm:L"]})
    make_consent(episode.patient)
    gate = needling_gate(episode.patient, episode)
    assert gate.advice_for_region("anterior_arm", "L")
    assert gate.advice_for_region("anterior_arm", "R") == []
