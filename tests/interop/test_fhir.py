"""FHIR R4 export: every resource validates (fhir.resources R4B models), references resolve,
codes come only from the systems we can stand behind, and the API and bulk export are scoped,
audited and complete."""

import datetime
import json
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle

from dryneedle.clinics.models import AuditEvent
from dryneedle.interop import fhir
from dryneedle.interop.fhir_export import RESOURCE_TYPES, bulk_export
from dryneedle.outcomes.models import Response
from dryneedle.treatments import notes
from dryneedle.treatments.models import AdverseEvent, Treatment
from tests import factories
from tests.factories import EpisodeFactory, PatientFactory

ALLOWED_SYSTEMS = {
    fhir.LOINC,
    fhir.CPT,
    fhir.ICD10CM,
    fhir.UCUM,
    fhir.OBSERVATION_CATEGORY,
    fhir.CONDITION_CLINICAL,
    fhir.CONDITION_CATEGORY,
    fhir.AE_SEVERITY,
    fhir.CONSENT_SCOPE,
    fhir.IDENTIFIER_TYPE,
}


def everything_url(patient) -> str:
    return f"/api/fhir/Patient/{patient.pk}/$everything"


def _response(episode, instrument, answers, stored=None, **extra) -> Response:
    return factories.response(episode, instrument, answers, stored=stored, **extra)


@pytest.fixture
def record(complete, clinician):
    """A patient with a signed session (two muscles, NPRS 7→4, an adverse event), a draft,
    four questionnaires, a consent and a closed earlier episode."""
    episode = complete.episode
    AdverseEvent.objects.create(
        treatment=complete,
        kind="bruising",
        severity="significant",
        onset="after",
        action="Ice & pressure <5 min>.",
        note="Resolved next day.",
    )
    signed = notes.sign(complete, clinician)
    Treatment.objects.create(episode=episode, clinician=clinician, pre_nprs=5)  # a draft
    _response(episode, "NDI", [1, 2, 1, 0, 2, 1, 1, 0, 1, 2], entered_by=clinician)
    _response(episode, "ODI", [1, None, 1, 0, 2, 1, 1, 0, 1, 2], source=Response.Source.HOME)
    psfs = [6, 4, 7]
    _response(
        episode,
        "PSFS",
        psfs,
        stored=[
            {"activity": a, "score": s}
            for a, s in zip(["Reversing the car", "Reading", "Lifting"], psfs, strict=True)
        ],
    )
    _response(episode, "NPRS", [6])
    _response(episode, "PRTEE", [3] * 15)
    EpisodeFactory(
        patient=episode.patient,
        icd10_code="M79.1",
        opened_on=datetime.date(2023, 1, 5),
        closed_on=datetime.date(2023, 3, 1),
    )
    return signed


def validate(resource: dict):
    return get_fhir_model_class(resource["resourceType"]).model_validate(resource)


def references(node) -> list[str]:
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference" and isinstance(value, str):
                found.append(value)
            else:
                found += references(value)
    elif isinstance(node, list):
        for value in node:
            found += references(value)
    return found


def codings(node) -> list[dict]:
    found = []
    if isinstance(node, dict):
        if "system" in node and "code" in node:
            found.append(node)
        for value in node.values():
            found += codings(value)
    elif isinstance(node, list):
        for value in node:
            found += codings(value)
    return found


def by_type(bundle: dict) -> dict[str, list[dict]]:
    result: dict[str, list[dict]] = {}
    for entry in bundle["entry"]:
        result.setdefault(entry["resource"]["resourceType"], []).append(entry["resource"])
    return result


# ---------------------------------------------------------------------------------------------
# The Bundle


def test_every_resource_and_the_bundle_validate_as_r4(record):
    bundle = fhir.patient_bundle(record.episode.patient)
    for entry in bundle["entry"]:
        validate(entry["resource"])
    Bundle.model_validate(bundle)
    counts = {t: len(rs) for t, rs in by_type(bundle).items()}
    assert counts == {
        "Patient": 1,
        "Condition": 2,
        "Procedure": 1,  # the draft is left out
        "Observation": 2 + 5,  # NPRS before/after, one score per questionnaire
        "QuestionnaireResponse": 5,
        "AdverseEvent": 1,
        "Consent": 1,
    }


def test_every_reference_resolves_inside_the_bundle(record):
    bundle = fhir.patient_bundle(record.episode.patient)
    full_urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(full_urls) == len(set(full_urls))
    for entry in bundle["entry"]:
        assert entry["fullUrl"] == f"urn:uuid:{entry['resource']['id']}"
    refs = references(bundle)
    assert refs
    assert set(refs) <= set(full_urls)


def test_only_confirmed_or_local_code_systems_and_no_snomed(record):
    bundle = fhir.patient_bundle(record.episode.patient)
    assert "snomed" not in json.dumps(bundle).lower()
    for coding in codings(bundle):
        system = coding["system"]
        assert system in ALLOWED_SYSTEMS or system.startswith(fhir.LOCAL_BASE), system
    loinc = {c["code"] for c in codings(bundle) if c["system"] == fhir.LOINC}
    assert loinc == {"72514-3", "82237-9", "59284-0"}


