"""Safety screening rules: the packaged data, evaluating answers, refusing bad answers and data."""

import shutil
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dryneedle.atlas.loader import Region
from dryneedle.data_files import DataFileError
from dryneedle.screening.rules import (
    DATA_FILE,
    RESULTS,
    AnswerError,
    RulesError,
    evaluate,
    load_rules,
    load_rules_from,
)

RULES = load_rules()
QUESTIONS = RULES.questions
ABSOLUTE = ["needle_phobia", "unwilling", "cognitive_impairment", "medical_emergency"]
PRECAUTION_ONLY = [
    "anticoagulants",
    "bleeding_disorder",
    "immunocompromised",
    "epilepsy",
    "metal_allergy",
    "diabetes",
    "vascular_disease",
]
REQUIRED = [
    *ABSOLUTE,
    *PRECAUTION_ONLY,
    "local_infection",
    "lymphoedema",
    "recent_surgery",
    "pregnant",
]
REGION_QUESTIONS = ["local_infection", "lymphoedema", "recent_surgery"]


def all_no(**changes):
    answers = {question_id: "no" for question_id in QUESTIONS}
    answers.update(changes)
    return answers


def refusal(answers) -> AnswerError:
    with pytest.raises(AnswerError) as caught:
        evaluate(answers)
    return caught.value


# --- the packaged rules ---------------------------------------------------------------------


def test_packaged_rules_ask_every_required_question():
    assert set(REQUIRED) <= set(QUESTIONS)


def test_region_questions_ask_for_regions():
    for question_id in REGION_QUESTIONS:
        assert QUESTIONS[question_id].kind == "yes_no_regions"


def test_every_rule_cites_a_source_with_text():
    for rule in RULES.rules:
        assert rule.sources and all(len(citation) > 20 for citation in rule.sources), rule.id


def test_every_question_has_patient_wording_in_the_second_person():
    for question in QUESTIONS.values():
        assert "you" in question.patient_text.lower(), question.id


def test_rules_version_is_a_positive_whole_number():
    assert isinstance(RULES.version, int) and RULES.version >= 1


# --- evaluating -----------------------------------------------------------------------------


def test_all_no_answers_are_clear():
    outcome = evaluate(all_no())
    assert outcome.result == "clear"
    assert outcome.triggered == ()
    assert outcome.avoid_regions() == frozenset()


@pytest.mark.parametrize("question_id", ABSOLUTE)
def test_each_absolute_item_alone_contraindicates_needling(question_id):
    assert evaluate(all_no(**{question_id: "yes"})).result == "contraindicated"


def test_anticoagulants_alone_call_for_precautions_not_contraindication():
    outcome = evaluate(all_no(anticoagulants="yes"))
    assert outcome.result == "precautions"
    assert [t.level for t in outcome.triggered] == ["precaution"]


@pytest.mark.parametrize("question_id", PRECAUTION_ONLY)
def test_each_relative_item_alone_calls_for_precautions(question_id):
    outcome = evaluate(all_no(**{question_id: "yes"}))
    assert outcome.result == "precautions"
    assert {t.level for t in outcome.triggered} == {"precaution"}


def test_lymphoedema_regions_are_to_be_avoided():
    arm = {"answer": "yes", "regions": ["anterior_arm:L", "posterior_arm:L", "dorsal_forearm:L"]}
    outcome = evaluate(all_no(lymphoedema=arm))
    assert outcome.result == "precautions"
    assert outcome.avoid_regions() == {"anterior_arm:L", "posterior_arm:L", "dorsal_forearm:L"}


@pytest.mark.parametrize("question_id", REGION_QUESTIONS)
def test_a_yes_with_regions_avoids_exactly_those_regions(question_id):
    outcome = evaluate(all_no(**{question_id: {"answer": "yes", "regions": ["calf:R", "heel"]}}))
    assert outcome.result == "precautions"
    assert outcome.avoid_regions() == {"calf:R", "heel"}


def test_pregnancy_avoids_both_abdomen_regions():
    outcome = evaluate(all_no(pregnant="yes"))
    assert outcome.result == "precautions"
    assert outcome.avoid_regions() == {"upper_abdomen", "lower_abdomen"}


