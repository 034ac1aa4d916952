"""Query budgets of the main staff pages: each page runs a fixed number of queries, the same
for a clinic with 5 treatments as for one with 50 (no query per row), and within its budget.

A regression (a lost select_related, a query in a template loop) fails here without timing
anything. The data comes from benchmarks/clinic_data.py, which the page benchmark also uses.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks.clinic_data import BusyClinic, busy_clinic
from tests.sessions import verified_client as signed_in_client

SMALL, LARGE = 5, 50
# Queries every signed-in staff request runs around the view: session, user, memberships,
# the two-factor device of the session.
FLOOR = 4

# page: (URL for a busy clinic, who opens it, most queries of its own, on top of FLOOR)
PAGES = {
    "home with check-ins": (lambda b: "/", "clinician", 4),
    "patient list": (lambda b: "/patients/", "clinician", 3),
    "patient search": (lambda b: "/patients/?q=Family", "clinician", 3),
    "patient search (htmx)": (lambda b: "/patients/?q=Given", "clinician", 3),
    "patient page": (lambda b: f"/patients/{b.patient.pk}/", "clinician", 3),
    "episode page": (lambda b: f"/episodes/{b.episode.pk}/", "clinician", 8),
    "treatment note": (lambda b: f"/treatments/{b.treatments[-1].pk}/", "clinician", 10),
    "progress page": (lambda b: f"/episodes/{b.episode.pk}/progress/", "clinician", 7),
    "pain drawing": (lambda b: f"/episodes/{b.episode.pk}/pain-drawing/", "clinician", 3),
    "analytics": (lambda b: "/clinic/analytics/", "admin", 8),
    "audit log": (lambda b: "/clinic/audit/", "admin", 2),
    "booking inbox": (lambda b: "/clinic/bookings/", "front_desk", 4),
    "needles": (lambda b: "/clinic/needles/", "admin", 1),
    "charges CSV": (lambda b: "/clinic/charges.csv", "clinician", 2),
}


def queries_for(busy: BusyClinic, page: str) -> list[str]:
    url, who, _ = PAGES[page]
    client = signed_in_client(getattr(busy, who))
    headers = {"HX-Request": "true"} if "htmx" in page else {}
    client.get(url(busy), headers=headers)  # first visit settles the session's clinic
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url(busy), headers=headers)
    assert response.status_code == 200, f"{page}: {response.status_code}"
    return [q["sql"] for q in captured.captured_queries]


@pytest.fixture
def small_and_large(db) -> tuple[BusyClinic, BusyClinic]:
    return (
        busy_clinic(SMALL, patients=SMALL, slug="small", name="Small Physio"),
        busy_clinic(LARGE, patients=LARGE, slug="large", name="Large Physio"),
    )


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_as_many_queries_for_50_treatments_as_for_5(small_and_large, page):
    small, large = small_and_large
    few, many = queries_for(small, page), queries_for(large, page)
    assert len(many) == len(few), f"{page}: {len(few)} → {len(many)} queries:\n" + "\n".join(
        q[:160] for q in many
    )


@pytest.mark.parametrize("page", PAGES)
def test_page_stays_within_its_query_budget(small_and_large, page):
    _, large = small_and_large
    budget = FLOOR + PAGES[page][2]
    queries = queries_for(large, page)
    assert len(queries) <= budget, (
        f"{page}: {len(queries)} queries (budget {budget}):\n" + "\n".join(q[:160] for q in queries)
    )


def test_the_busy_clinic_has_the_rows_the_budgets_are_measured_on(small_and_large):
    _, large = small_and_large
    assert len(large.treatments) == LARGE
    assert all(t.is_signed for t in large.treatments)
    assert large.episode.responses.count() == LARGE
    assert sum(t.needlings.count() for t in large.treatments) == 2 * LARGE