# Codes bound "required" in R4, which the R4B models do not check.
REQUIRED_CODES = {
    ("Patient", "gender"): {"male", "female", "other", "unknown"},
    ("Procedure", "status"): {"completed"},
    ("Observation", "status"): {"final"},
    ("QuestionnaireResponse", "status"): {"completed"},
    ("AdverseEvent", "actuality"): {"actual"},
    ("Consent", "status"): {"active"},
}


def test_required_bindings_use_r4_codes(record):
    bundle = fhir.patient_bundle(record.episode.patient)
    assert bundle["type"] == "searchset"
    for entry in bundle["entry"]:
        resource = entry["resource"]
        for (resource_type, element), allowed in REQUIRED_CODES.items():
            if resource["resourceType"] == resource_type:
                assert resource[element] in allowed
        if "text" in resource:
            assert resource["text"]["status"] == "additional"


def test_patient_condition_and_procedure_content(record):
    resources = by_type(fhir.patient_bundle(record.episode.patient))
    patient = resources["Patient"][0]
    assert patient["name"][0] == {"use": "official", "family": "Hughes", "given": ["Olivia"]}
    assert patient["gender"] == "female"

    open_, closed = sorted(resources["Condition"], key=lambda c: c["recordedDate"], reverse=True)
    assert open_["code"]["coding"][0] == {"system": fhir.ICD10CM, "code": "M54.50"} | (
        {"display": open_["code"]["coding"][0]["display"]}
        if "display" in open_["code"]["coding"][0]
        else {}
    )
    assert open_["clinicalStatus"]["coding"][0]["code"] == "active"
    assert closed["clinicalStatus"]["coding"][0]["code"] == "resolved"
    assert closed["abatementDateTime"] == "2023-03-01"

    procedure = resources["Procedure"][0]
    assert procedure["status"] == "completed"
    assert procedure["code"]["coding"] == [{"system": fhir.CPT, "code": record.cpt_code}]
    assert record.cpt_code == "20560"  # two muscles
    assert procedure["reasonReference"] == [{"reference": f"urn:uuid:{open_['id']}"}]
    assert procedure["performer"][0]["actor"]["display"] == record.clinician.full_name
    sites = procedure["bodySite"]
    assert [s["coding"][0]["code"] for s in sites] == ["upper_trapezius", "levator_scapulae"]
    assert all(s["coding"][0]["system"] == fhir.MUSCLE_SYSTEM for s in sites)
    assert sites[0]["text"].endswith(", left")


def test_nprs_observations_are_part_of_the_procedure(record):
    resources = by_type(fhir.patient_bundle(record.episode.patient))
    procedure_ref = {"reference": f"urn:uuid:{resources['Procedure'][0]['id']}"}
    nprs = [o for o in resources["Observation"] if o.get("partOf") == [procedure_ref]]
    assert [o["valueInteger"] for o in nprs] == [7, 4]
    assert all(o["code"]["coding"][0]["code"] == "72514-3" for o in nprs)


def test_questionnaires_and_their_scores(record):
    resources = by_type(fhir.patient_bundle(record.episode.patient))
    answers = {
        qr["questionnaire"].rsplit("/", 1)[1]: qr for qr in resources["QuestionnaireResponse"]
    }
    assert all(qr["status"] == "completed" for qr in answers.values())
    odi_items = [i["linkId"] for i in answers["ODI"]["item"]]
    assert "item-2" not in odi_items and odi_items[0] == "item-1"  # unanswered left out
    assert answers["ODI"]["author"] == answers["ODI"]["subject"]  # answered at home
    psfs = answers["PSFS"]["item"]
    assert psfs[0] == {
        "linkId": "item-1",
        "text": "Reversing the car",
        "answer": [{"valueInteger": 6}],
    }

    scores = {
        o["derivedFrom"][0]["reference"]: o for o in resources["Observation"] if "derivedFrom" in o
    }
    ndi = scores[f"urn:uuid:{answers['NDI']['id']}"]
    assert ndi["code"]["coding"][0] == {
        "system": fhir.LOINC,
        "code": "82237-9",
        "display": "Total score [NDI]",
    }
    assert ndi["valueQuantity"]["value"] == 11
    odi = scores[f"urn:uuid:{answers['ODI']['id']}"]
    assert odi["code"]["coding"][0]["system"] == fhir.SCORE_SYSTEM  # no confirmed LOINC score
    psfs_score = scores[f"urn:uuid:{answers['PSFS']['id']}"]
    assert psfs_score["code"]["coding"][0]["system"] == fhir.SCORE_SYSTEM
    assert psfs_score["valueQuantity"]["value"] == pytest.approx(5.67)
    nprs = scores[f"urn:uuid:{answers['NPRS']['id']}"]
    assert nprs["valueInteger"] == 6
    prtee = scores[f"urn:uuid:{answers['PRTEE']['id']}"]
    assert {c["code"]["coding"][0]["code"] for c in prtee["component"]} == {
        "PRTEE-percent",
        "PRTEE-pain",
        "PRTEE-function",
    }


