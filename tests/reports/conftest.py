"""Report fixtures: an episode with a signed note and two NDI questionnaires."""

import pytest

from dryneedle.outcomes.models import Response
from dryneedle.outcomes.scoring import score
from dryneedle.treatments import notes


@pytest.fixture
def treated(complete, clinician):
    signed = notes.sign(complete, clinician)
    for answers in ([3] * 10, [1] * 10):
        result = score("NDI", answers)
        Response.objects.create(
            episode=signed.episode,
            instrument="NDI",
            answers=answers,
            score=result.score,
            max_score=result.max,
            percent=result.percent,
            answered=result.answered,
            source="clinic",
        )
    return signed.episode
