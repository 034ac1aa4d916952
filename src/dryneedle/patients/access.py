"""The access helpers for patient data: scoped to the request's clinic, 404 otherwise."""

from dryneedle.clinics.tenancy import get_scoped_or_404
from dryneedle.patients.models import Episode, Patient


def get_patient_for(request, pk: int) -> Patient:
    return get_scoped_or_404(Patient, request.clinic, pk=pk)


def get_episode_for(request, pk: int) -> Episode:
    return get_scoped_or_404(Episode.objects.select_related("patient"), request.clinic, pk=pk)
