"""FHIR R4 resources built from our models: pure functions, one model instance in, one dict out.

What is exported, and the codes used (clinical-facts.md §6):

- Patient; Condition per episode (ICD-10-CM); Procedure per SIGNED treatment (CPT 20560/20561,
  one `bodySite` per needled muscle and side); Observation per NPRS before/after of a signed
  treatment (LOINC 72514-3) and per questionnaire score; QuestionnaireResponse per scored
  questionnaire; AdverseEvent per adverse event of a signed treatment; Consent per signed
  consent. Draft notes and their rows are never exported: they may still change.
- No SNOMED CT code anywhere: no concept for dry needling was found (§6, UNCONFIRMED) and we
  do not invent one. The procedure carries its CPT code and the text "Dry needling".
- Where no published code was confirmed we use our own code systems, all under `LOCAL_BASE`
  (muscles by atlas id, questionnaire scores, adverse event kinds, Questionnaire canonicals,
  the consent text versions). They are ours; receivers may map them, nobody else defines them.

Identifiers: every resource id is a name-based UUID (uuid5) of its type and our row key, so
the same row always gets the same id, in the `$everything` Bundle and in the bulk NDJSON.
References are "urn:uuid:<id>" inside a Bundle (whose entries have matching fullUrls) and
"<Type>/<id>" in bulk NDJSON files (`relative=True`).
"""

import datetime
import functools
import html
import uuid
from decimal import Decimal

from django.utils import timezone, translation

from dryneedle.atlas.loader import load_atlas
from dryneedle.clinics.models import User
from dryneedle.outcomes import instruments
from dryneedle.outcomes.models import Response
from dryneedle.patients.models import Episode, Patient
from dryneedle.screening.models import Consent
from dryneedle.treatments.models import AdverseEvent, Treatment

# The one base URL for everything we define ourselves (code systems, Questionnaire canonicals,
# identifier systems, consent text versions). ".example" is a reserved domain: a deployment
# that publishes its CodeSystem resources should change this to a URL it controls. Changing it
# changes every resource id too (ids are derived from it), so change it once, before exporting.
LOCAL_BASE = "https://dryneedle.example/fhir"

MUSCLE_SYSTEM = f"{LOCAL_BASE}/CodeSystem/muscle"  # code: atlas muscle id
SCORE_SYSTEM = f"{LOCAL_BASE}/CodeSystem/outcome-score"  # code: instrument id (+ "-percent")
ADVERSE_EVENT_KIND_SYSTEM = f"{LOCAL_BASE}/CodeSystem/adverse-event-kind"  # AdverseEvent.Kind
QUESTIONNAIRE_BASE = f"{LOCAL_BASE}/Questionnaire"  # canonical: <base>/<instrument id>
CONSENT_TEXT_BASE = f"{LOCAL_BASE}/consent-text"  # policy uri: <base>/v<version>
PATIENT_ID_SYSTEM = f"{LOCAL_BASE}/NamingSystem/patient-id"  # our database key
RECORD_NUMBER_SYSTEM = f"{LOCAL_BASE}/NamingSystem/clinic-record-number"  # + "/<clinic slug>"

LOINC = "http://loinc.org"
CPT = "http://www.ama-assn.org/go/cpt"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
AE_SEVERITY = "http://terminology.hl7.org/CodeSystem/adverse-event-severity"
CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203"

# LOINC 72514-3: "Pain severity - 0-10 verbal numeric rating [Score] - Reported" (§6).
NPRS_LOINC = ("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")

# Questionnaire scores with a LOINC code (§6); every other instrument gets a local code.
SCORE_LOINC = {
    "NPRS": NPRS_LOINC,
    # NDI total score: from the HL7 PACIO Sample Data Depot, a DRAFT CI build (MITRE), not a
    # published IG — verify at loinc.org. Our NDI score is the raw 0-50 total.
    "NDI": ("82237-9", "Total score [NDI]"),
    # ODI: deliberately NOT coded. The only code found, 97908-8 "Oswestry Disability Index",
    # appears in every source seen (PACIO, and the repos citing it) as the Questionnaire /
    # panel code, never as the code of a score, and those sources report the score as a
    # percent while ours is the raw 0-50 total. Verify at loinc.org before adding it here.
    # LEFS and PSFS: the codes seen conflict or come from an unreliable file: UNCONFIRMED.
}

