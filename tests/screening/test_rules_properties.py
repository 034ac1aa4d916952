"""Properties of the safety-screen evaluator on hostile answer sets."""

from hypothesis import given
from hypothesis import strategies as st

from dryneedle.screening.rules import AnswerError, evaluate, load_rules

QUESTIONS = sorted(load_rules().questions)
answer = st.one_of(
    st.sampled_from(["yes", "no", "y", "n", True, False, "", "maybe", None, 1, 0]),
    st.text(max_size=10),
    st.fixed_dictionaries(
        {"answer": st.sampled_from(["yes", "no", "x"])},
        optional={"regions": st.one_of(st.text(max_size=10), st.lists(st.text(max_size=12)))},
    ),
    st.lists(st.integers(), max_size=3),
)
answers = st.dictionaries(
    st.one_of(st.sampled_from(QUESTIONS), st.text(max_size=12)), answer, max_size=len(QUESTIONS)
)


@given(answers)
def test_any_answer_set_gives_an_outcome_or_an_answer_error(given_answers):
    try:
        outcome = evaluate(given_answers)
    except AnswerError as error:
        assert str(error)
    else:
        assert outcome.result in ("clear", "precautions", "contraindicated")
