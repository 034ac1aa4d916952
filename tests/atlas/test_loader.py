"""The atlas loader refuses bad data with a message naming file, entry and field."""

import shutil
import textwrap
from pathlib import Path

import pytest

from dryneedle.atlas.loader import DATA_DIR, AtlasDataError, load_atlas, load_atlas_from
from dryneedle.data_files import DataFileError

SHARED_REGIONS = Path(__file__).resolve().parents[3] / "shared" / "body-regions.yaml"

GOOD_MUSCLE = """\
version: 1
sources:
  src1: "Example source. https://example.org/trp"
muscles:
  - id: test_muscle
    name: Test muscle
    area: neck
    hazards:
      - {structure: lung_pleura, caution: high, note: "Lung beneath.", sources: [src1]}
    trigger_points:
      - id: test_muscle_trp1
        location: Middle of the belly.
        essential: [temple, orbit]
        spillover: [occiput]
        sources: [src1]
"""


@pytest.fixture
def data_dir(tmp_path):
    shutil.copy(DATA_DIR / "body-regions.yaml", tmp_path / "body-regions.yaml")
    return tmp_path


def write(data_dir, text, name="muscles-test.yaml"):
    (data_dir / name).write_text(textwrap.dedent(text))


def refusal(data_dir) -> str:
    with pytest.raises(AtlasDataError) as caught:
        load_atlas_from(data_dir)
    return str(caught.value)


def test_good_data_loads(data_dir):
    write(data_dir, GOOD_MUSCLE)
    atlas = load_atlas_from(data_dir)
    assert atlas.trigger_points["test_muscle_trp1"].essential == {"temple", "orbit"}


def test_unknown_region_is_refused_naming_file_entry_and_field(data_dir):
    write(data_dir, GOOD_MUSCLE.replace("[temple, orbit]", "[tempel, orbit]"))
    message = refusal(data_dir)
    assert "muscles-test.yaml" in message
    assert "test_muscle_trp1" in message
    assert "'essential'" in message
    assert "tempel" in message


def test_duplicate_muscle_id_across_files_is_refused(data_dir):
    write(data_dir, GOOD_MUSCLE)
    write(data_dir, GOOD_MUSCLE.replace("test_muscle_trp1", "other_trp"), "muscles-two.yaml")
    assert "duplicate muscle id 'test_muscle'" in refusal(data_dir)


def test_duplicate_trigger_point_id_is_refused(data_dir):
    doubled = GOOD_MUSCLE + textwrap.indent(
        "- id: test_muscle_trp1\n  location: x\n  essential: [vertex]\n  sources: [src1]\n",
        "      ",
    )
    write(data_dir, doubled)
    assert "duplicate trigger point id" in refusal(data_dir)


def test_trigger_point_without_a_source_is_refused(data_dir):
    write(data_dir, GOOD_MUSCLE.replace("        sources: [src1]\n", ""))
    message = refusal(data_dir)
    assert "'sources'" in message and "at least one source" in message


def test_citing_an_undefined_source_is_refused(data_dir):
    write(data_dir, GOOD_MUSCLE.replace("        sources: [src1]\n", "        sources: [nope]\n"))
    assert "undefined source id(s) ['nope']" in refusal(data_dir)


def test_region_both_essential_and_spillover_is_refused(data_dir):
    write(data_dir, GOOD_MUSCLE.replace("spillover: [occiput]", "spillover: [orbit]"))
    assert "also essential" in refusal(data_dir)


def test_unknown_caution_level_is_refused(data_dir):
    write(data_dir, GOOD_MUSCLE.replace("caution: high", "caution: extreme"))
    message = refusal(data_dir)
    assert "'caution'" in message and "extreme" in message


def test_invalid_yaml_is_refused_with_the_file_name(data_dir):
    write(data_dir, "muscles: [unclosed")
    assert "muscles-test.yaml: not valid YAML" in refusal(data_dir)


def test_protocol_naming_an_unknown_muscle_is_refused(data_dir):
    write(data_dir, GOOD_MUSCLE)
    write(
        data_dir,
        """\
        sources: {s: "Source"}
        protocols:
          - id: p
            name: P
            icd10: [M54.50]
            muscles: [no_such_muscle]
            measures: [NPRS]
            sources: [s]
        """,
        "protocols.yaml",
    )
    message = refusal(data_dir)
    assert "protocols.yaml" in message and "no_such_muscle" in message


