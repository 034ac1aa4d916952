"""Recording a safety screen and a signed consent, each with its audit row in one transaction."""

from django.db import transaction

from dryneedle.clinics import audit
from dryneedle.patients.models import Episode, Patient
from dryneedle.screening.consent import ConsentText
from dryneedle.screening.models import Consent, Screening
from dryneedle.screening.rules import Outcome


def record_screening(
    episode: Episode,
    answers: dict,
    outcome: Outcome,
    rules_version: int,
    by: audit.Actor | audit.User,
    *,
    source: str = Screening.Source.CLINICIAN,
) -> Screening:
    """Store a screen of `episode`: the answers, and the `outcome` the rules (of
    `rules_version`) gave them. `source` says whose wording was shown (clinician or patient)."""
    actor = audit.as_actor(by)
    with transaction.atomic():
        screening = Screening.objects.create(
            patient=episode.patient,
            episode=episode,
            answers=answers,
            result=outcome.result,
            triggered=outcome.as_dict()["triggered"],
            rules_version=rules_version,
            source=source,
            completed_by=actor.user,
        )
        audit.write(actor, audit.Action.CREATE, patient=episode.patient, obj=screening)
    return screening


def record_consent(
    patient: Patient,
    text: ConsentText,
    typed_name: str,
    signature: str,
    by: audit.Actor | audit.User,
) -> Consent:
    """Store the patient's signature of consent `text`, witnessed by the acting member."""
    actor = audit.as_actor(by)
    with transaction.atomic():
        consent = Consent.objects.create(
            patient=patient,
            text_version=text.version,
            typed_name=typed_name,
            signature=signature,
            witnessed_by=actor.user,  # type: ignore[misc]  # a member acts; the column refuses None
        )
        audit.write(actor, audit.Action.CREATE, patient=patient, obj=consent)
    return consent
