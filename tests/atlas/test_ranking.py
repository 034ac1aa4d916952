"""Ranking trigger points for a pain drawing: properties and worked cases."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dryneedle.atlas import ranking
from dryneedle.atlas.loader import load_atlas

ATLAS = load_atlas()
REGIONS = ATLAS.regions
POINTS = list(ATLAS.trigger_points.values())


def marks(*entries):
    return ranking.parse_drawing(entries, REGIONS)


def rank(*entries, limit=None):
    return ranking.rank(marks(*entries), POINTS, REGIONS, limit=limit)


@pytest.mark.parametrize("point", POINTS, ids=lambda p: p.id)
def test_drawing_equal_to_an_essential_zone_ranks_that_zone_first(point):
    top = rank(*sorted(point.essential))[0]
    assert ATLAS.trigger_points[top.trigger_point].essential == point.essential
    assert top.score >= 0.97


region_ids = st.sampled_from(sorted(REGIONS))


@settings(max_examples=150, deadline=None)
@given(drawing=st.sets(region_ids, min_size=1, max_size=8), extra=region_ids)
def test_adding_an_unexplained_region_never_raises_a_score(drawing, extra):
    before = {r.trigger_point: r.score for r in ranking.rank(marks(*drawing), POINTS, REGIONS)}
    after = ranking.rank(marks(*drawing, extra), POINTS, REGIONS)
    for result in after:
        if extra not in ATLAS.trigger_points[result.trigger_point].zone:
            assert result.score <= before.get(result.trigger_point, 0)


@settings(max_examples=60, deadline=None)
@given(drawing=st.lists(region_ids, min_size=1, max_size=8, unique=True))
def test_ranking_is_deterministic_whatever_the_order_of_the_marks(drawing):
    assert rank(*drawing) == rank(*reversed(drawing))


@settings(max_examples=60, deadline=None)
@given(drawing=st.sets(region_ids, min_size=1, max_size=8))
def test_scores_lie_between_zero_and_one_best_first(drawing):
    scores = [r.score for r in rank(*drawing)]
    assert all(0 < s <= 1 for s in scores)
    assert scores == sorted(scores, reverse=True)


def test_results_say_what_they_explain_and_what_they_leave_unexplained():
    result = next(r for r in rank("temple", "heel") if "temple" in r.explained)
    assert result.unexplained == ("heel",)


def test_a_left_sided_drawing_is_explained_by_left_sided_trigger_points():
    point = next(
        p
        for p in POINTS
        if p.laterality == "ipsilateral" and all(REGIONS[r].paired for r in p.essential)
    )
    top = rank(*[f"{r}:L" for r in sorted(point.essential)])[0]
    assert top.side == "L"


def test_an_unsided_drawing_reports_each_trigger_point_once():
    ids = [r.trigger_point for r in rank("temple", "occiput")]
    assert len(ids) == len(set(ids))


def test_heavier_weight_on_a_region_favours_trigger_points_that_explain_it():
    light = {r.trigger_point: r.score for r in rank("heel", "posterior_neck")}
    heavy = {r.trigger_point: r.score for r in rank("heel=5", "posterior_neck")}
    heel_points = [p.id for p in POINTS if "heel" in p.essential and "posterior_neck" not in p.zone]
    assert heel_points
    assert all(heavy[p] > light[p] for p in heel_points)


def test_limit_cuts_the_list():
    assert len(rank("temple", "occiput", limit=3)) == 3


def test_empty_drawing_ranks_nothing():
    assert ranking.rank([], POINTS, REGIONS) == []


@pytest.mark.parametrize(
    "entry,message",
    [
        ("tempel", "Unknown body region 'tempel'"),
        ("temple:X", "the side must be L or R"),
        ("sternum:L", "on the midline and has no side"),
        ("temple=0", "above 0 and at most 10"),
        ("temple=lots", "must be a number"),
    ],
)
def test_bad_drawing_entries_are_refused_with_a_message(entry, message):
    with pytest.raises(ranking.DrawingError, match=message):
        marks(entry)


def test_unknown_region_suggests_close_matches():
    with pytest.raises(ranking.DrawingError) as caught:
        marks("tempel")
    assert "temple" in caught.value.suggestions