# LOINC 59284-0 is in the FHIR R4 consent-category value set (as "Patient Consent"); the
# current LOINC display, as expanded by tx.fhir.org (LOINC 2.80/2.82), is "Consent Document".
CONSENT_CATEGORY_LOINC = ("59284-0", "Consent Document")

# R4 AdverseEvent.severity: mild | moderate | severe. Our "significant" (White et al.: needed
# medical intervention or interfered with activities) is the top grade, mapped to "severe";
# our own label stays in the CodeableConcept's text.
SEVERITY_MAP = {"mild": "mild", "moderate": "moderate", "significant": "severe"}
SIDE_TEXT = {"L": "left", "R": "right"}


# ---------------------------------------------------------------------------------------------
# Ids and references


@functools.lru_cache(maxsize=4096)  # small and bounded: references repeat among nearby rows
def fhir_id(resource_type: str, key: object) -> str:
    """The stable id of the resource of `resource_type` built from our row `key`."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{LOCAL_BASE}/{resource_type}/{key}"))


def reference(resource_type: str, key: object, relative: bool = False) -> dict:
    rid = fhir_id(resource_type, key)
    return {"reference": f"{resource_type}/{rid}" if relative else f"urn:uuid:{rid}"}


def _when(value: datetime.date) -> str:
    """A FHIR dateTime / date: aware datetimes keep their offset; dates stay dates."""
    return value.isoformat()


def _number(value: Decimal | float | int) -> int | float:
    value = Decimal(str(value))
    return int(value) if value == value.to_integral_value() else float(value)


def _narrative(*paragraphs: str) -> dict:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs if p)
    return {
        "status": "additional",
        "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{body}</div>',
    }


def _person(user: User | None) -> str:
    return (user.full_name or user.email) if user is not None else ""


# ---------------------------------------------------------------------------------------------
# Resources


def patient_resource(patient: Patient) -> dict:
    identifiers: list[dict[str, object]] = [
        {"use": "secondary", "system": PATIENT_ID_SYSTEM, "value": str(patient.pk)}
    ]
    if patient.record_number:
        identifiers.insert(
            0,
            {
                "use": "usual",
                "type": {
                    "coding": [
                        {
                            "system": IDENTIFIER_TYPE,
                            "code": "MR",
                            "display": "Medical record number",
                        }
                    ]
                },
                "system": f"{RECORD_NUMBER_SYSTEM}/{patient.clinic.slug}",
                "value": patient.record_number,
            },
        )
    telecom = []
    if patient.phone:
        telecom.append({"system": "phone", "value": patient.phone})
    if patient.email:
        telecom.append({"system": "email", "value": patient.email})
    resource: dict[str, object] = {
        "resourceType": "Patient",
        "id": fhir_id("Patient", patient.pk),
        "identifier": identifiers,
        "active": not patient.is_archived,
        "name": [{"use": "official", "family": patient.family_name, "given": [patient.given_name]}],
        "gender": patient.sex,  # stored as FHIR administrative-gender values
        "birthDate": _when(patient.date_of_birth),
        "managingOrganization": {"display": patient.clinic.name},
    }
    if telecom:
        resource["telecom"] = telecom
    return resource


def condition_resource(episode: Episode, relative: bool = False) -> dict:
    """The episode's diagnosis. We know when the episode was opened (recordedDate), not when
    the problem began, so no onset is claimed."""
    coding = {"system": ICD10CM, "code": episode.icd10_code}
    title = episode.diagnosis_title
    if title:
        coding["display"] = title
    resolved = episode.closed_on is not None
    resource: dict[str, object] = {
        "resourceType": "Condition",
        "id": fhir_id("Condition", episode.pk),
        "clinicalStatus": {
            "coding": [
                {
                    "system": CONDITION_CLINICAL,
                    "code": "resolved" if resolved else "active",
                    "display": "Resolved" if resolved else "Active",
                }
            ]
        },
        "category": [
            {
                "coding": [
                    {
                        "system": CONDITION_CATEGORY,
                        "code": "problem-list-item",
                        "display": "Problem List Item",
                    }
                ]
            }
        ],
        "code": {"coding": [coding], "text": title or episode.icd10_code},
        "subject": reference("Patient", episode.patient_id, relative),
        "recordedDate": _when(episode.opened_on),
    }
    if episode.closed_on is not None:  # resolved
        resource["abatementDateTime"] = _when(episode.closed_on)
    if episode.problem:
        resource["note"] = [{"text": episode.problem}]
    return resource


PREFETCHED_NEEDLINGS = "fhir_needlings"  # where a bulk export puts each note's needlings


def _body_sites(treatment: Treatment) -> list[dict]:
    muscles = load_atlas().muscles
    sites, seen = [], set()
    needlings = getattr(treatment, PREFETCHED_NEEDLINGS, None)
    for needling in needlings if needlings is not None else treatment.needlings.all():
        key = (needling.muscle, needling.side)
        if key in seen:
            continue
        seen.add(key)
        muscle = muscles.get(needling.muscle)
        name = muscle.name if muscle is not None else needling.muscle
        coding = {"system": MUSCLE_SYSTEM, "code": needling.muscle}
        if muscle is not None:
            coding["display"] = muscle.name
        side = SIDE_TEXT.get(needling.side)
        sites.append({"coding": [coding], "text": f"{name}, {side}" if side else name})
    return sites


def procedure_resource(treatment: Treatment, relative: bool = False) -> dict:
    """A signed dry-needling session. No SNOMED CT code: none confirmed for dry needling."""
    if not treatment.is_signed:
        raise ValueError("Only signed treatment notes are exported.")
    code: dict = {"text": "Dry needling"}
    if treatment.cpt_code:
        code["coding"] = [{"system": CPT, "code": treatment.cpt_code}]
    patient_id = treatment.episode.patient_id
    resource: dict[str, object] = {
        "resourceType": "Procedure",
        "id": fhir_id("Procedure", treatment.pk),
        "status": "completed",
        "code": code,
        "subject": reference("Patient", patient_id, relative),
        "performedDateTime": _when(treatment.performed_at),
        "performer": [{"actor": {"display": _person(treatment.clinician)}}],
        "reasonReference": [reference("Condition", treatment.episode_id, relative)],
    }
    if treatment.icd10_code:  # the diagnosis as it stood when the note was signed
        resource["reasonCode"] = [{"coding": [{"system": ICD10CM, "code": treatment.icd10_code}]}]
    sites = _body_sites(treatment)
    if sites:
        resource["bodySite"] = sites
    return resource


def _category(code: str, display: str) -> list[dict]:
    return [{"coding": [{"system": OBSERVATION_CATEGORY, "code": code, "display": display}]}]


def nprs_observations(treatment: Treatment, relative: bool = False) -> list[dict]:
    """Pain before and after needling (NPRS 0-10), part of the session's Procedure."""
    if not treatment.is_signed:
        raise ValueError("Only signed treatment notes are exported.")
    observations = []
    for when, value in (("before", treatment.pre_nprs), ("after", treatment.post_nprs)):
        if value is None:
            continue
        observations.append(
            {
                "resourceType": "Observation",
                "id": fhir_id("Observation", f"treatment-{treatment.pk}-nprs-{when}"),
                "status": "final",
                "category": _category("survey", "Survey"),
                "code": {
                    "coding": [{"system": LOINC, "code": NPRS_LOINC[0], "display": NPRS_LOINC[1]}],
                    "text": f"Pain (NPRS 0-10) {when} dry needling",
                },
                "subject": reference("Patient", treatment.episode.patient_id, relative),
                "effectiveDateTime": _when(treatment.performed_at),
                "partOf": [reference("Procedure", treatment.pk, relative)],
                "valueInteger": value,
                "note": [{"text": f"Reported {when} dry needling."}],
            }
        )
    return observations


