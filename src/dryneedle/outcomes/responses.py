"""Recording a questionnaire response, entered in the clinic or answered at home from a link.

Every response is built by `Response.from_score` and saved here, in one transaction with its
audit row (and, from home, with the link's use), so a response is never stored unlogged.
"""

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dryneedle.clinics import audit
from dryneedle.outcomes.links import LinkRefused
from dryneedle.outcomes.models import HomeLink, Response
from dryneedle.outcomes.scoring import Score
from dryneedle.patients.models import Episode


def record_in_clinic(
    episode: Episode,
    result: Score,
    answers: list,
    by: audit.Actor | audit.User,
    *,
    activities: Sequence[str] = (),
) -> Response:
    """Store a questionnaire entered by a member of staff (`by`)."""
    actor = audit.as_actor(by)
    response = Response.from_score(
        episode,
        result,
        answers,
        source=Response.Source.CLINIC,
        entered_by=actor.user,
        activities=activities,
    )
    with transaction.atomic():
        response.save()
        audit.write(actor, audit.Action.CREATE, patient=episode.patient, obj=response)
    return response


def record_from_home(
    link: HomeLink,
    result: Score,
    answers: list,
    actor: audit.Actor,
    *,
    activities: Sequence[str] = (),
) -> Response:
    """Store the answers a patient sent from a home link, and spend the link: once only,
    even when the same link is posted twice at the same moment (LinkRefused)."""
    episode = link.episode
    patient = episode.patient
    with transaction.atomic():
        locked = HomeLink.objects.select_for_update().get(pk=link.pk)
        if locked.used_at is not None:
            raise LinkRefused(
                _("This questionnaire has already been answered. Thank you!"), patient
            )
        response = Response.from_score(
            episode, result, answers, source=Response.Source.HOME, activities=activities
        )
        response.save()
        locked.used_at = timezone.now()
        locked.save(update_fields=["used_at"])
        audit.write(
            actor,
            audit.Action.TOKEN_USED,
            patient=patient,
            obj=response,
            clinic=patient.clinic,
            detail=f"home {result.instrument}",
        )
    return response
