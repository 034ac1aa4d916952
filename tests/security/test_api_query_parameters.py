"""The API's query parameters are what its OpenAPI document says: a required one missing or
empty is refused naming it, an optional one can be left out, and one the document does not
declare is refused by name instead of silently ignored. Every GET operation is read from the
document, so a new one is covered without being listed here."""

import pytest
from django.test import Client

from dryneedle.json_api import api

DOCUMENT = api.get_openapi_schema()
GETS = {path: ops["get"] for path, ops in DOCUMENT["paths"].items() if "get" in ops}


def query_parameters(operation: dict) -> list[dict]:
    return [p for p in operation.get("parameters", []) if p["in"] == "query"]


def required_examples(operation: dict) -> dict[str, str]:
    """A documented example for each required query parameter."""
    return {
        p["name"]: p["schema"]["examples"][0] for p in query_parameters(operation) if p["required"]
    }


@pytest.fixture
def url(ready_episode, complete):
    """The address of a GET operation, its path values pointing at real objects."""
    existing = {
        "patient_pk": ready_episode.patient_id,
        "episode_pk": ready_episode.pk,
        "treatment_pk": complete.pk,
        "muscle_id": "upper_trapezius",
    }
    return lambda path: path.format(**existing)


@pytest.mark.parametrize("path", GETS)
def test_every_get_operation_answers_with_only_its_required_query_parameters(
    clinician_client, url, path
):
    response = clinician_client.get(url(path), required_examples(GETS[path]))
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("path", GETS)
def test_every_get_operation_refuses_an_undeclared_query_parameter_naming_the_known_ones(
    clinician_client, url, path
):
    operation = GETS[path]
    known = ", ".join(p["name"] for p in query_parameters(operation)) or "none"
    response = clinician_client.get(url(path), {**required_examples(operation), "search": "x"})
    assert response.status_code == 422, response.content
    assert response.json()["detail"] == [
        {
            "type": "unknown_parameter",
            "loc": ["query", "search"],
            "msg": f"unknown query parameter 'search'; known: {known}.",
        }
    ]


REQUIRED = [
    (path, p["name"]) for path, op in GETS.items() for p in query_parameters(op) if p["required"]
]


@pytest.mark.parametrize("path,name", REQUIRED)
def test_a_required_query_parameter_left_out_is_refused_naming_it(
    clinician_client, url, path, name
):
    values = {k: v for k, v in required_examples(GETS[path]).items() if k != name}
    response = clinician_client.get(url(path), values)
    assert response.status_code == 422
    assert ["query", name] in [error["loc"] for error in response.json()["detail"]]


@pytest.mark.parametrize("path,name", REQUIRED)
def test_a_required_query_parameter_sent_empty_is_refused_naming_it(
    clinician_client, url, path, name
):
    response = clinician_client.get(url(path), {**required_examples(GETS[path]), name: ""})
    assert response.status_code == 422
    assert ["query", name] in [error["loc"] for error in response.json()["detail"]]


def test_the_document_says_rank_needs_regions():
    (regions,) = [p for p in query_parameters(GETS["/api/atlas/rank"]) if p["name"] == "regions"]
    assert regions["required"] is True
    assert regions["schema"]["minLength"] == 1


def test_the_patient_list_refuses_a_misspelled_filter_instead_of_listing_everyone(
    clinician_client, patient
):
    response = clinician_client.get("/api/patients", {"search": "Hughes"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"].startswith(
        "unknown query parameter 'search'; known: q, include_archived, page, page_size"
    )


def test_pagination_parameters_still_page_the_patient_list(clinician_client, patient):
    response = clinician_client.get("/api/patients", {"q": "Hughes", "page": 1, "page_size": 5})
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_an_undeclared_parameter_without_a_session_is_still_401(patient):
    response = Client().get("/api/patients", {"search": "Hughes"})
    assert response.status_code == 401
