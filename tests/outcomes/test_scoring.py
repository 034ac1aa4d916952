"""Outcome scoring: each instrument's published rules, worked examples, errors and properties.

The expected numbers come from shared/clinical-facts.md §4 and the sources named in
outcomes/data/instruments.yaml; a test that pins an MCID pins the choice documented there.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dryneedle.outcomes import instruments, scoring
from dryneedle.outcomes.instruments import ScoringError
from dryneedle.outcomes.scoring import NA

IDS = ["NPRS", "PSFS", "NDI", "ODI", "LEFS", "PRTEE", "VISA-A", "FAAM-ADL", "FAAM-Sports"]
ITEM_IDS = [i for i in IDS if i != "PSFS"]
WITH_MISSING = ["NDI", "ODI", "FAAM-ADL", "FAAM-Sports"]
WITHOUT_MISSING = ["NPRS", "LEFS", "PRTEE", "VISA-A"]


def instrument(instrument_id: str) -> instruments.Instrument:
    return instruments.instruments()[instrument_id]


def complete_answers(instrument_id: str):
    """Any full set of in-range answers (PSFS: 3 to 5 activity scores)."""
    inst = instrument(instrument_id)
    if inst.items == 0:
        return st.lists(
            st.integers(inst.item_min, inst.item_max),
            min_size=inst.min_activities,
            max_size=inst.max_activities,
        )
    ranges = [inst.item_range(n) for n in range(1, inst.items + 1)]
    return st.tuples(*(st.integers(low, high) for low, high in ranges)).map(list)


@st.composite
def allowed_answers(draw, instrument_id: str):
    """In-range answers with as many items left unscored (blank, or N/A) as the rules allow."""
    inst = instrument(instrument_id)
    answers = draw(complete_answers(instrument_id))
    if inst.max_missing:
        positions = draw(
            st.sets(st.integers(0, inst.items - 1), max_size=inst.max_missing), label="unscored"
        )
        kinds = [None, NA] if inst.not_applicable else [None]
        for position in positions:
            answers[position] = draw(st.sampled_from(kinds))
    return answers


# --- Worked examples ------------------------------------------------------------------------


def test_nprs_is_the_single_answer_out_of_10():
    result = scoring.score("NPRS", [7])
    assert (result.score, result.max, result.percent, result.answered) == (7, 10, 70.0, 1)
    assert result.higher_is_better is False
    assert result.mcid == 2


def test_psfs_is_the_mean_of_three_activities():
    result = scoring.score("PSFS", [3, 5, 7])
    assert (result.score, result.max, result.percent, result.answered) == (5.0, 10, 50.0, 3)
    assert result.higher_is_better is True


def test_psfs_is_the_mean_of_five_activities():
    assert scoring.score("PSFS", [2, 4, 6, 8, 10]).score == 6.0


def test_psfs_mean_is_rounded_to_two_decimals():
    assert scoring.score("PSFS", [1, 2, 2]).score == 1.67


def test_ndi_complete_is_the_raw_total_out_of_50_and_its_double_as_percent():
    result = scoring.score("NDI", [1, 2, 3, 4, 5, 0, 1, 2, 3, 4])
    assert (result.score, result.max, result.percent, result.answered) == (25, 50, 50.0, 10)
    assert result.higher_is_better is False


def test_ndi_with_one_section_missing_is_16_of_45_that_is_35_56_percent():
    result = scoring.score("NDI", [2, 2, 2, 2, 2, 2, 2, 1, 1, None])
    assert (result.score, result.max, result.percent, result.answered) == (16, 50, 35.56, 9)


def test_odi_all_fives_is_100_percent():
    result = scoring.score("ODI", [5] * 10)
    assert (result.score, result.max, result.percent) == (50, 50, 100.0)


def test_odi_with_one_section_missing_divides_by_the_sections_answered():
    assert scoring.score("ODI", [4] * 9 + [None]).percent == 80.0


def test_lefs_all_fours_is_80_of_80():
    result = scoring.score("LEFS", [4] * 20)
    assert (result.score, result.max, result.percent) == (80, 80, 100.0)
    assert result.higher_is_better is True


def test_prtee_reports_pain_and_half_the_function_sum_as_subscores():
    pain, function = [5, 6, 7, 4, 3], [2, 3, 4, 5, 6, 7, 1, 2, 3, 4]
    result = scoring.score("PRTEE", [*pain, *function])
    assert result.subscores == {"pain": 25, "function": 18.5}
    assert (result.score, result.max, result.percent) == (43.5, 100, 43.5)
    assert result.mcid is None


def test_prtee_worst_answers_give_50_plus_50():
    result = scoring.score("PRTEE", [10] * 15)
    assert (result.score, result.subscores) == (100, {"pain": 50, "function": 50})


def test_visa_a_best_answers_with_q8_out_of_30_give_100():
    result = scoring.score("VISA-A", [10] * 7 + [30])
    assert (result.score, result.max, result.percent) == (100, 100, 100.0)


def test_faam_adl_leaves_na_items_out_of_total_and_highest_possible_score():
    result = scoring.score("FAAM-ADL", [3] * 19 + [NA, "N/A"])
    assert (result.score, result.max, result.percent, result.answered) == (75.0, 100, 75.0, 19)


def test_faam_sports_with_one_na_is_the_percent_of_the_seven_scored_items():
    result = scoring.score("FAAM-Sports", [4, 4, 4, 4, 2, 2, 2, NA])
    assert (result.percent, result.answered) == (78.57, 7)  # 22 of 28


def test_instrument_ids_match_in_any_case():
    assert scoring.score("faam-sports", [4] * 8).instrument == "FAAM-Sports"


# --- Parsing answers ------------------------------------------------------------------------


def test_parse_answers_turns_empty_fields_into_missing_items():
    assert scoring.parse_answers("NDI", "1,2,,4") == [1, 2, None, 4]


def test_parse_answers_accepts_na_spellings_for_faam():
    assert scoring.parse_answers("FAAM-Sports", "4, na,N/A ,") == [4, NA, NA, None]


def test_parse_answers_names_the_item_that_is_not_a_number():
    with pytest.raises(ScoringError, match="item 2") as error:
        scoring.parse_answers("NDI", "1,x,3")
    assert (error.value.instrument, error.value.item) == ("NDI", 2)


def test_parse_answers_refuses_na_where_the_instrument_has_no_na():
    with pytest.raises(ScoringError, match="item 3"):
        scoring.parse_answers("LEFS", "4,4,NA")


def test_parse_answers_refuses_fractions():
    with pytest.raises(ScoringError, match="activity 1"):
        scoring.parse_answers("PSFS", "2.5,3,4")


# --- Errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instrument_id", "answers", "item"),
    [
        ("NPRS", [11], 1),
        ("NDI", [1, 2, 3, 4, 6, 0, 1, 2, 3, 4], 5),
        ("ODI", [0] * 9 + [-1], 10),
        ("LEFS", [4] * 19 + [5], 20),
        ("PRTEE", [0] * 14 + [11], 15),
        ("VISA-A", [11] + [0] * 7, 1),
        ("VISA-A", [0] * 7 + [31], 8),
        ("FAAM-ADL", [0] * 20 + [5], 21),
        ("PSFS", [3, 11, 4], 2),
    ],
)
def test_an_out_of_range_answer_is_refused_naming_the_item(instrument_id, answers, item):
    with pytest.raises(ScoringError, match="out of range") as error:
        scoring.score(instrument_id, answers)
    assert error.value.item == item
    assert f"{'activity' if instrument_id == 'PSFS' else 'item'} {item}" in str(error.value)


def test_too_many_missing_ndi_sections_name_the_instrument_and_the_count():
    with pytest.raises(ScoringError, match=r"NDI: 2 items without a score — 2 missing"):
        scoring.score("NDI", [1, None, 3, 4, 5, 0, 1, None, 3, 4])


def test_a_missing_lefs_item_is_refused_because_lefs_has_no_missing_item_rule():
    with pytest.raises(ScoringError, match="LEFS: 1 item without a score"):
        scoring.score("LEFS", [4] * 19 + [None])


def test_faam_counts_blank_and_na_items_together_against_the_90_percent_rule():
    with pytest.raises(ScoringError, match=r"FAAM-ADL: 3 items .*1 N/A.*19 of 21"):
        scoring.score("FAAM-ADL", [2] * 18 + [None, None, NA])


def test_na_is_refused_on_an_instrument_without_na():
    with pytest.raises(ScoringError, match="item 2: N/A") as error:
        scoring.score("ODI", [1, NA] + [1] * 8)
    assert error.value.item == 2


def test_an_unscored_psfs_activity_is_refused_naming_it():
    with pytest.raises(ScoringError, match="activity 2 has no score"):
        scoring.score("PSFS", [3, None, 4])


def test_an_unknown_instrument_is_refused_with_close_matches():
    with pytest.raises(ScoringError, match="Unknown instrument 'NDX'") as error:
        scoring.score("NDX", [1])
    assert error.value.suggestions == ["NDI"]
    assert error.value.item is None


@pytest.mark.parametrize(
    ("instrument_id", "count"),
    [("NDI", 9), ("NDI", 11), ("NPRS", 2), ("LEFS", 0), ("VISA-A", 7), ("PSFS", 2), ("PSFS", 6)],
)
def test_the_wrong_number_of_answers_is_refused(instrument_id, count):
    with pytest.raises(ScoringError, match=instrument_id):
        scoring.score(instrument_id, [1] * count)


@pytest.mark.parametrize("value", [True, 2.5, "3"])
def test_answers_that_are_not_whole_numbers_are_refused(value):
    with pytest.raises(ScoringError, match="item 1"):
        scoring.score("NPRS", [value])


# --- Change and MCID ------------------------------------------------------------------------


def test_nprs_drop_of_three_is_an_improvement_that_meets_the_mcid():
    assert scoring.change("NPRS", 7, 4) == {
        "change": -3.0,
        "improvement": 3.0,
        "mcid": 2,
        "mcid_met": True,
        "mcid_unconfirmed": False,
    }


def test_nprs_drop_of_one_does_not_meet_the_mcid():
    assert scoring.change("NPRS", 7, 6)["mcid_met"] is False


def test_a_worsening_never_meets_the_mcid():
    result = scoring.change("LEFS", 50, 30)
    assert (result["improvement"], result["mcid_met"]) == (-20, False)


def test_lefs_gain_of_exactly_nine_meets_the_mcid():
    assert scoring.change("LEFS", 40, 49)["mcid_met"] is True


def test_odi_change_is_judged_on_the_percent_scale():
    assert scoring.change("ODI", 40, 30)["mcid_met"] is True
    with pytest.raises(ScoringError, match="percent scale"):
        scoring.change("ODI", 40, 120)


def test_ndi_change_is_judged_on_the_raw_scale_out_of_50():
    assert scoring.change("NDI", 30, 21)["mcid_met"] is False
    assert scoring.change("NDI", 30, 20)["mcid_met"] is True
    with pytest.raises(ScoringError, match="outside"):
        scoring.change("NDI", 60, 20)


def test_ndi_results_with_a_missing_section_are_prorated_before_comparing():
    baseline = scoring.score("NDI", [3] * 10)
    latest = scoring.score("NDI", [2, 2, 2, 2, 2, 2, 2, 1, 1, None])  # 16/45
    assert scoring.change_value(latest) == 17.78
    result = scoring.change("NDI", baseline, latest)
    assert (result["improvement"], result["mcid_met"]) == (12.22, True)


def test_faam_results_are_compared_on_their_percent():
    baseline = scoring.score("FAAM-ADL", [2] * 21)
    latest = scoring.score("FAAM-ADL", [3] * 19 + [NA, NA])
    assert scoring.change("FAAM-ADL", baseline, latest)["improvement"] == 25.0


def test_visa_a_reports_its_unconfirmed_mcid_and_gives_no_verdict():
    result = scoring.change("VISA-A", 50, 80)
    assert result == {
        "change": 30.0,
        "improvement": 30.0,
        "mcid": 15.4,
        "mcid_met": None,
        "mcid_unconfirmed": True,
    }


def test_prtee_has_no_mcid_verdict():
    result = scoring.change("PRTEE", 60, 20)
    assert (result["improvement"], result["mcid"], result["mcid_met"]) == (40, None, None)
    assert result["mcid_unconfirmed"] is True


def test_change_refuses_a_result_of_another_instrument():
    with pytest.raises(ScoringError, match="NDI result"):
        scoring.change("ODI", scoring.score("NDI", [1] * 10), 20)


# --- Properties -----------------------------------------------------------------------------


@pytest.mark.parametrize("instrument_id", IDS)
@given(data=st.data())
def test_scores_stay_in_range_for_any_valid_answers(instrument_id, data):
    inst = instrument(instrument_id)
    result = scoring.score(instrument_id, data.draw(allowed_answers(instrument_id)))
    assert inst.score_min <= result.score <= result.max == inst.score_max
    assert 0 <= result.percent <= 100
    for subscale in inst.subscales:
        assert 0 <= result.subscores[subscale.id] <= inst.score_max
    if inst.subscales:
        assert result.score == pytest.approx(sum(result.subscores.values()))


@pytest.mark.parametrize("instrument_id", IDS)
@given(data=st.data())
def test_raising_one_answer_never_lowers_the_score_and_moves_improvement_its_way(
    instrument_id, data
):
    inst = instrument(instrument_id)
    answers = data.draw(allowed_answers(instrument_id))
    raisable = [
        n
        for n, value in enumerate(answers, 1)
        if isinstance(value, int) and value < (inst.item_range(n)[1] if inst.items else 10)
    ]
    if not raisable:
        return
    number = data.draw(st.sampled_from(raisable), label="item")
    top = inst.item_range(number)[1] if inst.items else inst.item_max
    raised = list(answers)
    raised[number - 1] = data.draw(st.integers(answers[number - 1] + 1, top), label="new value")
    before, after = scoring.score(instrument_id, answers), scoring.score(instrument_id, raised)
    assert after.score >= before.score
    assert after.percent >= before.percent
    improvement = scoring.change(instrument_id, before, after)["improvement"]
    assert improvement >= 0 if inst.higher_is_better else improvement <= 0


@pytest.mark.parametrize("instrument_id", WITH_MISSING)
@given(data=st.data())
def test_missing_items_within_the_allowed_count_never_raise(instrument_id, data):
    inst = instrument(instrument_id)
    answers = data.draw(complete_answers(instrument_id))
    positions = st.sets(st.integers(0, inst.items - 1), min_size=1, max_size=inst.max_missing)
    blanks = data.draw(positions)
    for position in blanks:
        answers[position] = None
    result = scoring.score(instrument_id, answers)
    assert result.answered == inst.items - len(blanks)


@pytest.mark.parametrize("instrument_id", WITH_MISSING + WITHOUT_MISSING)
@given(data=st.data())
def test_one_missing_item_more_than_allowed_raises_naming_instrument_and_count(instrument_id, data):
    inst = instrument(instrument_id)
    answers = data.draw(complete_answers(instrument_id))
    blanks = data.draw(
        st.sets(
            st.integers(0, inst.items - 1),
            min_size=inst.max_missing + 1,
            max_size=inst.max_missing + 1,
        )
    )
    for position in blanks:
        answers[position] = None
    with pytest.raises(ScoringError, match=f"{inst.id}: {len(blanks)} item"):
        scoring.score(instrument_id, answers)


@given(answers=complete_answers("PRTEE"))
def test_prtee_total_is_pain_sum_plus_half_the_function_sum(answers):
    result = scoring.score("PRTEE", answers)
    assert result.subscores["pain"] == sum(answers[:5])
    assert result.subscores["function"] == sum(answers[5:]) / 2


@given(answers=allowed_answers("NDI"))
def test_ndi_percent_is_the_total_over_five_times_the_sections_answered(answers):
    scored = [a for a in answers if a is not None]
    result = scoring.score("NDI", answers)
    assert result.percent == pytest.approx(sum(scored) / (5 * len(scored)) * 100, abs=0.005)