def test_protocol_with_an_invalid_diagnosis_code_is_refused(data_dir):
    write(data_dir, GOOD_MUSCLE)
    write(
        data_dir,
        """\
        sources: {s: "Source"}
        protocols:
          - {id: p, name: P, icd10: [M54.5], muscles: [], measures: [NPRS], sources: [s]}
        """,
        "protocols.yaml",
    )
    assert "deleted from ICD-10-CM" in refusal(data_dir)


def test_packaged_region_file_is_in_step_with_the_shared_one():
    if not SHARED_REGIONS.exists():
        pytest.skip("shared/body-regions.yaml is not beside this checkout")
    assert (DATA_DIR / "body-regions.yaml").read_text() == SHARED_REGIONS.read_text()


def test_packaged_atlas_meets_the_coverage_the_clinic_needs():
    atlas = load_atlas()
    assert len(atlas.muscles) >= 60
    assert len(atlas.trigger_points) >= 100


def test_packaged_atlas_has_every_region_area_covered():
    areas = {m.area for m in load_atlas().muscles.values()}
    expected = {"neck", "shoulder", "back", "hip", "arm", "forearm", "hand", "thigh", "leg"}
    assert expected | {"foot"} <= areas


def test_every_protocol_of_the_seed_conditions_exists():
    protocols = load_atlas().protocols
    for protocol_id in (
        "low_back_pain",
        "tension_type_headache",
        "neck_pain",
        "plantar_fasciitis",
        "lateral_epicondylitis",
        "achilles_tendinopathy",
        "muscle_spasm",
        "myofascial_pain_syndrome",
        "sports_injury",
        "chronic_pain",
        "postural_dysfunction",
    ):
        assert protocol_id in protocols


def test_muscles_named_in_the_fact_sheet_are_in_the_atlas():
    named = {
        "quadratus_lumborum",
        "gluteus_medius",
        "gluteus_minimus",
        "piriformis",
        "iliopsoas",
        "lumbar_multifidus",
        "upper_trapezius",
        "levator_scapulae",
        "sternocleidomastoid",
        "splenius_capitis",
        "splenius_cervicis",
        "suboccipitals",
        "semispinalis_capitis",
        "temporalis",
        "gastrocnemius",
        "soleus",
        "quadratus_plantae",
        "abductor_hallucis",
        "flexor_digitorum_brevis",
        "extensor_carpi_radialis_longus",
        "extensor_carpi_radialis_brevis",
        "extensor_digitorum",
        "supinator",
        "brachioradialis",
        "triceps_brachii",
        "infraspinatus",
        "supraspinatus",
        "pectoralis_minor",
        "rhomboids",
    }
    assert named <= set(load_atlas().muscles)


def test_every_body_region_is_in_exactly_one_body_part_group():
    from dryneedle.atlas.bodychart import region_groups

    listed = [region for group in region_groups() for region in group.regions]
    assert sorted(listed) == sorted(load_atlas().regions)


def test_a_region_missing_from_the_groups_is_refused_by_name(tmp_path):
    from dryneedle.atlas.bodychart import region_groups

    path = tmp_path / "region-groups.yaml"
    path.write_text("groups:\n  - {id: head, label: Head, regions: [vertex]}\n")
    with pytest.raises(AtlasDataError, match="calf"):
        region_groups.__wrapped__(path)


def test_a_bad_region_is_refused_naming_the_file_the_region_and_the_field(data_dir):
    path = data_dir / "body-regions.yaml"
    path.write_text(path.read_text().replace("view: front", "view: upside_down", 1))
    message = refusal(data_dir)
    assert message.startswith("body-regions.yaml: regions[")
    assert "field 'view'" in message
    assert "'upside_down'" in message


def test_a_muscle_without_a_name_is_refused_naming_the_file_the_muscle_and_the_field(data_dir):
    write(data_dir, GOOD_MUSCLE.replace("    name: Test muscle\n", ""))
    message = refusal(data_dir)
    assert message.startswith("muscles-test.yaml: muscles[0] (test_muscle)")
    assert "field 'name': missing" in message


def test_bad_atlas_data_is_a_data_file_error(data_dir):
    write(data_dir, GOOD_MUSCLE.replace("caution: high", "caution: extreme"))
    with pytest.raises(DataFileError):
        load_atlas_from(data_dir)
