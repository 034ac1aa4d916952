"""The instruments file: the documented choices, and a bad file refused naming where.

The expected values come from shared/clinical-facts.md §4 and the sources named in
outcomes/data/instruments.yaml; a test that pins an MCID pins the choice documented there.
"""

import pytest
import yaml

from dryneedle.data_files import DataFileError
from dryneedle.outcomes import instruments
from dryneedle.outcomes.instruments import InstrumentDataError

IDS = ["NPRS", "PSFS", "NDI", "ODI", "LEFS", "PRTEE", "VISA-A", "FAAM-ADL", "FAAM-Sports"]
ITEM_IDS = [i for i in IDS if i != "PSFS"]


def instrument(instrument_id: str) -> instruments.Instrument:
    return instruments.instruments()[instrument_id]


# --- The instruments file ---------------------------------------------------------------------


def test_the_nine_instruments_are_defined_with_their_exact_ids():
    assert list(instruments.instruments()) == IDS


def test_only_nprs_and_psfs_show_item_text_and_only_they_carry_a_prompt():
    for inst in instruments.instruments().values():
        assert inst.show_item_text is (inst.id in {"NPRS", "PSFS"}), inst.id
        assert bool(inst.prompt) is inst.show_item_text, inst.id


def test_mcids_are_the_documented_choices_with_their_scales():
    found = {
        i.id: (i.mcid, i.mcid_scale, i.mcid_unconfirmed) for i in instruments.instruments().values()
    }
    assert found == {
        "NPRS": (2, "score", False),
        "PSFS": (2, "score", False),  # MDC90 used as the change threshold
        "NDI": (10, "score", False),  # raw 0-50 points, Spine J 2009
        "ODI": (10, "percent", False),  # Ostelo 2008
        "LEFS": (9, "score", False),
        "PRTEE": (None, "score", True),
        "VISA-A": (15.4, "score", True),
        "FAAM-ADL": (8, "percent", False),
        "FAAM-Sports": (9, "percent", False),
    }


def test_mdcs_are_given_only_where_the_facts_give_one():
    mdcs = {i.id: i.mdc for i in instruments.instruments().values()}
    assert mdcs == {
        "NPRS": 2,
        "PSFS": 2,
        "NDI": 10.2,
        "ODI": None,
        "LEFS": 9,
        "PRTEE": None,
        "VISA-A": None,
        "FAAM-ADL": 5.7,
        "FAAM-Sports": 12.3,
    }


def test_every_instrument_names_its_sources_and_licence():
    for inst in instruments.instruments().values():
        assert inst.sources and all(inst.sources), inst.id
        assert inst.licence, inst.id
    assert any("clinical-facts.md" in s for s in instrument("NDI").sources)


def test_unconfirmed_licences_say_so():
    for instrument_id in ["NDI", "PRTEE", "VISA-A"]:
        assert "UNCONFIRMED" in instrument(instrument_id).licence


def test_item_ranges_follow_the_published_structure():
    firsts = {i: instrument(i).item_range(1) for i in ITEM_IDS}
    assert firsts == {
        "NPRS": (0, 10),
        "NDI": (0, 5),
        "ODI": (0, 5),
        "LEFS": (0, 4),
        "PRTEE": (0, 10),
        "VISA-A": (0, 10),
        "FAAM-ADL": (0, 4),
        "FAAM-Sports": (0, 4),
    }
    visa = instrument("VISA-A")
    assert [visa.item_range(n) for n in range(1, 9)] == [(0, 10)] * 7 + [(0, 30)]
    psfs = instrument("PSFS")
    assert (psfs.items, psfs.min_activities, psfs.max_activities) == (0, 3, 5)


def _write_variant(tmp_path, change) -> instruments.Catalogue:
    data = yaml.safe_load(instruments.DATA_FILE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "instruments.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return instruments.load_catalogue(path)


def _entry(data, instrument_id):
    return next(row for row in data["instruments"] if row["id"] == instrument_id)


def test_the_shipped_file_loads_unchanged_through_the_checker(tmp_path):
    catalogue = _write_variant(tmp_path, lambda data: None)
    assert list(catalogue.instruments) == IDS


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: _entry(d, "NDI")["score"].update(max=60), "score"),
        (lambda d: _entry(d, "LEFS").update(show_item_text=True, prompt="x"), "show_item_text"),
        (lambda d: _entry(d, "ODI").update(prompt="Some wording"), "prompt"),
        (lambda d: _entry(d, "NDI")["sources"].update(mcid=["nowhere"]), "sources"),
        (lambda d: _entry(d, "PRTEE")["mcid"].update(unconfirmed=False), "mcid"),
        (lambda d: _entry(d, "LEFS")["missing"].update(max_missing=2), "missing"),
        (lambda d: _entry(d, "NPRS")["mcid"].update(value=11), "mcid"),
        (lambda d: d["measures"][0].update(mdc_unconfirmed=False), "mdc"),
    ],
)
def test_a_bad_instruments_file_is_refused_naming_the_field(tmp_path, change, field):
    with pytest.raises(InstrumentDataError, match=f"field '{field}'"):
        _write_variant(tmp_path, change)


def test_a_bad_instrument_is_refused_naming_the_file_the_instrument_and_the_field(tmp_path):
    with pytest.raises(InstrumentDataError) as caught:
        _write_variant(tmp_path, lambda d: _entry(d, "LEFS")["mcid"].update(scale="points"))
    message = str(caught.value)
    assert "instruments.yaml" in message
    assert "(LEFS)" in message
    assert "field 'mcid'" in message
    assert "'points'" in message


def test_a_bad_instruments_file_is_refused_as_a_data_file_error(tmp_path):
    with pytest.raises(DataFileError):
        _write_variant(tmp_path, lambda d: _entry(d, "NDI").pop("licence"))
