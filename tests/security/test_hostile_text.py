"""Markup and odd Unicode typed into every free-text field is stored exactly and rendered
escaped on every page, in the PDF report and in the exports; nothing fails.

The list of free-text fields is derived from the models, so a new text field fails
`test_every_free_text_field_is_covered` until it is entered here and checked.
"""

import csv
import datetime
import json
import subprocess

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from dryneedle.clinics.models import Clinic, User
from dryneedle.interop.csv_export import export_csv
from dryneedle.outcomes import tasks
from dryneedle.outcomes.models import CheckIn
from dryneedle.outcomes.tokens import new_token
from dryneedle.patients.models import Episode, PainDrawing, Patient
from dryneedle.public.models import BookingRequest
from dryneedle.screening.models import Consent
from dryneedle.treatments.models import AdverseEvent, StockedNeedle, Treatment
from tests.clinical_records import all_no

JSON = "application/json"
# Right-to-left override, zero-width joiner, emoji with skin tone, a 4-byte CJK extension B
# character, a combining acute accent.
ODD_UNICODE = "\u202eevil\u200d👍🏽\U00020000e\u0301"


def hostile(tag: str, max_length: int | None = None) -> str:
    """Script and event-handler markup, odd Unicode, padded to the field's full length."""
    text = f'<script>alert("{tag}")</script><img src=x onerror=alert(1)>{ODD_UNICODE}'
    if max_length is None:
        return text + "x" * 2000
    if len(text) > max_length:  # short fields (phone: 40) still get a tag to escape
        text = f"<b>{tag}</b>{ODD_UNICODE}"
    return text + "x" * (max_length - len(text))


def length_of(model, field: str) -> int | None:
    return model._meta.get_field(field).max_length


# Every CharField/TextField of the project's models that a person types, and where it goes in.
FREE_TEXT = {
    "patients.Patient.given_name": "patient form",
    "patients.Patient.family_name": "patient form",
    "patients.Patient.phone": "patient form",
    "patients.Patient.record_number": "patient form",
    "patients.Episode.problem": "episode form",
    "screening.Consent.typed_name": "consent form",
    "public.BookingRequest.name": "public booking form",
    "public.BookingRequest.phone": "public booking form",
    "public.BookingRequest.preferred_times": "public booking form",
    "public.BookingRequest.message": "public booking form",
    "patients.PainDrawing.note": "API",
    "treatments.Treatment.ppt_site": "API",
    "treatments.Treatment.patient_response": "API",
    "treatments.Treatment.subjective": "API",
    "treatments.Treatment.objective": "API",
    "treatments.Treatment.assessment": "API",
    "treatments.Treatment.plan": "API",
    "treatments.AdverseEvent.action": "API",
    "treatments.AdverseEvent.note": "API",
    "treatments.Addendum.text": "API",
    "treatments.StockedNeedle.brand": "needles form",
    "outcomes.CheckIn.other_effect": "stored directly (token page: see tests/outcomes)",
    "clinics.Clinic.name": "stored directly (operator console)",
    "clinics.User.full_name": "stored directly (operator console)",
}
# Text columns that are not typed freely: validated codes, ids, tokens, machine-written text.
NOT_FREE_TEXT = {
    "patients.PainDrawing.atlas_version",
    "clinics.Clinic.slug",  # SlugField: letters, digits, hyphens
    "outcomes.HomeLink.emailed_to",  # EmailField: validated address
    "clinics.Clinic.timezone",
    "clinics.User.password",
    "clinics.User.email",  # EmailField: validated address
    "clinics.AuditEvent.object_type",
    "clinics.AuditEvent.object_id",
    "clinics.AuditEvent.path",
    "clinics.AuditEvent.method",
    "clinics.AuditEvent.detail",
    "outcomes.Response.instrument",
    "outcomes.HomeLink.instrument",
    "outcomes.HomeLink.token_hash",
    "outcomes.CheckIn.token_hash",
    "outcomes.CheckIn.delivery_problem",
    "patients.Patient.email",  # EmailField: validated address
    "patients.Episode.icd10_code",
    "patients.Episode.protocol",
    "screening.Consent.signature",  # validated SVG path commands
    "public.BookingRequest.email",  # EmailField: validated address
    "public.BookingRequest.self_check_summary",  # written by the app
    "public.PublicFormCounter.key",
    "treatments.Treatment.icd10_code",
    "treatments.Treatment.cpt_code",
    "treatments.Needling.muscle",
    "treatments.Needling.trigger_point",
    "treatments.RangeOfMotion.movement",
}


