"""Create what a fault test needs in the fault cluster: a clinic, a clinician who can sign
in, and a patient whose episode is screened (clear) and consented, so needling may start.
Run as a script with DATABASE_URL set; prints the ids as JSON."""

import datetime
import json
import sys
from decimal import Decimal
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository: benchmarks/
django.setup()

from benchmarks.clinic_data import ready_episode  # noqa: E402
from dryneedle.clinics.models import Clinic, Membership, User  # noqa: E402
from dryneedle.patients.models import Patient  # noqa: E402
from dryneedle.treatments.models import StockedNeedle  # noqa: E402

EMAIL, PASSWORD = "faults@clinic.test", "fault-tests-password"

clinic = Clinic.objects.create(name="Fault Clinic", slug="faults")
clinician = User.objects.create_user(EMAIL, PASSWORD, full_name="Fay Ult")
Membership.objects.create(user=clinician, clinic=clinic, role="clinician")
patient = Patient.objects.create(
    clinic=clinic, given_name="Pat", family_name="Ient", date_of_birth=datetime.date(1980, 1, 1)
)
episode = ready_episode(patient, clinician)
needle = StockedNeedle.objects.create(clinic=clinic, diameter_mm=Decimal("0.25"), length_mm=40)
print(
    json.dumps({"episode": episode.pk, "needle": needle.pk, "email": EMAIL, "password": PASSWORD})
)
