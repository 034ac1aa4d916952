"""Properties: text the database cannot store — a NUL character, a lone surrogate such as
JSON's "\\ud800", bytes that are not UTF-8 — in any text field is refused naming that field,
never a server error, and nothing is saved.

The fields are derived, not listed: the API's from its OpenAPI document (every body property
and every text query parameter), the forms' from the free-text fields of the models
(tests/security/test_hostile_text.FREE_TEXT, which fails when a model gains one).
"""

import json
from urllib.parse import quote_from_bytes

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dryneedle.clinics.models import AuditEvent
from dryneedle.json_api import api
from dryneedle.patients.models import Episode, Patient
from dryneedle.public.models import BookingRequest
from dryneedle.screening.models import Consent
from dryneedle.treatments.models import StockedNeedle
from tests.security.test_hostile_text import FREE_TEXT

JSON = "application/json"
DOCUMENT = api.get_openapi_schema()
PLAIN = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=8)
EXAMPLES = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def around(bad: st.SearchStrategy) -> st.SearchStrategy:
    """Ordinary text with `bad` somewhere in it."""
    return st.tuples(PLAIN, bad, PLAIN).map(lambda parts: parts[0] + parts[1] + parts[2])


# Strings that JSON carries (as \u0000 or \ud800 escapes) but no database can store.
UNSTORABLE = around(st.one_of(st.just("\x00"), st.characters(categories=["Cs"])))
# Byte sequences that are not UTF-8: none below 0x80, so they never end a JSON string.
NOT_UTF8 = (
    st.binary(min_size=1, max_size=4)
    .map(lambda raw: bytes(b | 0x80 for b in raw))
    .filter(lambda raw: not _decodes(raw))
)
# Text around them that can stand in a JSON string as it is.
JSON_SAFE = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cc"], exclude_characters='"\\'),
    max_size=8,
)
NOT_UTF8_TEXT = st.tuples(JSON_SAFE, NOT_UTF8, JSON_SAFE).map(
    lambda parts: parts[0].encode() + parts[1] + parts[2].encode()
)


def _decodes(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _resolve(schema: dict) -> dict:
    name = schema.get("$ref", "").rpartition("/")[2]
    return DOCUMENT["components"]["schemas"][name] if name else schema


def body_fields() -> list[tuple[str, str, str, dict]]:
    """(method, path, property, property schema) of every JSON body the API documents."""
    found = []
    for path, operations in DOCUMENT["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody", {}).get("content", {}).get(JSON)
            if body is None:
                continue
            for name, schema in _resolve(body["schema"]).get("properties", {}).items():
                found.append((method, path, name, schema))
    return found


def text_query_parameters() -> list[tuple[str, str]]:
    """(path, name) of every query parameter that takes text, on operations without a body."""
    found = []
    for path, operations in DOCUMENT["paths"].items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                kind = parameter["schema"].get("type")
                if parameter["in"] == "query" and kind in ("string", "array"):
                    found.append((path, parameter["name"]))
    return found


def placed(schema: dict, text):
    """`text` where a property of `schema` holds text: itself, in a list, or as a key."""
    kind = _resolve(schema).get("type")
    if kind == "array":
        return [text]
    if kind == "object":
        return {text: "x"}
    return text


@pytest.fixture
def existing(draft, clinician_client):
    """Path values that point at real objects, so the refusal is not a 404."""
    return {"treatment_pk": draft.pk, "episode_pk": draft.episode_id}


def _url(path: str, existing: dict) -> str:
    return path.format(**existing)


def _refusals_name(response, where: list) -> bool:
    errors = response.json()["detail"]
    kinds = {"nul_character", "unencodable_text"}
    return bool(errors) and all(e["type"] in kinds and e["loc"][:2] == where for e in errors)


@pytest.mark.parametrize(
    "method,path,name,schema", body_fields(), ids=[f"{m} {p} {n}" for m, p, n, _ in body_fields()]
)
@EXAMPLES
@given(text=UNSTORABLE)
def test_unstorable_text_in_any_json_body_field_is_refused_naming_the_field(
    clinician_client, existing, method, path, name, schema, text
):
    before = AuditEvent.objects.count()
    body = json.dumps({name: placed(schema, text)})  # \u0000 and \ud800 escapes
    response = clinician_client.generic(method.upper(), _url(path, existing), body, JSON)
    assert response.status_code == 422, response.content
    assert _refusals_name(response, ["body", name])
    assert AuditEvent.objects.count() == before  # nothing read, nothing written


@pytest.mark.parametrize(
    "method,path,name,schema", body_fields(), ids=[f"{m} {p} {n}" for m, p, n, _ in body_fields()]
)
@EXAMPLES
@given(raw=NOT_UTF8_TEXT)
def test_bytes_that_are_not_utf8_in_any_json_body_field_are_refused_naming_the_field(
    clinician_client, existing, method, path, name, schema, raw
):
    body = json.dumps({name: placed(schema, "HERE")}).encode().replace(b"HERE", raw)
    response = clinician_client.generic(method.upper(), _url(path, existing), body, JSON)
    assert response.status_code == 422, response.content
    assert _refusals_name(response, ["body", name])


@pytest.mark.parametrize("path,name", text_query_parameters())
@EXAMPLES
@given(raw=st.one_of(NOT_UTF8_TEXT, around(st.just("\x00")).map(str.encode)))
def test_unstorable_text_in_any_query_parameter_is_refused_naming_it(
    clinician_client, existing, path, name, raw
):
    url = f"{_url(path, existing)}?{name}={quote_from_bytes(raw)}"
    response = clinician_client.get(url)
    assert response.status_code == 422, response.content
    assert _refusals_name(response, ["query", name])


# Where each form of FREE_TEXT is posted, and what it would have saved.
FORMS = {
    "patient form": ("clinician", lambda r: "/patients/new/", Patient),
    "episode form": ("clinician", lambda r: f"/patients/{r.patient_id}/episodes/new/", Episode),
    "consent form": ("clinician", lambda r: f"/patients/{r.patient_id}/consent/", Consent),
    "public booking form": ("visitor", lambda r: f"/c/{r.patient.clinic.slug}/book/", None),
    "needles form": ("admin", lambda r: "/clinic/needles/", StockedNeedle),
}
FORM_FIELDS = sorted(
    (where, key.rpartition(".")[2]) for key, where in FREE_TEXT.items() if where.endswith("form")
)


def test_every_form_of_the_free_text_fields_is_known_here():
    assert {where for where, _ in FORM_FIELDS} <= set(FORMS)


@pytest.mark.parametrize("form,field", FORM_FIELDS)
@EXAMPLES
@given(raw=NOT_UTF8_TEXT)
def test_bytes_that_are_not_utf8_in_any_form_field_are_refused_naming_the_field(
    clinician_client, admin_client_, episode, form, field, raw
):
    who, url, model = FORMS[form]
    client = {"clinician": clinician_client, "admin": admin_client_, "visitor": Client()}[who]
    models = [m for m in (model, BookingRequest) if m is not None]
    before = [m.objects.count() for m in models]
    body = f"{field}=".encode() + quote_from_bytes(raw).encode()
    response = client.post(url(episode), body, "application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert f"“{field}”" in response.content.decode()
    assert [m.objects.count() for m in models] == before