# Stored, but no staff page shows them (reported to the lead, not a rendering matter).
SHOWN_TO_NO_STAFF = {
    "patient_response": "shown while the note is a draft, not once it is signed",
    "other_effect": "the patient's own words in a check-in; only the flag is shown",
}


def test_every_free_text_field_is_covered():
    found = set()
    for config in apps.get_app_configs():
        if not config.name.startswith("dryneedle."):
            continue
        app = config.label
        for model in config.get_models():
            if model.__name__.startswith("Historical"):
                continue
            for field in model._meta.get_fields():
                if isinstance(field, models.CharField | models.TextField) and not field.choices:
                    found.add(f"{app}.{model.__name__}.{field.name}")
    assert found - NOT_FREE_TEXT == set(FREE_TEXT)


@pytest.fixture
def hostile_records(
    clinic, clinician, clinician_client, admin_client_, front_desk_client, needle, settings
):
    """Every free-text field holding hostile text, entered through forms and the API."""
    values = {}

    def value(key, model, field):
        values[key] = hostile(key, length_of(model, field))
        return values[key]

    Clinic.objects.filter(pk=clinic.pk).update(name=value("clinic", Clinic, "name"))
    User.objects.filter(pk=clinician.pk).update(full_name=value("clinician", User, "full_name"))

    patient_data = {
        "given_name": value("given", Patient, "given_name"),
        # The longest name: 100 + 100 characters, typed as 201 on the consent form.
        "family_name": value("family", Patient, "family_name"),
        "phone": value("phone", Patient, "phone"),
        "record_number": value("record", Patient, "record_number"),
        "date_of_birth": "1990-02-03",
        "sex": "female",
        "email": "ava@example.org",
    }
    values["family"] = patient_data["family_name"]
    response = clinician_client.post("/patients/new/", patient_data)
    assert response.status_code == 302, response.content.decode()[:2000]
    patient = Patient.objects.get()
    episode_data = {
        "icd10_code": "M54.50",
        "problem": value("problem", Episode, "problem"),
        "opened_on": "2026-10-01",
    }
    assert clinician_client.post(
        f"/patients/{patient.pk}/episodes/new/", episode_data
    ).status_code in (200, 302)
    episode = Episode.objects.get()
    assert (
        clinician_client.post(
            f"/api/episodes/{episode.pk}/screenings", {"answers": all_no()}, content_type=JSON
        ).status_code
        == 201
    )
    consent = {"typed_name": patient.full_name, "signature": "M10 10 L40 60", "witnessed": "on"}
    clinician_client.post(f"/patients/{patient.pk}/consent/", consent)
    assert Consent.objects.get().typed_name == patient.full_name
    values["typed_name"] = patient.full_name

    drawing = {"marks": ["temple:L"], "note": value("drawing", PainDrawing, "note")}
    assert (
        clinician_client.post(
            f"/api/episodes/{episode.pk}/pain-drawings", drawing, content_type=JSON
        ).status_code
        == 201
    )
    started = clinician_client.post(f"/api/episodes/{episode.pk}/treatments")
    assert started.status_code == 201, started.content
    treatment = Treatment.objects.get(pk=started.json()["id"])
    draft = {
        "version": treatment.version,
        "ppt_site": value("ppt_site", Treatment, "ppt_site"),
        **{f: hostile(f) for f in ("patient_response", "subjective", "objective", "assessment")},
        "plan": hostile("plan"),
        "pre_nprs": 6,
        "post_nprs": 3,
        "needles_opened": 1,
        "needles_removed": 1,
        "needles_discarded": 0,
    }
    values.update({f: draft[f] for f in ("patient_response", "subjective", "objective")})
    values.update({f: draft[f] for f in ("assessment", "plan")})
    saved = clinician_client.patch(f"/api/treatments/{treatment.pk}", draft, content_type=JSON)
    assert saved.status_code == 200, saved.content
    needling = {
        "muscle": "upper_trapezius",
        "side": "L",
        "needle": needle.pk,
        "technique": "pistoning",
        "passes": 3,
        "twitch": "few",
    }
    clinician_client.post(f"/api/treatments/{treatment.pk}/needlings", needling, content_type=JSON)
    event = {
        "kind": "other",
        "severity": "mild",
        "onset": "during",
        "action": hostile("ae_action"),
        "note": value("ae_note", AdverseEvent, "note"),
    }
    values["ae_action"] = event["action"]
    added = clinician_client.post(
        f"/api/treatments/{treatment.pk}/adverse-events", event, content_type=JSON
    )
    assert added.status_code == 201, added.content
    signed = clinician_client.post(f"/api/treatments/{treatment.pk}/sign")
    assert signed.status_code == 200, signed.content
    values["addendum"] = hostile("addendum")
    addendum = {"text": values["addendum"]}
    assert (
        clinician_client.post(
            f"/api/treatments/{treatment.pk}/addenda", addendum, content_type=JSON
        ).status_code
        == 201
    )
    brand = {
        "diameter_mm": "0.30",
        "length_mm": 50,
        "brand": value("brand", StockedNeedle, "brand"),
    }
    admin_client_.post("/clinic/needles/", brand)
    assert StockedNeedle.objects.filter(brand=values["brand"]).exists()

    booking = {
        "name": value("b_name", BookingRequest, "name"),
        "phone": value("b_phone", BookingRequest, "phone"),
        "preferred_times": value("b_times", BookingRequest, "preferred_times"),
        "message": value("b_message", BookingRequest, "message"),
    }
    assert Client().post(f"/c/{clinic.slug}/book/", booking).status_code == 302
    values["other_effect"] = hostile("other_effect", length_of(CheckIn, "other_effect"))
    token, digest = new_token()
    in_a_day = timezone.now() + datetime.timedelta(days=1)
    treatment.refresh_from_db()
    tasks.schedule(treatment)  # the signal that does this fires on commit only
    CheckIn.objects.filter(treatment=treatment).update(token_hash=digest, expires_at=in_a_day)
    answer = {"nprs": 3, "soreness": 2, "overall": "same", "other_effect": values["other_effect"]}
    assert Client().post(f"/checkin/{token}/", answer).status_code == 200  # the thank-you page
    assert CheckIn.objects.get(treatment=treatment).other_effect == values["other_effect"]

    second = clinician_client.post(f"/api/episodes/{episode.pk}/treatments").json()
    values["draft_response"] = hostile("draft_response")
    change = {"version": second["version"], "patient_response": values["draft_response"]}
    clinician_client.patch(f"/api/treatments/{second['id']}", change, content_type=JSON)
    return {
        "values": values,
        "patient": patient,
        "episode": episode,
        "treatment": treatment,
        "draft": Treatment.objects.get(pk=second["id"]),
        "booking": BookingRequest.objects.get(),
    }


