"""Every route and API operation, enumerated from the URL configuration, denies another
clinic (404) and the wrong role (403), and asks anonymous visitors to sign in."""

import re

import pytest
from django.test import Client

from dryneedle.clinics.access import PUBLIC, SIGNED_IN
from dryneedle.clinics.roles import Capability, Role, role_can
from dryneedle.json_api import api
from tests import routes
from tests.factories import MembershipFactory
from tests.sessions import verified_client

ALL_ROUTES = routes.all_routes()
GUARDED = [r for r in ALL_ROUTES if r.access not in (PUBLIC, SIGNED_IN)]

# How to fill each URL parameter with an object of the clinic under test.
OBJECT_PARAMETERS = {
    "patient_pk": lambda data: data["patient"].pk,
    "episode_pk": lambda data: data["episode"].pk,
    "muscle_id": lambda data: "upper_trapezius",
    "screening_pk": lambda data: data["screening"].pk,
    "booking_pk": lambda data: data["booking"].pk,
    "clinic_slug": lambda data: data["patient"].clinic.slug,
    "treatment_pk": lambda data: data["treatment"].pk,
    "kind": lambda data: "needling",
    "row_pk": lambda data: data["needling"].pk,
    "instrument_id": lambda data: "NDI",
    "checkin_pk": lambda data: data["checkin"].pk,
    "token": lambda data: "not-a-token",
    "chart_name": lambda data: "nprs",
    "uidb64": lambda data: "MQ",  # password-reset links (public)
}
# Parameters naming shared reference data (the atlas), not a clinic's records.
SHARED_PARAMETERS = {"muscle_id", "kind", "instrument_id", "chart_name"}
# Parameters naming one patient's records: every request to such a route is audited.
PATIENT_PARAMETERS = {
    "patient_pk",
    "episode_pk",
    "screening_pk",
    "treatment_pk",
    "row_pk",
    "checkin_pk",
}


@pytest.fixture
def clinic_data(patient, episode, clinician):
    from dryneedle.public.models import BookingRequest
    from dryneedle.screening.models import Screening

    screening = Screening.objects.create(
        patient=patient,
        episode=episode,
        answers={},
        result="clear",
        triggered=[],
        rules_version=1,
        completed_by=clinician,
    )
    booking = BookingRequest.objects.create(
        clinic=patient.clinic, name=patient.family_name, phone="+1 312 555 0100"
    )
    from dryneedle.treatments.models import Needling, StockedNeedle, Treatment

    needle = StockedNeedle.objects.create(clinic=patient.clinic, diameter_mm="0.25", length_mm=40)
    treatment = Treatment.objects.create(episode=episode, clinician=clinician)
    needling = Needling.objects.create(
        treatment=treatment,
        muscle="upper_trapezius",
        side="L",
        needle=needle,
        technique="static",
        minutes=5,
        twitch="none",
    )
    from django.utils import timezone

    from dryneedle.outcomes.models import CheckIn

    checkin = CheckIn.objects.create(treatment=treatment, due_at=timezone.now())
    return {
        "patient": patient,
        "episode": episode,
        "screening": screening,
        "booking": booking,
        "treatment": treatment,
        "needling": needling,
        "checkin": checkin,
    }


def _url(route, data) -> str:
    return route.url({name: fill(data) for name, fill in OBJECT_PARAMETERS.items()})


API_PATHS = api.get_openapi_schema()["paths"]


def _required_query(route, method: str) -> dict[str, str]:
    """A documented example of each required query parameter: a role is judged on a call
    that is otherwise well formed (ninja checks parameters before the role)."""
    operation = API_PATHS.get("/" + route.route, {}).get(method, {})
    return {
        p["name"]: p["schema"]["examples"][0]
        for p in operation.get("parameters", [])
        if p["in"] == "query" and p["required"]
    }