def _instrument(instrument_id: str) -> instruments.Instrument | None:
    try:
        return instruments.lookup(instrument_id)
    except instruments.ScoringError:
        return None


def _answer_items(response: Response) -> list[dict]:
    """Items "item-N" in order; unanswered items are left out; "NA" stays a string; PSFS
    activities keep the patient's words as the item text."""
    items = []
    answers = response.answers if isinstance(response.answers, list) else []
    for number, answer in enumerate(answers, 1):
        text = ""
        if isinstance(answer, dict):  # PSFS entered on a form: {"activity": ..., "score": ...}
            text = str(answer.get("activity") or "").strip()
            answer = answer.get("score")
        if answer is None or answer == "":
            continue
        if isinstance(answer, bool):
            continue
        value: dict[str, object]
        if isinstance(answer, int):
            value = {"valueInteger": answer}
        elif isinstance(answer, float) and answer.is_integer():
            value = {"valueInteger": int(answer)}
        elif isinstance(answer, float):
            value = {"valueDecimal": answer}
        else:
            value = {"valueString": str(answer)}
        item: dict[str, object] = {"linkId": f"item-{number}"}
        if text:
            item["text"] = text
        item["answer"] = [value]
        items.append(item)
    return items


def questionnaire_response_resource(response: Response, relative: bool = False) -> dict:
    patient_id = response.episode.patient_id
    resource: dict[str, object] = {
        "resourceType": "QuestionnaireResponse",
        "id": fhir_id("QuestionnaireResponse", response.pk),
        "questionnaire": f"{QUESTIONNAIRE_BASE}/{response.instrument}",
        "status": "completed",
        "subject": reference("Patient", patient_id, relative),
        "authored": _when(response.collected_at),
    }
    if response.source == "home":  # answered by the patient through a home link
        resource["author"] = reference("Patient", patient_id, relative)
        resource["source"] = reference("Patient", patient_id, relative)
    elif response.entered_by_id:
        resource["author"] = {"display": _person(response.entered_by)}
    items = _answer_items(response)
    if items:
        resource["item"] = items
    return resource


