"""schemathesis against the API's own OpenAPI schema, signed in as a clinician.

Every answer must be a declared status with a body matching its declared schema, and never a
server error; schemathesis also drops the session to prove each operation then answers 401.
Path parameters mostly point at real objects, so the fuzzing reaches past 404.
"""

import secrets

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

from dryneedle.api.api import api

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()
# Unknown query parameters are ignored, as HTTP APIs customarily do; not a defect to report.
schema.config.generation.update(allow_extra_parameters=False)

# Filled per test by the `signed_in_clinician` fixture; read by the auth provider below.
SESSION: dict = {}


@schema.auth()
class ClinicianSession:
    """The session cookie of a signed-in clinician plus a matching CSRF cookie and header."""

    def get(self, case, context):
        return SESSION

    def set(self, case, data, context):
        case.cookies = {**(case.cookies or {}), **data.get("cookies", {})}
        case.headers = {**(case.headers or {}), **data.get("headers", {})}


@pytest.fixture
def signed_in_clinician(clinician_client, ready_episode, complete):
    """A clinician's session and the ids of a patient, episode and draft note that exist."""
    token = secrets.token_hex(16)  # 32 characters: Django accepts an unmasked CSRF token
    SESSION.clear()
    SESSION.update(
        cookies={"sessionid": clinician_client.cookies["sessionid"].value, "csrftoken": token},
        headers={"X-CSRFToken": token},
    )
    yield {
        "patient_pk": ready_episode.patient_id,
        "episode_pk": ready_episode.pk,
        "treatment_pk": complete.pk,
        "muscle_id": "upper_trapezius",
    }
    SESSION.clear()


def point_at_existing_objects(case, existing: dict) -> None:
    """Replace most well-typed path values by real ones (every third stays, for 404s).

    Values of the wrong type (negative testing) are left alone: they must be refused.
    """
    for name, value in (case.path_parameters or {}).items():
        well_typed = isinstance(value, int) or name == "muscle_id"
        if name in existing and well_typed and hash(str(value)) % 3:
            case.path_parameters[name] = existing[name]


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_answers_within_its_schema(case, signed_in_clinician):
    point_at_existing_objects(case, signed_in_clinician)
    case.call_and_validate()
