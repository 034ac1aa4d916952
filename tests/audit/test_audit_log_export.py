"""The audit log's filters, and its CSV export: admins only, filtered, streamed, safe."""

import csv
import datetime
import io

from dryneedle.clinics.models import AuditEvent
from dryneedle.csv_cells import safe_cell
from tests.factories import PatientFactory

URL = "/clinic/audit/export.csv"


def _rows(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))


def _event(**fields) -> AuditEvent:
    return AuditEvent.objects.create(**{"action": "view", **fields})


def test_the_export_streams_the_clinics_log_as_utf8_csv(admin_client_, clinic, patient):
    _event(clinic=clinic, patient=patient, detail="Zoë’s chart")
    response = admin_client_.get(URL)
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    row = next(r for r in _rows(response) if r["action"] == "view")
    assert (row["patient"], row["detail"]) == (patient.full_name, "Zoë’s chart")


def test_the_export_keeps_the_filters(admin_client_, clinic, patient):
    _event(clinic=clinic, patient=patient, action="view")
    _event(clinic=clinic, patient=patient, action="update")
    rows = _rows(admin_client_.get(URL, {"action": "update"}))
    assert [r["action"] for r in rows] == ["update"]


def test_the_export_holds_no_other_clinics_events(admin_client_, other_clinic):
    stranger = PatientFactory(clinic=other_clinic, family_name="Elsewhere")
    _event(clinic=other_clinic, patient=stranger)
    assert all(r["patient"] != stranger.full_name for r in _rows(admin_client_.get(URL)))


def test_cells_a_spreadsheet_would_run_as_formulas_are_quoted(admin_client_, clinic, patient):
    _event(clinic=clinic, patient=patient, detail='=HYPERLINK("http://x.test","y")')
    row = next(r for r in _rows(admin_client_.get(URL)) if r["action"] == "view")
    assert row["detail"] == '\'=HYPERLINK("http://x.test","y")'


def test_every_formula_start_is_neutralised_and_plain_text_is_kept():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert safe_cell(start + "1") == "'" + start + "1"
    assert (safe_cell("Olivia"), safe_cell(None), safe_cell(12)) == ("Olivia", "", "12")


def test_the_export_is_itself_audited(admin_client_, clinic_admin, clinic):
    _rows(admin_client_.get(URL, {"action": "login"}))
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert (event.user, event.clinic, event.detail) == (
        clinic_admin,
        clinic,
        "audit log CSV action=login",
    )


def test_clinicians_and_front_desk_cannot_export(clinician_client, front_desk_client):
    assert clinician_client.get(URL).status_code == 403
    assert front_desk_client.get(URL).status_code == 403


def test_a_bad_filter_on_the_export_shows_the_form_error(admin_client_):
    response = admin_client_.get(URL, {"until": "31/12/2026"})
    assert response.status_code == 400
    assert "Enter a valid date" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_the_audit_page_links_to_the_export_with_its_filters(admin_client_):
    page = admin_client_.get("/clinic/audit/", {"action": "login", "user": "ann"})
    assert 'href="/clinic/audit/export.csv?action=login&amp;user=ann"' in page.content.decode()


# ---------------------------------------------------------------- the filters


def _listed(client, **filters) -> list[AuditEvent]:
    response = client.get("/clinic/audit/", filters)
    assert response.status_code == 200
    return list(response.context["page"].object_list)


def test_the_log_filters_by_user_email(admin_client_, clinic, clinician, front_desk):
    mine = _event(clinic=clinic, user=clinician)
    _event(clinic=clinic, user=front_desk)
    assert _listed(admin_client_, user=clinician.email.upper()) == [mine]


def test_the_log_filters_by_patient(admin_client_, clinic, patient):
    other = PatientFactory(clinic=clinic)
    mine = _event(clinic=clinic, patient=patient)
    _event(clinic=clinic, patient=other)
    assert _listed(admin_client_, patient=patient.pk) == [mine]


def test_the_log_filters_by_date_range_in_the_clinics_days(admin_client_, clinic):
    assert clinic.timezone == "America/Chicago"  # UTC-5 on 10 March 2026
    utc = datetime.UTC
    evening = _event(clinic=clinic, at=datetime.datetime(2026, 3, 11, 3, 0, tzinfo=utc))
    morning = _event(clinic=clinic, at=datetime.datetime(2026, 3, 10, 5, 0, tzinfo=utc))
    _event(clinic=clinic, at=datetime.datetime(2026, 3, 11, 5, 30, tzinfo=utc))  # 11th
    _event(clinic=clinic, at=datetime.datetime(2026, 3, 10, 4, 30, tzinfo=utc))  # 9th
    assert _listed(admin_client_, since="2026-03-10", until="2026-03-10") == [evening, morning]


def test_bad_filters_answer_with_messages_not_errors(admin_client_):
    response = admin_client_.get(
        "/clinic/audit/", {"action": "drop table", "patient": "abc", "since": "soon"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"action", "patient", "since"}


# ---------------------------------------------------------------- dates that make no time range

UNSEARCHABLE = "9999-12-31"  # its end in Chicago is past the last moment Python can hold in UTC


def test_a_date_too_far_ahead_is_a_message_on_the_page_not_a_server_error(admin_client_):
    response = admin_client_.get("/clinic/audit/", {"until": UNSEARCHABLE})
    assert response.status_code == 200
    assert "outside the dates that can be searched" in response.content.decode()


def test_a_date_too_far_back_in_a_zone_ahead_of_utc_is_a_message_on_the_page(admin_client_, clinic):
    clinic.timezone = "Asia/Tokyo"
    clinic.save()
    response = admin_client_.get("/clinic/audit/", {"since": "0001-01-01"})
    assert response.status_code == 200
    assert "outside the dates that can be searched" in response.content.decode()


def test_an_end_date_before_the_start_date_is_a_message_on_the_page(admin_client_):
    response = admin_client_.get("/clinic/audit/", {"since": "2026-03-10", "until": "2026-03-01"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"until": ["The end date is before the start date."]}


def test_the_export_of_an_unsearchable_date_answers_400_before_any_byte_streams(admin_client_):
    response = admin_client_.get(URL, {"until": UNSEARCHABLE})
    assert response.status_code == 400
    assert not response.streaming
    assert "outside the dates that can be searched" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_the_export_of_an_end_date_before_the_start_date_answers_400(admin_client_):
    response = admin_client_.get(URL, {"since": "2026-03-10", "until": "2026-03-01"})
    assert response.status_code == 400
    assert "The end date is before the start date." in response.content.decode()
