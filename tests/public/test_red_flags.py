"""The red-flags file is checked on loading: a bad file is refused naming file, entry, field."""

import textwrap

import pytest

from dryneedle.data_files import DataFileError
from dryneedle.public.self_check import (
    RED_FLAGS_FILE,
    RedFlagsError,
    load_red_flags,
    load_red_flags_from,
)

GOOD_FLAGS = """\
version: 1
sources:
  src1: "Example source. https://example.org/red-flags"
red_flags:
  - id: chest_pain_now
    question: "Do you have chest pain now?"
    advice: "Call emergency services now."
    urgent: true
    sources: [src1]
"""


def write(tmp_path, text):
    path = tmp_path / "red_flags.yaml"
    path.write_text(textwrap.dedent(text))
    return path


def refusal(path) -> str:
    with pytest.raises(RedFlagsError) as caught:
        load_red_flags_from(path)
    return str(caught.value)


def test_good_red_flags_load_with_their_citations(tmp_path):
    (flag,) = load_red_flags_from(write(tmp_path, GOOD_FLAGS))
    assert (flag.id, flag.urgent) == ("chest_pain_now", True)
    assert flag.sources == ("Example source. https://example.org/red-flags",)


def test_the_packaged_file_loads_the_same_through_the_checker():
    assert load_red_flags_from(RED_FLAGS_FILE) == load_red_flags()


def test_a_flag_citing_an_undefined_source_is_refused_naming_file_entry_and_field(tmp_path):
    message = refusal(write(tmp_path, GOOD_FLAGS.replace("[src1]", "[src2]")))
    assert message.startswith("red_flags.yaml: red_flags[0] (chest_pain_now): field 'sources'")
    assert "src2" in message


def test_a_flag_without_advice_is_refused_naming_the_field(tmp_path):
    text = GOOD_FLAGS.replace('    advice: "Call emergency services now."\n', "")
    assert "(chest_pain_now): field 'advice': missing" in refusal(write(tmp_path, text))


def test_a_file_without_flags_is_refused(tmp_path):
    text = GOOD_FLAGS[: GOOD_FLAGS.index("red_flags:")] + "red_flags: []\n"
    assert "field 'red_flags'" in refusal(write(tmp_path, text))


def test_bad_red_flags_are_a_data_file_error(tmp_path):
    with pytest.raises(DataFileError):
        load_red_flags_from(write(tmp_path, "red_flags: [unclosed"))
