"""Report fixtures: an episode with a signed note and two NDI questionnaires."""

import pytest

from dryneedle.treatments import notes
from tests import factories


@pytest.fixture
def treated(complete, clinician):
    signed = notes.sign(complete, clinician)
    for answers in ([3] * 10, [1] * 10):
        factories.response(signed.episode, "NDI", answers)
    return signed.episode
