import pytest

from dryneedle.screening.consent import current_consent_text
from dryneedle.screening.models import Consent, Screening
from dryneedle.screening.rules import evaluate, load_rules


def all_no(**overrides) -> dict:
    answers = {q: "no" for q in load_rules().questions}
    answers.update(overrides)
    return answers


@pytest.fixture
def make_screening(clinician):
    def make(episode, **overrides):
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

    return make


@pytest.fixture
def make_consent(clinician):
    def make(patient, version=None):
        return Consent.objects.create(
            patient=patient,
            text_version=current_consent_text().version if version is None else version,
            typed_name=patient.full_name,
            signature="M10 10 L50 50",
            witnessed_by=clinician,
        )

    return make
