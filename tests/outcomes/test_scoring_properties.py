"""Properties of instrument scoring on hostile answer sets: a score or a ScoringError."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from dryneedle.outcomes.instruments import ScoringError, instruments
from dryneedle.outcomes.scoring import parse_answers, score

INSTRUMENT_IDS = sorted(instruments())
hostile_answer = st.one_of(
    st.none(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6),
    st.booleans(),
    st.sampled_from(["NA", "n/a", "1", " 2 ", "١", "1_0"]),
)


@given(st.sampled_from(INSTRUMENT_IDS), st.lists(hostile_answer, max_size=30))
def test_any_answer_list_is_scored_within_range_or_refused(instrument_id, answers):
    try:
        result = score(instrument_id, answers)
    except ScoringError as error:
        assert instrument_id in str(error)
    else:
        assert 0 <= result.score <= result.max and 0 <= result.percent <= 100


@given(st.sampled_from(INSTRUMENT_IDS), st.text(max_size=80))
def test_any_typed_answer_text_is_read_or_refused_naming_the_item(instrument_id, text):
    try:
        parsed = parse_answers(instrument_id, text)
    except ScoringError as error:
        assert instrument_id in str(error)
    else:
        assert len(parsed) == text.count(",") + 1


@given(st.text(max_size=12))
def test_an_unknown_instrument_is_a_scoring_error_naming_the_known_ones(instrument_id):
    assume(instrument_id.strip().upper() not in {i.upper() for i in INSTRUMENT_IDS})
    with pytest.raises(ScoringError, match="known: "):
        score(instrument_id, [])
