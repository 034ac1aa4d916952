"""Properties of the SOAP draft on any session: it never fails on valid facts, reaches the
MCID verdict exactly when the NPRS fell by the MCID, and lists every needled muscle."""

from hypothesis import given
from hypothesis import strategies as st

from dryneedle.treatments.soap import (
    PLAN_PLACEHOLDER,
    AdverseEntry,
    NeedlingEntry,
    RomMeasure,
    SessionFacts,
    draft_soap,
)

nprs = st.one_of(st.none(), st.integers(0, 10))
side = st.sampled_from(["L", "R", None])
text = st.text(max_size=40)
small = st.one_of(st.none(), st.integers(0, 90))
needling = st.builds(
    NeedlingEntry,
    muscle_name=st.text(min_size=1, max_size=30).filter(str.strip),
    side=side,
    technique=text,
    twitch=st.sampled_from(["", "none", "few", "many", "odd"]),
    passes=small,
    minutes=small,
    depth_mm=small,
    needle=text,
)
facts = st.builds(
    SessionFacts,
    diagnosis=text,
    problem=text,
    pre_nprs=nprs,
    post_nprs=nprs,
    discomfort=nprs,
    ppt_site=text,
    pre_ppt=st.one_of(st.none(), st.sampled_from(["0.0", "3.5", "12.1"])),
    post_ppt=st.one_of(st.none(), st.sampled_from(["0.0", "4.0", "99.9"])),
    rom=st.lists(st.builds(RomMeasure, text, side, small, small), max_size=3).map(tuple),
    needlings=st.lists(needling, max_size=4).map(tuple),
    adverse_events=st.lists(st.builds(AdverseEntry, text, text, text, text), max_size=2).map(tuple),
    patient_response=text,
    precautions=st.lists(text, max_size=2).map(tuple),
    nprs_mcid=st.sampled_from([1.0, 2.0, 2.5]),
)


@given(facts)
def test_any_valid_session_drafts_four_sections(session):
    draft = draft_soap(session)
    assert draft.plan == PLAN_PLACEHOLDER
    for section in (draft.subjective, draft.objective, draft.assessment):
        assert isinstance(section, str)


@given(facts)
def test_the_mcid_verdict_appears_exactly_when_pain_fell_by_the_mcid(session):
    reached = "reaching the MCID" in draft_soap(session).assessment
    both = session.pre_nprs is not None and session.post_nprs is not None
    assert reached == (both and session.pre_nprs - session.post_nprs >= session.nprs_mcid)


@given(facts)
def test_every_needled_muscle_is_named_in_the_objective(session):
    objective = draft_soap(session).objective
    for entry in session.needlings:
        assert entry.muscle_name.strip().lower() in objective.lower()  # "Left upper trapezius"
