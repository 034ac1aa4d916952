from decimal import Decimal

import pytest

from dryneedle.treatments.models import StockedNeedle, Treatment


@pytest.fixture
def needle(clinic):
    return StockedNeedle.objects.create(clinic=clinic, diameter_mm=Decimal("0.25"), length_mm=40)


@pytest.fixture
def ready_episode(episode, make_screening, make_consent, needle):
    """An episode whose patient is screened (clear) and has consented."""
    make_screening(episode)
    make_consent(episode.patient)
    return episode


@pytest.fixture
def draft(ready_episode, clinician):
    return Treatment.objects.create(episode=ready_episode, clinician=clinician)


def needling_data(needle, muscle="Upper trapezius", side="L", **extra) -> dict:
    return {
        "muscle": muscle,
        "side": side,
        "needle": needle.pk,
        "technique": "pistoning",
        "passes": 3,
        "twitch": "few",
        **extra,
    }


@pytest.fixture
def complete(draft, needle):
    """A draft with everything needed to sign: two muscles, NPRS, count, SOAP."""
    from dryneedle.treatments.models import Needling

    for muscle in ("upper_trapezius", "levator_scapulae"):
        Needling.objects.create(
            treatment=draft,
            muscle=muscle,
            side="L",
            needle=needle,
            technique="pistoning",
            passes=3,
            twitch="few",
        )
    Treatment.objects.filter(pk=draft.pk).update(
        pre_nprs=7,
        post_nprs=4,
        needles_opened=4,
        needles_removed=4,
        needles_discarded=0,
        subjective="Neck pain.",
        objective="See entries.",
        assessment="Better.",
        plan="Review.",
    )
    draft.refresh_from_db()
    return draft