def test_adverse_event_and_consent(record):
    resources = by_type(fhir.patient_bundle(record.episode.patient))
    event = resources["AdverseEvent"][0]
    assert event["actuality"] == "actual"
    assert event["event"]["text"] == "Bruising"
    assert event["severity"]["coding"][0]["code"] == "severe"
    assert event["severity"]["text"] == "Significant"
    assert event["suspectEntity"][0]["instance"]["reference"].startswith("urn:uuid:")
    assert "Ice &amp; pressure &lt;5 min&gt;." in event["text"]["div"]
    div = ET.fromstring(event["text"]["div"])  # noqa: S314 (our own output): well-formed XHTML
    assert div.tag == "{http://www.w3.org/1999/xhtml}div"

    consent = resources["Consent"][0]
    assert consent["status"] == "active"
    assert consent["scope"]["coding"][0]["code"] == "treatment"
    assert consent["category"][0]["coding"][0]["code"] == "59284-0"
    assert consent["policy"][0]["uri"].startswith(fhir.LOCAL_BASE)


def test_a_patient_with_nothing_but_demographics_still_validates(clinic):
    patient = PatientFactory(clinic=clinic, record_number="A-17", email="", phone="")
    bundle = fhir.patient_bundle(patient)
    Bundle.model_validate(bundle)
    assert bundle["total"] == 1
    assert bundle["entry"][0]["resource"]["identifier"][0]["value"] == "A-17"


def test_unsigned_notes_cannot_be_exported(complete):
    with pytest.raises(ValueError, match="signed"):
        fhir.procedure_resource(complete)


# ---------------------------------------------------------------------------------------------
# The $everything route


def test_everything_returns_the_bundle_and_audits_it(clinician_client, record):
    patient = record.episode.patient
    response = clinician_client.get(everything_url(patient))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    bundle = response.json()
    Bundle.model_validate(bundle)
    assert bundle["entry"][0]["resource"]["id"] == fhir.fhir_id("Patient", patient.pk)
    assert AuditEvent.objects.filter(
        patient=patient, action="export", detail="fhir $everything"
    ).exists()


def test_everything_is_404_for_another_clinics_patient(outsider_client, patient):
    assert outsider_client.get(everything_url(patient)).status_code == 404
    assert not AuditEvent.objects.filter(patient=patient).exists()


def test_everything_needs_a_signed_in_user(patient):
    assert Client().get(everything_url(patient)).status_code == 401


def test_everything_is_closed_to_front_desk(front_desk_client, patient):
    assert front_desk_client.get(everything_url(patient)).status_code == 403


# ---------------------------------------------------------------------------------------------
# Bulk NDJSON export


def read_ndjson(path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def test_bulk_export_writes_valid_ndjson_with_matching_counts(record, other_clinic, tmp_path):
    PatientFactory(clinic=other_clinic)
    seen = []
    counts = bulk_export(tmp_path, progress=lambda done, total: seen.append((done, total)))
    assert set(counts) == set(RESOURCE_TYPES)
    ids = set()
    refs = set()
    for resource_type in RESOURCE_TYPES:
        rows = read_ndjson(tmp_path / f"{resource_type}.ndjson")
        assert len(rows) == counts[resource_type]
        for row in rows:
            assert row["resourceType"] == resource_type
            validate(row)
            ids.add(f"{resource_type}/{row['id']}")
            refs.update(references(row))
    assert refs <= ids  # relative references resolve across the files
    assert counts["Patient"] == 2
    assert counts["Procedure"] == 1 and counts["Observation"] == 7
    assert seen[-1][0] == seen[-1][1] and seen[0] == (0, seen[-1][1])
    assert not list(tmp_path.glob("*.part"))


def test_bulk_export_ids_match_the_bundle(record, tmp_path):
    bulk_export(tmp_path)
    bundle = fhir.patient_bundle(record.episode.patient)
    bundle_ids = {(e["resource"]["resourceType"], e["resource"]["id"]) for e in bundle["entry"]}
    exported = {
        (t, row["id"]) for t in RESOURCE_TYPES for row in read_ndjson(tmp_path / f"{t}.ndjson")
    }
    assert bundle_ids == exported


def test_bulk_export_of_one_clinic_leaves_the_others_out(record, clinic, other_clinic, tmp_path):
    stranger = PatientFactory(clinic=other_clinic)
    EpisodeFactory(patient=stranger)
    counts = bulk_export(tmp_path, clinic=clinic)
    patients = read_ndjson(tmp_path / "Patient.ndjson")
    assert [p["id"] for p in patients] == [fhir.fhir_id("Patient", record.episode.patient_id)]
    assert counts["Condition"] == 2
    assert fhir.fhir_id("Patient", stranger.pk) not in (tmp_path / "Condition.ndjson").read_text()

    counts = bulk_export(tmp_path / "other", clinic=other_clinic)
    assert counts == dict.fromkeys(RESOURCE_TYPES, 0) | {"Patient": 1, "Condition": 1}