def score_observation(response: Response, relative: bool = False) -> dict:
    """The questionnaire's score, derived from its QuestionnaireResponse."""
    instrument = _instrument(response.instrument)
    name = instrument.name if instrument is not None else response.instrument
    loinc = SCORE_LOINC.get(response.instrument)
    if loinc:
        coding = {"system": LOINC, "code": loinc[0], "display": loinc[1]}
    else:
        coding = {"system": SCORE_SYSTEM, "code": response.instrument, "display": f"{name} score"}
    resource: dict[str, object] = {
        "resourceType": "Observation",
        "id": fhir_id("Observation", f"response-{response.pk}"),
        "status": "final",
        "category": _category("survey", "Survey"),
        "code": {"coding": [coding], "text": f"{name} score"},
        "subject": reference("Patient", response.episode.patient_id, relative),
        "effectiveDateTime": _when(response.collected_at),
        "derivedFrom": [reference("QuestionnaireResponse", response.pk, relative)],
    }
    if response.instrument == "NPRS":
        resource["valueInteger"] = int(response.score)
        return resource
    resource["valueQuantity"] = _score_quantity(response.score)
    components = [
        {
            "code": {
                "coding": [
                    {
                        "system": SCORE_SYSTEM,
                        "code": f"{response.instrument}-percent",
                        "display": f"{name} score, percent of maximum",
                    }
                ]
            },
            "valueQuantity": {
                "value": _number(response.percent),
                "unit": "%",
                "system": UCUM,
                "code": "%",
            },
        }
    ]
    for key, value in sorted((response.subscores or {}).items()):
        components.append(
            {
                "code": {
                    "coding": [
                        {
                            "system": SCORE_SYSTEM,
                            "code": f"{response.instrument}-{key}",
                            "display": f"{name} {key} subscore",
                        }
                    ]
                },
                "valueQuantity": _score_quantity(value),
            }
        )
    resource["component"] = components
    return resource


def _score_quantity(value: Decimal | float | int) -> dict:
    return {"value": _number(value), "unit": "score", "system": UCUM, "code": "{score}"}


