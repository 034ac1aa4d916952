"""`dryneedle score …` on the command line, as a clinic's scripts would call it."""

import json

import pytest

from tests.cli import run_dryneedle

NDI_ANSWERS = "1,2,3,4,5,0,1,2,3,4"


def run(*args):
    return run_dryneedle("score", *args)


def test_json_gives_score_max_percent_answered_mcid_and_direction():
    result = run("NDI", "--answers", NDI_ANSWERS, "--json")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        '{"instrument": "NDI", "score": 25, "max": 50, "percent": 50.0, "answered": 10, '
        '"mcid": 10, "higher_is_better": false}'
    )


def test_instrument_ids_match_in_any_case():
    payload = json.loads(run("faam-sports", "--answers", "4,4,4,4,2,2,2,NA", "--json").stdout)
    found = (payload["instrument"], payload["percent"], payload["answered"])
    assert found == ("FAAM-Sports", 78.57, 7)


def test_json_adds_subscores_when_the_instrument_has_them():
    payload = json.loads(
        run("PRTEE", "--answers", "5,6,7,4,3,2,3,4,5,6,7,1,2,3,4", "--json").stdout
    )
    assert payload["subscores"] == {"pain": 25, "function": 18.5}
    assert (payload["score"], payload["mcid"], payload["mcid_unconfirmed"]) == (43.5, None, True)


def test_json_flags_an_unconfirmed_mcid():
    payload = json.loads(run("VISA-A", "--answers", "10,10,10,10,10,10,10,30", "--json").stdout)
    assert (payload["score"], payload["mcid"], payload["mcid_unconfirmed"]) == (100, 15.4, True)
    assert "subscores" not in payload


def test_an_empty_field_is_a_missing_item():
    payload = json.loads(run("NDI", "--answers", "2,2,2,2,2,2,2,1,1,", "--json").stdout)
    assert (payload["score"], payload["percent"], payload["answered"]) == (16, 35.56, 9)


def test_psfs_takes_its_activity_scores():
    payload = json.loads(run("PSFS", "--answers", "3,5,7", "--json").stdout)
    assert (payload["score"], payload["max"], payload["answered"]) == (5, 10, 3)


def test_without_json_prints_a_readable_line():
    result = run("NDI", "--answers", NDI_ANSWERS)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "NDI 25/50 (50%) — 10 of 10 items scored; lower is better."
    assert lines[1] == "MCID: 10 points."


def test_without_json_an_unconfirmed_mcid_gives_no_verdict():
    result = run("PRTEE", "--answers", ",".join(["1"] * 15))
    assert "no MCID verdict" in result.stdout


def test_an_out_of_range_answer_exits_2_naming_the_item():
    result = run("NDI", "--answers", "1,2,3,4,9,0,1,2,3,4")
    assert result.returncode == 2
    assert "NDI item 5: 9 is out of range (0–5)" in result.stderr


def test_too_many_missing_items_exit_2_naming_instrument_and_count():
    result = run("NDI", "--answers", "1,,3,4,5,0,1,,3,4")
    assert result.returncode == 2
    assert "NDI: 2 items without a score" in result.stderr


def test_an_unknown_instrument_exits_2_and_lists_close_matches():
    result = run("NDX", "--answers", "1")
    assert result.returncode == 2
    assert "Unknown instrument 'NDX'" in result.stderr
    assert "NDI" in result.stderr.split("Did you mean:")[1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["NDI", "--answers", "1,2,3"], "NDI has 10 items; got 3 answers"),
        (["PSFS", "--answers", "1,2"], "PSFS takes 3 to 5 activity scores; got 2"),
        (["LEFS", "--answers", "4,x"], "LEFS item 2: 'x' is not a whole number"),
        (["ODI", "--answers", "NA,1,1,1,1,1,1,1,1,1"], "ODI item 1"),
    ],
)
def test_bad_input_exits_2_with_a_message(args, message):
    result = run(*args)
    assert result.returncode == 2
    assert message in result.stderr


def test_answers_are_required():
    assert run("NDI").returncode == 2