def pages(records) -> list[str]:
    patient, episode = records["patient"], records["episode"]
    return [
        "/",
        "/patients/",
        f"/patients/?q={records['values']['family'][:20]}",
        f"/patients/{patient.pk}/",
        f"/episodes/{episode.pk}/",
        f"/episodes/{episode.pk}/pain-drawing/",
        f"/episodes/{episode.pk}/progress/",
        f"/treatments/{records['treatment'].pk}/",
        f"/treatments/{records['draft'].pk}/",
        "/clinic/bookings/",
        f"/clinic/bookings/{records['booking'].pk}/",
        "/clinic/needles/",
        "/atlas/",
    ]


@pytest.fixture
def rendered(hostile_records, clinician_client):
    html = {}
    for url in pages(hostile_records):
        response = clinician_client.get(url)
        assert response.status_code == 200, url
        html[url] = response.content.decode()
    return html


def test_no_page_shows_typed_markup_unescaped(hostile_records, rendered):
    for url, page in rendered.items():
        assert "<script>alert(" not in page, url
        assert "<img src=x onerror" not in page, url
        for key, value in hostile_records["values"].items():
            assert value not in page, (url, key)


def test_every_free_text_value_is_shown_escaped_somewhere(hostile_records, rendered):
    everything = "\n".join(rendered.values())
    missing = {k for k, v in hostile_records["values"].items() if escape(v) not in everything}
    assert missing == set(SHOWN_TO_NO_STAFF)


def test_the_pdf_report_prints_the_markup_as_text(hostile_records, clinician_client):
    episode = hostile_records["episode"]
    response = clinician_client.get(f"/episodes/{episode.pk}/report.pdf")
    assert response.status_code == 200
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert '<script>alert("given")</script>' in text


def test_fhir_and_csv_exports_keep_the_text_exactly(hostile_records, clinician_client, tmp_path):
    patient, values = hostile_records["patient"], hostile_records["values"]
    bundle = clinician_client.get(f"/api/fhir/Patient/{patient.pk}/$everything")
    assert values["given"] in json.loads(bundle.content)["entry"][0]["resource"]["name"][0]["given"]
    export_csv(tmp_path, patient.clinic)
    with (tmp_path / "patients.csv").open(encoding="utf-8", newline="") as exported:
        row = next(csv.DictReader(exported))
    assert (row["given_name"], row["family_name"]) == (values["given"], values["family"])