# The choice labels are marked for translation; an exchanged record keeps its English words
# whatever language the exporting page is shown in.
@translation.override("en")
def adverse_event_resource(event: AdverseEvent, relative: bool = False) -> dict:
    """An adverse event of a signed session; the Procedure is the suspect entity."""
    treatment = event.treatment
    if not treatment.is_signed:
        raise ValueError("Only signed treatment notes are exported.")
    resource: dict[str, object] = {
        "resourceType": "AdverseEvent",
        "id": fhir_id("AdverseEvent", event.pk),
        "text": _narrative(
            f"{event.get_kind_display()} ({event.get_severity_display()}), "
            f"onset: {event.get_onset_display().lower()}.",
            f"Action taken: {event.action}",
            f"Note: {event.note}" if event.note else "",
        ),
        "actuality": "actual",
        "event": {
            "coding": [
                {
                    "system": ADVERSE_EVENT_KIND_SYSTEM,
                    "code": event.kind,
                    "display": event.get_kind_display(),
                }
            ],
            "text": event.get_kind_display(),
        },
        "subject": reference("Patient", treatment.episode.patient_id, relative),
        "recordedDate": _when(event.created_at),
        "recorder": {"display": _person(treatment.clinician)},
        "suspectEntity": [{"instance": reference("Procedure", treatment.pk, relative)}],
    }
    if event.onset in ("during", "after"):  # it happened at the session
        resource["date"] = _when(treatment.performed_at)
    severity = SEVERITY_MAP.get(event.severity)
    if severity:
        resource["severity"] = {
            "coding": [{"system": AE_SEVERITY, "code": severity, "display": severity.title()}],
            "text": event.get_severity_display(),
        }
    return resource


def consent_resource(consent: Consent, relative: bool = False) -> dict:
    """A signed consent to treatment (dry needling), to one version of our consent text."""
    code, display = CONSENT_CATEGORY_LOINC
    patient = reference("Patient", consent.patient_id, relative)
    return {
        "resourceType": "Consent",
        "id": fhir_id("Consent", consent.pk),
        "text": _narrative(
            f"Consent to dry needling, text version {consent.text_version}, signed by "
            f"{consent.typed_name}; witnessed by {_person(consent.witnessed_by)}."
        ),
        "status": "active",
        "scope": {
            "coding": [{"system": CONSENT_SCOPE, "code": "treatment", "display": "Treatment"}]
        },
        "category": [
            {
                "coding": [{"system": LOINC, "code": code, "display": display}],
                "text": "Consent to dry needling",
            }
        ],
        "patient": patient,
        "dateTime": _when(consent.signed_at),
        "performer": [{**patient, "display": consent.typed_name}],
        # R4 invariant ppc-1 needs a policy or a policyRule: the consent text version.
        "policy": [{"uri": f"{CONSENT_TEXT_BASE}/v{consent.text_version}"}],
        "provision": {"type": "permit"},
    }


# ---------------------------------------------------------------------------------------------
# The patient's record as one Bundle


def patient_resources(patient: Patient) -> list[dict]:
    """Every exported resource of one patient, Patient first. Bundle references (urn:uuid)."""
    resources = [patient_resource(patient)]
    resources += [condition_resource(e) for e in patient.episodes.order_by("opened_on", "pk")]
    treatments = (
        Treatment.objects.filter(episode__patient=patient, status=Treatment.Status.SIGNED)
        .select_related("episode", "clinician")
        .prefetch_related("needlings")
        .order_by("performed_at", "pk")
    )
    for treatment in treatments:
        resources.append(procedure_resource(treatment))
        resources += nprs_observations(treatment)
    responses = (
        Response.objects.filter(episode__patient=patient)
        .select_related("episode", "entered_by")
        .order_by("collected_at", "pk")
    )
    for response in responses:
        resources.append(questionnaire_response_resource(response))
        resources.append(score_observation(response))
    events = (
        AdverseEvent.objects.filter(
            treatment__episode__patient=patient, treatment__status=Treatment.Status.SIGNED
        )
        .select_related("treatment__episode", "treatment__clinician")
        .order_by("created_at", "pk")
    )
    resources += [adverse_event_resource(e) for e in events]
    consents = patient.consents.select_related("witnessed_by").order_by("signed_at", "pk")
    resources += [consent_resource(c) for c in consents]
    return resources


def patient_bundle(patient: Patient) -> dict:
    """The `$everything` answer: a searchset Bundle whose references all resolve inside it."""
    resources = patient_resources(patient)
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "type": "searchset",
        "timestamp": _when(timezone.now()),
        "total": len(resources),
        "entry": [
            {
                "fullUrl": f"urn:uuid:{r['id']}",
                "resource": r,
                "search": {"mode": "match"},
            }
            for r in resources
        ],
    }
