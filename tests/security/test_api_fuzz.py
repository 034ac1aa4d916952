"""schemathesis against the API's own OpenAPI schema, signed in as a clinician.

Every answer must be a declared status with a body and content type matching what the schema
declares, and never a server error; data that breaks the schema must be refused. Path
parameters mostly point at real objects, so the fuzzing reaches past 404. Bounded to 40
examples an operation (about 1–2 minutes on two cores); marked slow for its own CI step.
"""

import secrets

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi import checks

from dryneedle.json_api import api

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()
# Unknown query parameters are refused with 422 (dryneedle.api.parameters), so negative
# testing may send them. NUL characters are refused with 422 by design
# (tests/security/test_api_hostile_input.py).
schema.config.generation.update(
    allow_extra_parameters=True, allow_x00=False, with_security_parameters=False
)


# positive_data_acceptance expects every schema-valid request to succeed, but domain rules
# (an unknown region, a note that cannot be signed yet) answer 400 by design. ignored_auth
# cannot strip the session passed per call; tests/security/test_route_access.py proves every route
# refuses a missing session, the wrong role and another clinic.
NOT_APPLICABLE = [checks.positive_data_acceptance, checks.ignored_auth]


@pytest.fixture
def connection_kept_open():
    """Calling the WSGI app directly would close the test's database connection after each
    request (the test transaction with it); Django's test client does the same as this."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def signed_in_clinician(connection_kept_open, clinician_client, ready_episode, complete):
    """A clinician's session and the ids of a patient, episode and draft note that exist."""
    token = secrets.token_hex(16)  # 32 characters: Django accepts an unmasked CSRF token
    return {
        "cookies": {"sessionid": clinician_client.cookies["sessionid"].value, "csrftoken": token},
        "headers": {"X-CSRFToken": token},
        "existing": {
            "patient_pk": ready_episode.patient_id,
            "episode_pk": ready_episode.pk,
            "treatment_pk": complete.pk,
            "muscle_id": "upper_trapezius",
        },
    }


def point_at_existing_objects(case, existing: dict) -> None:
    """Replace most well-typed path values by real ones (every third stays, for 404s).

    Values of the wrong type (negative testing) are left alone: they must be refused.
    """
    for name, value in (case.path_parameters or {}).items():
        if name not in existing:
            continue
        if (type(value) is int and value % 3) or (name == "muscle_id" and len(value) % 3):
            case.path_parameters[name] = existing[name]


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_answers_within_its_schema(case, signed_in_clinician):
    point_at_existing_objects(case, signed_in_clinician["existing"])
    case.call_and_validate(
        cookies=signed_in_clinician["cookies"],
        headers=signed_in_clinician["headers"],
        excluded_checks=NOT_APPLICABLE,
    )
