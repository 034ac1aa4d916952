"""The clinic's public pages: learn, self-check, and booking requests (no account)."""

import pytest
from django.test import Client

from dryneedle.clinics.models import AuditEvent
from dryneedle.public.models import BookingRequest
from dryneedle.public.self_check import load_red_flags
from dryneedle.screening.rules import load_rules

NO_FLAGS = {f.id: "no" for f in load_red_flags()}
ALL_NO = {q: "no" for q in load_rules().questions}
BOOKING = {"name": "Ava Nakamura", "phone": "+1 312 555 0100", "preferred_times": "mornings"}


@pytest.fixture
def visitor():
    return Client()


def run_self_check(visitor, clinic, about=None, flags=None, safety=None):
    base = f"/c/{clinic.slug}/self-check/"
    visitor.post(
        f"{base}?step=about", about or {"condition": "neck_pain", "marks": "posterior_neck:R"}
    )
    visitor.post(f"{base}?step=red-flags", {**NO_FLAGS, **(flags or {})})
    visitor.post(f"{base}?step=safety", {**ALL_NO, **(safety or {})})
    return visitor.get(f"{base}result/")


def test_public_pages_need_no_account(visitor, clinic):
    for path in ("dry-needling/", "self-check/", "book/"):
        assert visitor.get(f"/c/{clinic.slug}/{path}").status_code == 200


def test_an_unknown_clinic_is_not_found(visitor, db):
    assert visitor.get("/c/no-such-clinic/dry-needling/").status_code == 404


def test_learn_page_lists_its_sources(visitor, clinic):
    content = visitor.get(f"/c/{clinic.slug}/dry-needling/").content.decode()
    assert "Sources" in content and "Brady" in content


def test_self_check_with_no_concerns_says_nothing_rules_it_out(visitor, clinic):
    content = run_self_check(visitor, clinic).content.decode()
    assert "Nothing in your answers rules dry needling out" in content
    assert "not a diagnosis" in content


def test_a_red_flag_sends_the_person_to_a_doctor_first(visitor, clinic):
    flag = next(f for f in load_red_flags() if not f.urgent)
    content = run_self_check(visitor, clinic, flags={flag.id: "yes"}).content.decode()
    assert "see a doctor first" in content
    assert flag.question in content


def test_an_absolute_contraindication_says_it_is_probably_not_suitable(visitor, clinic):
    content = run_self_check(visitor, clinic, safety={"needle_phobia": "yes"}).content.decode()
    assert "probably not suitable" in content


def test_a_precaution_says_what_to_tell_the_clinic(visitor, clinic):
    content = run_self_check(visitor, clinic, safety={"anticoagulants": "yes"}).content.decode()
    assert "tell the clinic about your answers" in content


def test_the_result_needs_the_questions_answered_first(visitor, clinic):
    response = visitor.get(f"/c/{clinic.slug}/self-check/result/")
    assert response["Location"] == f"/c/{clinic.slug}/self-check/"


def test_a_booking_request_lands_in_the_clinic_inbox(visitor, clinic, front_desk_client):
    response = visitor.post(f"/c/{clinic.slug}/book/", BOOKING)
    assert response["Location"] == f"/c/{clinic.slug}/book/thanks/"
    booking = BookingRequest.objects.get()
    assert (booking.clinic, booking.status) == (clinic, "new")
    assert "Ava Nakamura" in front_desk_client.get("/clinic/bookings/").content.decode()


def test_a_booking_request_stores_only_what_was_submitted(visitor, clinic):
    run_self_check(visitor, clinic)
    visitor.post(f"/c/{clinic.slug}/book/", BOOKING)
    assert BookingRequest.objects.get().self_check_summary == ""


def test_the_self_check_is_attached_only_when_the_person_ticks_the_box(visitor, clinic):
    run_self_check(visitor, clinic, safety={"anticoagulants": "yes"})
    visitor.post(f"/c/{clinic.slug}/book/", {**BOOKING, "include_self_check": "on"})
    summary = BookingRequest.objects.get().self_check_summary
    assert "Neck pain" in summary and "Back of neck, right" in summary
    assert load_rules().questions["anticoagulants"].patient_text in summary


def test_a_booking_request_needs_a_way_to_reply(visitor, clinic):
    response = visitor.post(f"/c/{clinic.slug}/book/", {"name": "Ava"})
    assert "email address or a phone number" in response.content.decode()
    assert not BookingRequest.objects.exists()


def test_the_honeypot_catches_bots_without_telling_them(visitor, clinic):
    response = visitor.post(f"/c/{clinic.slug}/book/", {**BOOKING, "website": "http://spam"})
    assert response.status_code == 302
    assert not BookingRequest.objects.exists()


def test_booking_requests_are_rate_limited_per_address(visitor, clinic, settings):
    settings.PUBLIC_FORM_LIMIT_PER_HOUR = 2
    for _ in range(2):
        visitor.post(f"/c/{clinic.slug}/book/", BOOKING, REMOTE_ADDR="198.51.100.20")
    response = visitor.post(f"/c/{clinic.slug}/book/", BOOKING, REMOTE_ADDR="198.51.100.20")
    assert response.status_code == 429
    assert BookingRequest.objects.count() == 2
    other = visitor.post(f"/c/{clinic.slug}/book/", BOOKING, REMOTE_ADDR="198.51.100.21")
    assert other.status_code == 302


def test_the_public_form_needs_the_csrf_token(clinic):
    response = Client(enforce_csrf_checks=True).post(f"/c/{clinic.slug}/book/", BOOKING)
    assert response.status_code == 403
    assert not BookingRequest.objects.exists()


def test_front_desk_marks_a_request_contacted_and_it_is_audited(visitor, clinic, front_desk_client):
    visitor.post(f"/c/{clinic.slug}/book/", BOOKING)
    booking = BookingRequest.objects.get()
    front_desk_client.post(f"/clinic/bookings/{booking.pk}/status/", {"status": "contacted"})
    booking.refresh_from_db()
    assert booking.status == "contacted"
    assert AuditEvent.objects.filter(object_type="bookingrequest", action="update").exists()


def test_an_unknown_status_is_refused(visitor, clinic, front_desk_client):
    visitor.post(f"/c/{clinic.slug}/book/", BOOKING)
    booking = BookingRequest.objects.get()
    response = front_desk_client.post(
        f"/clinic/bookings/{booking.pk}/status/", {"status": "paid"}, follow=True
    )
    assert "Choose one of the listed statuses" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == "new"


def test_booking_requests_stay_with_their_clinic(visitor, other_clinic, front_desk_client):
    visitor.post(f"/c/{other_clinic.slug}/book/", BOOKING)
    assert (
        "Ava Nakamura" not in front_desk_client.get("/clinic/bookings/?status=all").content.decode()
    )
    booking = BookingRequest.objects.get()
    assert front_desk_client.get(f"/clinic/bookings/{booking.pk}/").status_code == 404


def test_home_page_tells_the_front_desk_about_new_requests(visitor, clinic, front_desk_client):
    visitor.post(f"/c/{clinic.slug}/book/", BOOKING)
    assert "1 new booking request" in front_desk_client.get("/").content.decode()