def test_pregnancy_asks_for_care_over_the_low_back_and_written_consent():
    care = [t for t in evaluate(all_no(pregnant="yes")).triggered if t.level == "precaution"]
    assert len(care) == 1
    assert care[0].regions == ("lumbar",)
    assert "written" in care[0].advice


@pytest.mark.parametrize("yes,no", [(True, False), ("YES", "No"), ("y", "N"), (" yes ", "no ")])
def test_yes_no_answers_accept_booleans_and_single_letters(yes, no):
    answers = {question_id: no for question_id in QUESTIONS}
    assert evaluate(answers).result == "clear"
    answers["diabetes"] = yes
    assert evaluate(answers).result == "precautions"


def test_a_region_side_may_be_lower_case_and_is_stored_upper_case():
    outcome = evaluate(all_no(local_infection={"answer": "yes", "regions": ["calf:r"]}))
    assert outcome.avoid_regions() == {"calf:R"}


def test_triggered_rules_come_in_rules_file_order_with_regions_sorted():
    answers = all_no(
        diabetes="yes",
        needle_phobia="yes",
        local_infection={"answer": "yes", "regions": ["heel:R", "calf:L"]},
    )
    triggered = evaluate(answers).triggered
    order = [rule.id for rule in RULES.rules]
    assert [t.rule for t in triggered] == sorted((t.rule for t in triggered), key=order.index)
    assert next(t for t in triggered if t.level == "avoid_region").regions == ("calf:L", "heel:R")


def test_outcome_as_dict_lists_each_triggered_rule():
    answers = all_no(lymphoedema={"answer": "yes", "regions": ["calf:L"]})
    assert evaluate(answers).as_dict() == {
        "result": "precautions",
        "triggered": [
            {
                "rule": "lymphoedema_limb",
                "level": "avoid_region",
                "advice": RULES.rules[[r.id for r in RULES.rules].index("lymphoedema_limb")].advice,
                "regions": ["calf:L"],
            }
        ],
    }


# --- refusing bad answers -------------------------------------------------------------------


def test_an_unknown_question_id_is_refused_naming_it():
    error = refusal(all_no(needle_fobia="no"))
    assert error.question == "needle_fobia"
    assert "needle_fobia" in str(error)


def test_a_missing_answer_is_refused_naming_the_question():
    answers = all_no()
    del answers["pregnant"]
    error = refusal(answers)
    assert error.question == "pregnant"
    assert "not answered" in str(error)


@pytest.mark.parametrize("value", ["maybe", "", 1, 0, None, ["yes"]])
def test_a_bad_yes_no_value_is_refused_naming_the_question(value):
    error = refusal(all_no(epilepsy=value))
    assert error.question == "epilepsy"
    assert "epilepsy" in str(error)


def test_an_unknown_region_is_refused_naming_the_question():
    error = refusal(all_no(lymphoedema={"answer": "yes", "regions": ["elbow_pit:L"]}))
    assert error.question == "lymphoedema"
    assert "elbow_pit" in str(error)


def test_a_side_on_a_midline_region_is_refused():
    error = refusal(all_no(recent_surgery={"answer": "yes", "regions": ["sternum:L"]}))
    assert error.question == "recent_surgery"
    assert "midline" in str(error)


YES_WITHOUT_REGIONS = ["yes", True, {"answer": "yes"}, {"answer": "yes", "regions": []}]


@pytest.mark.parametrize("value", YES_WITHOUT_REGIONS)
def test_a_yes_without_regions_is_refused_asking_which_regions(value):
    error = refusal(all_no(local_infection=value))
    assert error.question == "local_infection"
    assert "say which regions" in str(error)


def test_a_no_that_names_regions_is_refused():
    error = refusal(all_no(lymphoedema={"answer": "no", "regions": ["calf:L"]}))
    assert error.question == "lymphoedema"


def test_regions_given_as_one_string_are_refused():
    error = refusal(all_no(lymphoedema={"answer": "yes", "regions": "calf:L"}))
    assert error.question == "lymphoedema"


# --- property: more yeses never make the result less severe ---------------------------------

region_keys = st.sampled_from(["calf:L", "calf:R", "heel", "lumbar:L", "sternum", "anterior_arm"])


def yes_answer(question_id: str, regions: list[str]):
    if QUESTIONS[question_id].kind == "yes_no_regions":
        return {"answer": "yes", "regions": regions}
    return "yes"


