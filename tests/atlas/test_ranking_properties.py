"""Properties of reading a pain drawing: any text is read into marks or refused by name."""

from hypothesis import given
from hypothesis import strategies as st

from dryneedle.atlas.loader import load_atlas
from dryneedle.atlas.ranking import DrawingError, parse_drawing

REGIONS = load_atlas().regions
entry = st.one_of(
    st.text(max_size=30),
    st.builds(
        lambda region, side, weight: f"{region}{side}{weight}",
        st.sampled_from(sorted(REGIONS)),
        st.sampled_from(["", ":L", ":R", ":l", ":X"]),
        st.sampled_from(["", "=1", "=0", "=10", "=11", "=-2", "=nan", "=inf", "=1e308", "=x"]),
    ),
)


@given(st.lists(entry, max_size=8))
def test_any_drawing_text_gives_marks_in_range_or_a_drawing_error(entries):
    try:
        marks = parse_drawing(entries, REGIONS)
    except DrawingError as error:
        assert str(error)
    else:
        for mark in marks:
            assert mark.region in REGIONS
            assert 0 < mark.weight <= 10
