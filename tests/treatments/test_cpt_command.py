"""`dryneedle cpt …` on the command line, as a clinic's billing scripts would call it."""

import json

import pytest

from tests.cli import run_dryneedle


def run(*args):
    return run_dryneedle("cpt", *args)


def test_json_gives_code_sorted_muscles_count_and_note():
    result = run("--needling", "upper_trapezius:L", "--needling", "levator_scapulae:L", "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert list(payload) == ["cpt", "muscles", "count", "note"]
    assert payload["cpt"] == "20560"
    assert payload["muscles"] == ["levator_scapulae", "upper_trapezius"]
    assert payload["count"] == 2
    assert "primary text unconfirmed" in payload["note"]


def test_both_sides_of_three_muscles_are_one_20561():
    needlings = [f"{m}:{s}" for m in ("masseter", "temporalis", "scalenes") for s in "LR"]
    result = run(*[a for n in needlings for a in ("--needling", n)], "--json")
    payload = json.loads(result.stdout)
    assert (payload["cpt"], payload["count"]) == ("20561", 3)


def test_without_json_prints_a_readable_line():
    result = run("--needling", "upper_trapezius:L")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "CPT 20560 — 1 muscle: Upper trapezius"
    assert "1 unit (standard guidance; primary text unconfirmed)" in result.stdout


def test_unknown_muscle_exits_2_and_lists_close_matches():
    result = run("--needling", "upper_trapezius:L", "--needling", "levator_scapula:L")
    assert result.returncode == 2
    assert "Unknown muscle 'levator_scapula'" in result.stderr
    assert "levator_scapulae" in result.stderr.split("Did you mean:")[1]


@pytest.mark.parametrize(
    "args",
    [["--needling", "upper_trapezius:X"], ["--needling", ""], ["--json"]],
)
def test_bad_input_exits_2(args):
    assert run(*args).returncode == 2
