"""CPT 20560/20561 chosen by distinct muscles (clinical-facts §5)."""

import pytest

from dryneedle.atlas.loader import load_atlas
from dryneedle.treatments.coding import (
    UNITS_NOTE,
    CodingError,
    Site,
    code_session,
    parse_site,
)


@pytest.fixture(scope="module")
def muscles():
    return load_atlas().muscles


def sites(*muscle_ids: str) -> list[Site]:
    return [Site(m, "L") for m in muscle_ids]


def test_one_muscle_is_20560():
    coding = code_session(sites("upper_trapezius"))
    assert (coding.cpt, coding.muscles, coding.count) == ("20560", ("upper_trapezius",), 1)


def test_two_muscles_are_20560():
    coding = code_session(sites("upper_trapezius", "levator_scapulae"))
    assert coding.cpt == "20560"
    assert coding.muscles == ("levator_scapulae", "upper_trapezius")
    assert coding.count == 2


def test_three_muscles_are_20561():
    coding = code_session(sites("upper_trapezius", "levator_scapulae", "scalenes"))
    assert (coding.cpt, coding.count) == ("20561", 3)


def test_many_muscles_are_still_one_20561():
    ids = ["gluteus_medius", "gluteus_minimus", "piriformis", "quadratus_lumborum", "iliopsoas"]
    coding = code_session(sites(*ids))
    assert (coding.cpt, coding.count) == ("20561", 5)
    assert coding.muscles == tuple(sorted(ids))


def test_same_muscle_on_both_sides_counts_once():
    coding = code_session(
        [Site("upper_trapezius", "L"), Site("upper_trapezius", "R"), Site("scalenes", "L")]
    )
    assert (coding.cpt, coding.count) == ("20560", 2)
    assert "counts once" in coding.note


def test_repeated_needling_of_one_muscle_counts_once():
    coding = code_session([Site("gastrocnemius", "L")] * 4 + [Site("gastrocnemius", None)])
    assert (coding.cpt, coding.count) == ("20560", 1)


def test_no_muscle_means_no_code():
    coding = code_session([])
    assert coding.cpt is None
    assert coding.muscles == ()
    assert coding.count == 0
    assert coding.note == "no muscle needled: no dry-needling code"


def test_note_says_report_once_and_that_it_is_unconfirmed():
    note = code_session(sites("masseter")).note
    assert UNITS_NOTE in note
    assert "report once per session, 1 unit (standard guidance; primary text unconfirmed)" in note


def test_codes_are_strings():
    assert isinstance(code_session(sites("masseter")).cpt, str)


def test_parse_site_reads_muscle_and_side(muscles):
    assert parse_site("upper_trapezius:L", muscles) == Site("upper_trapezius", "L")
    assert parse_site(" upper_trapezius:r ", muscles) == Site("upper_trapezius", "R")
    assert parse_site("upper_trapezius", muscles) == Site("upper_trapezius", None)


def test_unknown_muscle_suggests_close_matches(muscles):
    with pytest.raises(CodingError) as caught:
        parse_site("levator_scapula:L", muscles)
    assert "Unknown muscle 'levator_scapula'" in str(caught.value)
    assert caught.value.suggestions[0] == "levator_scapulae"
    assert "Did you mean: levator_scapulae" in caught.value.with_suggestions


@pytest.mark.parametrize("text", ["upper_trapezius:X", "upper_trapezius:LR", "scalenes:L:R"])
def test_bad_side_is_refused(muscles, text):
    with pytest.raises(CodingError, match="the side must be L or R"):
        parse_site(text, muscles)


def test_empty_site_is_refused(muscles):
    with pytest.raises(CodingError):
        parse_site("  ", muscles)