@settings(max_examples=200, deadline=None)
@given(
    yeses=st.sets(st.sampled_from(sorted(QUESTIONS))),
    flip=st.sampled_from(sorted(QUESTIONS)),
    regions=st.lists(region_keys, min_size=1, max_size=3),
)
def test_turning_a_no_into_a_yes_never_makes_the_result_less_severe(yeses, flip, regions):
    yeses.discard(flip)
    answers = all_no(**{q: yes_answer(q, regions) for q in yeses})
    before = evaluate(answers).result
    answers[flip] = yes_answer(flip, regions)
    after = evaluate(answers).result
    assert RESULTS.index(after) >= RESULTS.index(before)


# --- refusing bad data ----------------------------------------------------------------------

GOOD_RULES = """\
version: 1
sources:
  src1: "Example source. https://example.org/screening"
questions:
  - id: needle_phobia
    text: "Is the patient very afraid of needles?"
    patient_text: "Are you very afraid of needles?"
    kind: yes_no
rules:
  - id: needle_phobia
    question: needle_phobia
    level: contraindicated
    advice: "Do not needle."
    regions: []
    sources: [src1]
"""


def write(tmp_path, text):
    path = tmp_path / "rules.yaml"
    path.write_text(textwrap.dedent(text))
    return path


def data_refusal(path) -> str:
    with pytest.raises(RulesError) as caught:
        load_rules_from(path)
    return str(caught.value)


def test_good_rules_data_loads(tmp_path):
    rules = load_rules_from(write(tmp_path, GOOD_RULES))
    assert rules.rules[0].sources == ("Example source. https://example.org/screening",)


def test_a_copy_of_the_packaged_rules_loads_the_same(tmp_path):
    shutil.copy(DATA_FILE, tmp_path / "rules.yaml")
    assert load_rules_from(tmp_path / "rules.yaml") == RULES


def test_a_rule_citing_an_undefined_source_is_refused_naming_file_entry_and_field(tmp_path):
    message = data_refusal(write(tmp_path, GOOD_RULES.replace("[src1]", "[src2]")))
    assert "rules.yaml" in message
    assert "needle_phobia" in message
    assert "'sources'" in message
    assert "src2" in message


def test_a_rule_with_an_unknown_level_is_refused_naming_file_entry_and_field(tmp_path):
    text = GOOD_RULES.replace("level: contraindicated", "level: sometimes")
    message = data_refusal(write(tmp_path, text))
    assert "rules.yaml" in message
    assert "needle_phobia" in message
    assert "'level'" in message
    assert "sometimes" in message


def test_a_rule_without_sources_is_refused(tmp_path):
    message = data_refusal(write(tmp_path, GOOD_RULES.replace("    sources: [src1]\n", "")))
    assert "'sources'" in message


def test_a_rule_with_an_unknown_region_is_refused(tmp_path):
    text = GOOD_RULES.replace("level: contraindicated", "level: avoid_region").replace(
        "regions: []", "regions: [tummy]"
    )
    message = data_refusal(write(tmp_path, text))
    assert "'regions'" in message
    assert "tummy" in message


def test_a_misspelt_field_is_refused(tmp_path):
    message = data_refusal(write(tmp_path, GOOD_RULES.replace("advice:", "advise:")))
    assert "'advise'" in message


def test_a_question_of_an_unknown_kind_is_refused_naming_file_entry_and_field(tmp_path):
    message = data_refusal(write(tmp_path, GOOD_RULES.replace("kind: yes_no", "kind: maybe")))
    assert message.startswith("rules.yaml: questions[0] (needle_phobia): field 'kind'")
    assert "'maybe'" in message


def test_a_rule_region_is_checked_against_the_atlas_regions(tmp_path):
    text = GOOD_RULES.replace("level: contraindicated", "level: avoid_region").replace(
        "regions: []", "regions: [temple]"
    )
    rules = load_rules_from(
        write(tmp_path, text), regions={"temple": Region("temple", "", "", True)}
    )
    assert rules.rules[0].regions == ("temple",)
    with pytest.raises(RulesError, match="unknown region 'temple'"):
        load_rules_from(write(tmp_path, text), regions={})


def test_bad_rules_data_is_a_data_file_error(tmp_path):
    with pytest.raises(DataFileError):
        load_rules_from(write(tmp_path, GOOD_RULES.replace("[src1]", "[src2]")))