def _request(client: Client, route, url: str):
    """GET first (POST when the route only accepts POST); API routes use their method."""
    if route.is_api:
        method = route.methods[0].lower()
        data = _required_query(route, method) if method == "get" else {}
        return getattr(client, method)(url, content_type="application/json", data=data)
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    return response


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode()


def _normalise(route: str) -> str:
    return re.sub(r"<(?:\w+:)?\w+>|\{\w+\}", "{}", route.rstrip("/"))


def test_every_route_declares_who_may_reach_it():
    undeclared = [r.id for r in ALL_ROUTES if r.access is None]
    assert undeclared == [], f"Routes without @public/@signed_in/@requires: {undeclared}"


def test_every_route_declares_a_known_capability():
    known = {c.value for c in Capability} | {PUBLIC, SIGNED_IN}
    assert {r.access for r in ALL_ROUTES} <= known


def test_every_api_url_is_an_enumerated_operation():
    enumerated = {_normalise(r.route) for r in ALL_ROUTES if r.is_api}
    assert {_normalise(r) for r in routes.api_operation_routes()} == enumerated


def test_every_url_parameter_can_be_filled():
    unknown = {p for r in ALL_ROUTES for p in r.parameters()} - OBJECT_PARAMETERS.keys()
    assert unknown == set(), f"Add these to OBJECT_PARAMETERS: {sorted(unknown)}"


@pytest.mark.parametrize("route", GUARDED, ids=lambda r: r.id)
def test_outsider_from_another_clinic_cannot_reach_this_clinics_data(
    route, clinic_data, other_clinic
):
    # The outsider holds a role that grants the route's capability in their own clinic, so
    # only clinic isolation stands between them and this clinic's data.
    role = next(r for r in Role if role_can(r, Capability(route.access)))
    client = verified_client(MembershipFactory(clinic=other_clinic, role=role.value).user)
    response = _request(client, route, _url(route, clinic_data))
    if set(route.parameters()) - SHARED_PARAMETERS:
        assert response.status_code == 404
    else:  # lists and reference pages: reachable, but nothing of this clinic shows
        assert response.status_code not in (401, 403, 404)
        assert clinic_data["patient"].family_name not in _text(response)


@pytest.mark.parametrize("route", GUARDED, ids=lambda r: r.id)
@pytest.mark.parametrize("role", list(Role), ids=str)
def test_role_is_allowed_or_refused_as_its_capabilities_say(route, role, clinic, clinic_data):
    client = verified_client(MembershipFactory(clinic=clinic, role=role.value).user)
    response = _request(client, route, _url(route, clinic_data))
    if role_can(role, Capability(route.access)):
        assert response.status_code not in (401, 403, 404), response.content[:300]
    else:
        assert response.status_code == 403


PATIENT_ROUTES = [r for r in GUARDED if set(r.parameters()) & PATIENT_PARAMETERS]


def test_every_parameter_is_known_to_name_shared_data_or_a_patients_records():
    # Checked by their own tests: bookings, public pages, patient links, password-reset links.
    clinic_records = {"booking_pk", "clinic_slug", "token", "uidb64"}
    known = SHARED_PARAMETERS | PATIENT_PARAMETERS | clinic_records
    assert OBJECT_PARAMETERS.keys() <= known, sorted(OBJECT_PARAMETERS.keys() - known)


@pytest.mark.parametrize("route", PATIENT_ROUTES, ids=lambda r: r.id)
def test_a_permitted_request_to_a_patient_route_is_audited_under_that_patient(
    route, clinic, clinic_data
):
    from dryneedle.clinics.models import AuditEvent

    role = next(r for r in Role if role_can(r, Capability(route.access)))
    user = MembershipFactory(clinic=clinic, role=role.value).user
    client = Client()
    client.force_login(user)
    response = _request(client, route, _url(route, clinic_data))
    assert response.status_code not in (401, 403, 404)
    assert AuditEvent.objects.filter(
        user=user, clinic=clinic, patient=clinic_data["patient"]
    ).exists(), f"{route.id} answered {response.status_code} without an audit row"


