"""The SOAP draft states what was recorded, tersely, and nothing else."""

from dataclasses import replace

import pytest

from dryneedle.treatments.soap import (
    AdverseEntry,
    NeedlingEntry,
    RomMeasure,
    SessionFacts,
    draft_soap,
)

TRAPEZIUS = NeedlingEntry(
    muscle_name="Upper trapezius",
    side="L",
    technique="pistoning",
    twitch="many",
    passes=3,
    minutes=None,
    depth_mm=20,
    needle="0.25 × 40 mm",
)
LEVATOR = NeedlingEntry(
    muscle_name="Levator scapulae",
    side="R",
    technique="static",
    twitch="",
    passes=None,
    minutes=10,
    depth_mm=None,
    needle="0.30 × 50 mm",
)


def session(**changes) -> SessionFacts:
    facts = SessionFacts(
        diagnosis="M54.2 Cervicalgia",
        problem="Left-sided neck pain for 6 weeks",
        pre_nprs=7,
        post_nprs=4,
        discomfort=3,
        ppt_site="left upper trapezius",
        pre_ppt="2.4",
        post_ppt="3.1",
        rom=(RomMeasure("cervical rotation", "L", 60, 70),),
        needlings=(TRAPEZIUS, LEVATOR),
        adverse_events=(),
        patient_response="Neck felt looser after the last session.",
        precautions=("Anticoagulant therapy: pressure held 1 minute after each needle",),
    )
    return replace(facts, **changes)


def empty_session(**changes) -> SessionFacts:
    return session(
        diagnosis="",
        problem="",
        pre_nprs=None,
        post_nprs=None,
        discomfort=None,
        ppt_site="",
        pre_ppt=None,
        post_ppt=None,
        rom=(),
        needlings=(),
        patient_response="",
        precautions=(),
        **changes,
    )


def test_each_needling_is_one_line_with_only_the_recorded_parts():
    lines = draft_soap(session()).objective.splitlines()
    assert (
        "Left upper trapezius: 0.25 × 40 mm, pistoning, 3 passes, "
        "many local twitch responses, depth 20 mm"
    ) in lines
    assert "Right levator scapulae: 0.30 × 50 mm, static, 10 min" in lines


def test_needling_without_side_keeps_the_name_as_given():
    entry = replace(TRAPEZIUS, muscle_name="Lumbar multifidus", side=None, passes=1)
    objective = draft_soap(session(needlings=(entry,))).objective
    assert "Lumbar multifidus: 0.25 × 40 mm, pistoning, 1 pass," in objective


def test_no_twitch_is_written_as_none():
    entry = replace(TRAPEZIUS, twitch="none")
    assert "no local twitch responses" in draft_soap(session(needlings=(entry,))).objective


def test_subjective_has_problem_pre_session_nprs_and_patient_response():
    subjective = draft_soap(session()).subjective
    assert subjective.splitlines() == [
        "Presenting problem: Left-sided neck pain for 6 weeks.",
        "Pre-session NPRS 7/10.",
        "Patient response: Neck felt looser after the last session.",
    ]


def test_objective_has_ppt_rom_discomfort_and_precautions():
    objective = draft_soap(session()).objective
    assert "PPT left upper trapezius: 2.4→3.1 kg/cm²." in objective
    assert "ROM: Left cervical rotation 60°→70°." in objective
    assert "Discomfort during needling 3/10." in objective
    assert (
        "Screening precautions applied: Anticoagulant therapy: pressure held 1 minute "
        "after each needle."
    ) in objective


def test_nprs_change_has_arrow_and_signed_difference():
    assert "NPRS 7→4 (−3)" in draft_soap(session()).assessment
    assert "NPRS 3→5 (+2)" in draft_soap(session(pre_nprs=3, post_nprs=5)).assessment
    assert "NPRS 5→5 (0)" in draft_soap(session(pre_nprs=5, post_nprs=5)).assessment


def test_reduction_of_two_points_reaches_the_mcid():
    assessment = draft_soap(session(pre_nprs=6, post_nprs=4)).assessment
    assert "≥ 2-point change (reduction), reaching the MCID of 2 points" in assessment


def test_reduction_of_one_point_is_below_the_mcid():
    assessment = draft_soap(session(pre_nprs=6, post_nprs=5)).assessment
    assert "NPRS 6→5 (−1)" in assessment
    assert "below the MCID" in assessment
    assert "≥ 2-point" not in assessment


def test_mcid_passed_in_is_used():
    assessment = draft_soap(session(pre_nprs=7, post_nprs=4, nprs_mcid=3.5)).assessment
    assert "below the MCID" in assessment
    assert "smaller than 3.5 points" in assessment


def test_assessment_never_claims_importance_or_causation():
    assessment = draft_soap(session()).assessment.lower()
    for claim in ("clinically important", "due to", "because", "caused", "as a result"):
        assert claim not in assessment


def test_assessment_has_diagnosis_and_rom_change():
    assessment = draft_soap(session()).assessment
    assert "Diagnosis: M54.2 Cervicalgia." in assessment
    assert "ROM change pre→post session: Left cervical rotation +10°." in assessment


def test_no_adverse_events_is_said_when_none_were_recorded():
    assert "No adverse events." in draft_soap(session()).objective.splitlines()


def test_adverse_events_are_listed():
    events = (
        AdverseEntry("bruising", "mild", "24 hours", "advised ice"),
        AdverseEntry("vasovagal response", "moderate", "during needling", "session stopped"),
    )
    objective = draft_soap(session(adverse_events=events)).objective
    assert "No adverse events." not in objective
    assert "Adverse event: bruising (mild; onset 24 hours; action: advised ice)." in objective
    assert (
        "Adverse event: vasovagal response (moderate; onset during needling; "
        "action: session stopped)."
    ) in objective


def test_empty_fields_leave_their_lines_out():
    draft = draft_soap(empty_session())
    assert draft.subjective == ""
    assert draft.objective == "No adverse events."
    assert draft.assessment == ""
    assert "PPT" not in draft.objective


def test_ppt_site_without_values_gives_no_ppt_line():
    objective = draft_soap(session(pre_ppt=None, post_ppt=None)).objective
    assert "PPT" not in objective


def test_one_sided_measurements_say_which_side_of_the_session():
    draft = draft_soap(
        session(post_ppt=None, post_nprs=None, rom=(RomMeasure("lumbar flexion", None, 40, None),))
    )
    assert "PPT left upper trapezius: 2.4 kg/cm² pre-session." in draft.objective
    assert "ROM: lumbar flexion 40° pre-session." in draft.objective
    assert "NPRS" not in draft.assessment
    assert "ROM change" not in draft.assessment


def test_plan_is_a_placeholder_for_the_clinician():
    assert draft_soap(session()).plan == (
        "Review response at the 24-hour check-in; next session: [clinician to complete]."
    )


def test_same_facts_give_the_same_draft():
    assert draft_soap(session()) == draft_soap(session())


@pytest.mark.parametrize(
    "changes",
    [
        {"pre_nprs": 11},
        {"post_nprs": -1},
        {"discomfort": 12},
        {"needlings": (replace(TRAPEZIUS, side="left"),)},
        {"rom": (RomMeasure("cervical rotation", "X", 1, 2),)},
    ],
)
def test_impossible_values_are_refused(changes):
    with pytest.raises(ValueError):
        draft_soap(session(**changes))
