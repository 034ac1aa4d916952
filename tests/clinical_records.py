"""Clinical records that tests build again and again: a safety screen, a signed consent, and a
draft note filled so that it can be signed. Plain functions, used by the fixtures of
tests/conftest.py and tests/e2e/conftest.py and by browser tests that set up a demo episode."""

from dryneedle.screening.consent import current_consent_text
from dryneedle.screening.models import Consent, Screening
from dryneedle.screening.rules import evaluate, load_rules
from dryneedle.treatments.models import Needling, StockedNeedle, Treatment


def all_no(**overrides) -> dict:
    """Every screening question answered "no", but for `overrides`."""
    answers = {q: "no" for q in load_rules().questions}
    answers.update(overrides)
    return answers


def screen(episode, clinician, **overrides) -> Screening:
    """A safety screen of `episode` by `clinician`: all "no" but for `overrides`."""
    answers = all_no(**overrides)
    outcome = evaluate(answers)
    return Screening.objects.create(
        patient=episode.patient,
        episode=episode,
        answers=answers,
        result=outcome.result,
        triggered=outcome.as_dict()["triggered"],
        rules_version=load_rules().version,
        completed_by=clinician,
    )


def consent(patient, clinician, version=None) -> Consent:
    """The patient's signed consent (the current text unless `version`), witnessed by
    `clinician`."""
    return Consent.objects.create(
        patient=patient,
        text_version=current_consent_text().version if version is None else version,
        typed_name=patient.full_name,
        signature="M10 10 L50 50",
        witnessed_by=clinician,
    )


def fill_for_signing(draft: Treatment, needle: StockedNeedle, **soap: str) -> Treatment:
    """`draft` with everything signing needs: two muscles, NPRS, needle count, SOAP."""
    for muscle in ("upper_trapezius", "levator_scapulae"):
        Needling.objects.create(
            treatment=draft,
            muscle=muscle,
            side="L",
            needle=needle,
            technique="pistoning",
            passes=3,
            twitch="few",
        )
    Treatment.objects.filter(pk=draft.pk).update(
        pre_nprs=7,
        post_nprs=4,
        needles_opened=4,
        needles_removed=4,
        needles_discarded=0,
        **{
            "subjective": "Neck pain.",
            "objective": "See entries.",
            "assessment": "Better.",
            "plan": "Review.",
            **soap,
        },
    )
    draft.refresh_from_db()
    return draft
