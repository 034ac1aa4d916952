"""`dryneedle atlas …` on the command line, as a clinic's scripts would call it."""

import json

import pytest
from django.core.management import call_command

from tests.cli import run_dryneedle


def run(*args):
    return run_dryneedle("atlas", *args)


def test_regions_as_json_list_ids_labels_and_views(capsys):
    call_command("atlas", "regions", "--json")
    regions = json.loads(capsys.readouterr().out)
    assert {"id": "temple", "label": "Temple", "view": "front", "paired": True} in regions


def test_muscles_as_json_include_trigger_points_and_hazards(capsys):
    call_command("atlas", "muscles", "--json")
    muscles = {m["id"]: m for m in json.loads(capsys.readouterr().out)}
    assert muscles["upper_trapezius"]["trigger_points"]
    assert any(h["structure"] == "lung_pleura" for m in muscles.values() for h in m["hazards"])


def test_rank_prints_results_best_first(capsys):
    call_command("atlas", "rank", "--regions", "temple,occiput", "--limit", "5", "--json")
    results = json.loads(capsys.readouterr().out)["results"]
    assert len(results) == 5
    assert set(results[0]) >= {
        "trigger_point",
        "muscle",
        "muscle_name",
        "score",
        "explained",
        "unexplained",
    }
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)


def test_unknown_region_exits_2_and_lists_close_matches():
    result = run("rank", "--regions", "tempel,occiput", "--json")
    assert result.returncode == 2
    assert "Unknown body region 'tempel'" in result.stderr
    assert "temple" in result.stderr.split("Did you mean:")[1]


@pytest.mark.parametrize(
    "args", [["rank", "--regions", ","], ["rank", "--regions", "x", "--limit", "0"]]
)
def test_bad_rank_input_exits_2(args):
    assert run(*args).returncode == 2
