"""Create what a fault test needs in the fault cluster: a clinic, a clinician who can sign
in, and a patient whose episode is screened (clear) and consented, so needling may start.
Run as a script with DATABASE_URL set; prints the ids as JSON."""

import datetime
import json
from decimal import Decimal

import django

django.setup()

from dryneedle.clinics.models import Clinic, Membership, User  # noqa: E402
from dryneedle.patients.models import Episode, Patient  # noqa: E402
from dryneedle.screening.consent import current_consent_text  # noqa: E402
from dryneedle.screening.models import Consent, Screening  # noqa: E402
from dryneedle.screening.rules import evaluate, load_rules  # noqa: E402
from dryneedle.treatments.models import StockedNeedle  # noqa: E402

EMAIL, PASSWORD = "faults@clinic.test", "fault-tests-password"

clinic = Clinic.objects.create(name="Fault Clinic", slug="faults")
clinician = User.objects.create_user(EMAIL, PASSWORD, full_name="Fay Ult")
Membership.objects.create(user=clinician, clinic=clinic, role="clinician")
patient = Patient.objects.create(
    clinic=clinic, given_name="Pat", family_name="Ient", date_of_birth=datetime.date(1980, 1, 1)
)
episode = Episode.objects.create(patient=patient, icd10_code="M54.2", created_by=clinician)
rules = load_rules()
answers = {question: "no" for question in rules.questions}
outcome = evaluate(answers)
Screening.objects.create(
    patient=patient,
    episode=episode,
    answers=answers,
    result=outcome.result,
    triggered=outcome.as_dict()["triggered"],
    rules_version=rules.version,
    completed_by=clinician,
)
Consent.objects.create(
    patient=patient,
    text_version=current_consent_text().version,
    typed_name=patient.full_name,
    signature="M10 10 L50 50",
    witnessed_by=clinician,
)
needle = StockedNeedle.objects.create(clinic=clinic, diameter_mm=Decimal("0.25"), length_mm=40)
print(
    json.dumps({"episode": episode.pk, "needle": needle.pk, "email": EMAIL, "password": PASSWORD})
)
