"""Access helpers for treatment notes: scoped to the request's clinic, 404 otherwise."""

from dryneedle.clinics import audit
from dryneedle.clinics.http import ClinicRequest
from dryneedle.clinics.tenancy import get_scoped_or_404
from dryneedle.treatments.models import Treatment


def get_treatment_for(request: ClinicRequest, pk: int) -> Treatment:
    treatment = get_scoped_or_404(
        Treatment.objects.select_related("episode__patient", "clinician"), request.clinic, pk=pk
    )
    audit.reached(request, treatment.episode.patient, treatment)  # audited if the view does not
    return treatment
