"""The access helpers for patient data: scoped to the request's clinic, 404 otherwise.

Each records on the request that it reached the patient's record, so the request is audited
even on a path that writes no audit row itself (clinics.audit.record_unrecorded)."""

from dryneedle.clinics import audit
from dryneedle.clinics.http import ClinicRequest
from dryneedle.clinics.tenancy import get_scoped_or_404
from dryneedle.patients.models import Episode, Patient


def get_patient_for(request: ClinicRequest, pk: int) -> Patient:
    patient = get_scoped_or_404(Patient, request.clinic, pk=pk)
    audit.reached(request, patient, patient)
    return patient


def get_episode_for(request: ClinicRequest, pk: int) -> Episode:
    episode = get_scoped_or_404(Episode.objects.select_related("patient"), request.clinic, pk=pk)
    audit.reached(request, episode.patient, episode)
    return episode