@pytest.mark.parametrize("route", GUARDED, ids=lambda r: r.id)
def test_anonymous_visitor_is_asked_to_sign_in(route, clinic_data):
    response = _request(Client(), route, _url(route, clinic_data))
    if route.is_api:
        assert response.status_code == 401
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("route", GUARDED, ids=lambda r: r.id)
def test_an_admin_who_has_not_confirmed_the_second_factor_reaches_nothing(
    route, clinic, clinic_data
):
    """Clinics require two-factor sign-in of admins by default: after the password alone,
    every guarded page sends them to set it up and every API operation refuses."""
    client = Client()
    client.force_login(MembershipFactory(clinic=clinic, role=Role.ADMIN.value).user)
    response = _request(client, route, _url(route, clinic_data))
    if route.is_api:
        assert response.status_code == 403
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/account/two-factor/set-up/")


OPERATOR_SIGN_IN_PAGES = {"operator/login/", "operator/logout/"}


@pytest.mark.parametrize(
    "url", [u for u in routes.operator_routes() if u not in OPERATOR_SIGN_IN_PAGES]
)
def test_operator_console_is_closed_to_clinic_staff(url, clinician_client, admin_client_):
    for client in (clinician_client, admin_client_, Client()):
        response = client.get("/" + url)
        assert response.status_code in (302, 404), url
        if response.status_code == 302:
            assert response["Location"].startswith("/operator/login/")


def test_clinic_staff_cannot_sign_in_to_the_operator_console(clinician):
    from tests.factories import PASSWORD

    response = Client().post(
        "/operator/login/", {"username": clinician.email, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "staff account" in response.content.decode()


# ---------------------------------------------------------------- refusals are audited


def _refused_rows():
    from dryneedle.clinics.models import AuditEvent

    return AuditEvent.objects.filter(action=AuditEvent.Action.REFUSED)


@pytest.mark.parametrize("route", PATIENT_ROUTES, ids=lambda r: r.id)
def test_an_outsiders_refused_request_is_audited_in_their_own_clinic_and_names_no_patient(
    route, clinic, clinic_data, other_clinic
):
    from dryneedle.clinics.models import AuditEvent

    role = next(r for r in Role if role_can(r, Capability(route.access)))
    outsider = MembershipFactory(clinic=other_clinic, role=role.value).user
    url = _url(route, clinic_data)
    response = _request(verified_client(outsider), route, url)
    assert response.status_code == 404
    (row,) = _refused_rows()
    assert (row.user, row.clinic, row.patient, row.detail) == (
        outsider,
        other_clinic,
        None,
        "answered 404",
    )
    assert row.path == url
    assert not AuditEvent.objects.filter(clinic=clinic).exists()
    assert not AuditEvent.objects.filter(user=outsider, patient__isnull=False).exists()


ROLE_REFUSALS = [
    (route, role)
    for route in PATIENT_ROUTES
    for role in Role
    if not role_can(role, Capability(route.access))
]


@pytest.mark.parametrize(
    ("route", "role"), ROLE_REFUSALS, ids=[f"{r.id} {role}" for r, role in ROLE_REFUSALS]
)
def test_a_role_refused_on_a_patient_route_leaves_one_refused_row_in_its_clinic(
    route, role, clinic, clinic_data, other_clinic
):
    from dryneedle.clinics.models import AuditEvent

    user = MembershipFactory(clinic=clinic, role=role.value).user
    response = _request(verified_client(user), route, _url(route, clinic_data))
    assert response.status_code == 403
    (row,) = _refused_rows()
    assert (row.user, row.clinic, row.patient, row.detail) == (user, clinic, None, "answered 403")
    assert not AuditEvent.objects.filter(clinic=other_clinic).exists()


def test_a_permitted_request_leaves_no_refused_row(clinician_client, clinic_data):
    assert clinician_client.get(f"/patients/{clinic_data['patient'].pk}/").status_code == 200
    assert not _refused_rows().exists()
