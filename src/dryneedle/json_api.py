"""The JSON API: one NinjaAPI gathering each app's router, documented at /api/docs.

It sits at the top with urls.py: it imports every app's router; `dryneedle.api` holds the
toolkit those routers use (authentication, responses, pagination, the parser)."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError

from dryneedle.api.parameters import refuse_unknown_query_parameters
from dryneedle.api.parser import NulRefusingParser, unwrap_nul_characters
from dryneedle.api.security import ClinicSessionAuth
from dryneedle.atlas.api import router as atlas_router
from dryneedle.clinics.access import signed_in
from dryneedle.interop.api import router as fhir_router
from dryneedle.outcomes.api import episodes_router as outcome_episodes_router
from dryneedle.outcomes.api import router as outcomes_router
from dryneedle.patients.api import router as patients_router
from dryneedle.patients.pain_drawing_api import episodes_router as pain_drawings_router
from dryneedle.screening.api import episodes_router as screening_episodes_router
from dryneedle.screening.api import router as screening_router
from dryneedle.treatments.api import episodes_router as treatment_episodes_router
from dryneedle.treatments.api import router as treatments_router

api = NinjaAPI(
    title="dryneedle API",
    version="1",
    description="Clinic data for the signed-in clinic. Every call is scoped to that clinic "
    "and audited; unsafe methods need the CSRF token. Text holding NUL characters (U+0000), "
    "lone surrogates (\\ud800) or bytes that are not UTF-8 is refused with 422, and so is "
    "a query parameter the operation does not declare.",
    auth=ClinicSessionAuth(),
    urls_namespace="api",
    docs_decorator=signed_in,
    parser=NulRefusingParser(),
)

api.add_decorator(refuse_unknown_query_parameters, mode="view")


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    if refused := unwrap_nul_characters(error):
        return api.create_response(request, {"detail": refused.errors}, status=422)
    return api.create_response(request, {"detail": error.message}, status=error.status_code)


api.add_router("/patients", patients_router)
api.add_router("/atlas", atlas_router)
api.add_router("/episodes", pain_drawings_router)
api.add_router("/screening", screening_router)
api.add_router("/episodes", screening_episodes_router)
api.add_router("/treatments", treatments_router)
api.add_router("/episodes", treatment_episodes_router)
api.add_router("/outcomes", outcomes_router)
api.add_router("/episodes", outcome_episodes_router)
api.add_router("/fhir", fhir_router)
