"""`dryneedle screen` on the command line, and the screening API."""

import json

from dryneedle.screening.models import Screening
from tests.cli import run_dryneedle
from tests.clinical_records import all_no


def run(*args):
    return run_dryneedle("screen", *args)


def test_questions_are_listed_as_json():
    result = run("--questions", "--json")
    ids = {q["id"] for q in json.loads(result.stdout)["questions"]}
    assert {"needle_phobia", "lymphoedema", "anticoagulants", "medical_emergency"} <= ids


def test_answers_file_gives_the_result_and_triggered_rules(tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(all_no(anticoagulants="yes")))
    payload = json.loads(run("--answers-file", str(answers), "--json").stdout)
    assert payload["result"] == "precautions"
    assert payload["triggered"][0]["rule"] == "anticoagulants"
    assert set(payload["triggered"][0]) == {"rule", "level", "advice", "regions"}


def test_an_unknown_question_exits_2_naming_it(tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({**all_no(), "favourite_colour": "blue"}))
    result = run("--answers-file", str(answers), "--json")
    assert result.returncode == 2
    assert "favourite_colour" in result.stderr


def test_a_bad_value_exits_2_naming_the_question(tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(all_no(pregnant="maybe")))
    result = run("--answers-file", str(answers))
    assert result.returncode == 2
    assert "pregnant" in result.stderr


def test_a_file_that_is_not_json_exits_2(tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text("{not json")
    assert run("--answers-file", str(answers)).returncode == 2


def test_api_evaluates_answers_without_storing_them(clinician_client):
    response = clinician_client.post(
        "/api/screening/evaluate",
        {"answers": all_no(epilepsy="yes")},
        content_type="application/json",
    )
    assert response.json()["result"] == "precautions"
    assert not Screening.objects.exists()


def test_api_explains_bad_answers(clinician_client):
    response = clinician_client.post(
        "/api/screening/evaluate", {"answers": {"x": "yes"}}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "x" in response.json()["detail"]


def test_api_records_a_screen_and_reports_the_gate(clinician_client, episode):
    response = clinician_client.post(
        f"/api/episodes/{episode.pk}/screenings",
        {"answers": all_no()},
        content_type="application/json",
    )
    assert response.status_code == 201
    gate = clinician_client.get(f"/api/episodes/{episode.pk}/gate").json()
    assert gate["allowed"] is False
    assert gate["reasons"] == ["The patient has not signed the consent."]
