"""Properties of CPT coding: one code by distinct muscles, whatever the order, sides or repeats."""

from hypothesis import given
from hypothesis import strategies as st

from dryneedle.atlas.loader import load_atlas
from dryneedle.treatments.coding import (
    CPT_ONE_OR_TWO,
    CPT_THREE_OR_MORE,
    CodingError,
    Site,
    code_session,
    parse_site,
)

MUSCLE_IDS = sorted(load_atlas().muscles)
sites = st.lists(
    st.builds(Site, st.sampled_from(MUSCLE_IDS), st.sampled_from(["L", "R", None])), max_size=12
)
TIER = {None: 0, CPT_ONE_OR_TWO: 1, CPT_THREE_OR_MORE: 2}


@given(sites)
def test_the_code_follows_the_number_of_distinct_muscles(session):
    coding = code_session(session)
    distinct = len({site.muscle for site in session})
    assert coding.count == distinct
    expected = None if distinct == 0 else CPT_ONE_OR_TWO if distinct <= 2 else CPT_THREE_OR_MORE
    assert coding.cpt == expected


@given(sites, st.randoms())
def test_order_repeats_and_sides_never_change_the_code(session, random):
    shuffled = list(session)
    random.shuffle(shuffled)
    other_sides = [Site(s.muscle, "R" if s.side == "L" else "L") for s in session]
    assert code_session(shuffled) == code_session(session)
    assert code_session(session + other_sides + session) == code_session(session)


@given(sites, sites)
def test_needling_more_never_lowers_the_code(session, more):
    assert TIER[code_session(session + more).cpt] >= TIER[code_session(session).cpt]


@given(st.text(max_size=60))
def test_any_typed_site_is_read_or_refused_with_a_message(text):
    try:
        site = parse_site(text, load_atlas().muscles)
    except CodingError as error:
        assert str(error)
    else:
        assert site.muscle in MUSCLE_IDS and site.side in ("L", "R", None)
