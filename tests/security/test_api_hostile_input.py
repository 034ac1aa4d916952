"""The API answers hostile input with a 4xx and a clear message, never a server error.

Regressions for what the schemathesis run found or the database would refuse; these run on
SQLite and PostgreSQL like every normal test.
"""

import json

from dryneedle.api.parser import NUL_MESSAGE, UNENCODABLE_MESSAGE
from dryneedle.json_api import api
from dryneedle.treatments.models import Treatment

JSON = "application/json"


def test_a_page_number_beyond_any_offset_is_refused_not_a_server_error(clinician_client, patient):
    response = clinician_client.get("/api/patients", {"page": 10**25})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "page"


def test_a_nul_character_in_a_json_text_field_is_refused_and_nothing_saved(clinician_client, draft):
    response = clinician_client.patch(
        f"/api/treatments/{draft.pk}",
        {"version": draft.version, "subjective": "neck\x00pain"},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"type": "nul_character", "loc": ["body", "subjective"], "msg": NUL_MESSAGE}
    ]
    assert Treatment.objects.get(pk=draft.pk).subjective == ""


def test_a_lone_surrogate_in_a_json_text_field_is_refused_and_nothing_saved(
    clinician_client, draft
):
    body = '{"version": VERSION, "subjective": "neck\\ud800pain"}'.replace(
        "VERSION", str(draft.version)
    )
    response = clinician_client.patch(f"/api/treatments/{draft.pk}", body, content_type=JSON)
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"type": "unencodable_text", "loc": ["body", "subjective"], "msg": UNENCODABLE_MESSAGE}
    ]
    assert Treatment.objects.get(pk=draft.pk).subjective == ""


def test_bytes_that_are_not_utf8_inside_a_json_string_are_refused_naming_the_field(
    clinician_client, draft
):
    body = b'{"version": %d, "objective": "tender\xff"}' % draft.version
    response = clinician_client.patch(f"/api/treatments/{draft.pk}", body, content_type=JSON)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "objective"]
    assert Treatment.objects.get(pk=draft.pk).objective == ""


def test_bytes_that_are_not_utf8_in_a_query_parameter_are_refused_naming_it(
    clinician_client, patient
):
    response = clinician_client.get("/api/patients?q=Hug%FFhes")
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"type": "unencodable_text", "loc": ["query", "q"], "msg": UNENCODABLE_MESSAGE}
    ]


def test_a_nul_character_in_a_json_object_key_is_refused(clinician_client, episode):
    response = clinician_client.post(
        f"/api/episodes/{episode.pk}/screenings",
        {"answers": {"needle_phobia\x00": "no"}},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "answers", "needle_phobia\x00"]
    assert not episode.screenings.exists()


def test_a_nul_character_in_a_query_parameter_is_refused(clinician_client, patient):
    response = clinician_client.get("/api/patients", {"q": "Hug\x00hes"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == NUL_MESSAGE


def test_a_body_that_is_not_json_gets_a_plain_400(clinician_client, draft):
    response = clinician_client.post(
        f"/api/treatments/{draft.pk}/addenda", b"{not json", content_type=JSON
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Cannot parse request body"}


def test_the_fuzzed_schema_is_the_one_served(clinician_client):
    built = json.loads(json.dumps(api.get_openapi_schema()))  # status codes become strings
    assert clinician_client.get("/api/openapi.json").json() == built


def test_every_operation_declares_its_error_answers(clinician_client):
    for path, operations in clinician_client.get("/api/openapi.json").json()["paths"].items():
        for method, operation in operations.items():
            declared = set(operation["responses"])
            # 422: any operation refuses a query parameter it does not declare.
            assert {"401", "403", "422"} <= declared, (method, path)
            if "{" in path:
                assert "404" in declared, (method, path)
