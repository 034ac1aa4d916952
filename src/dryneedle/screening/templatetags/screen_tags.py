"""What a stored screen means in words: each question's wording and the answer behind a rule."""

from dataclasses import dataclass

from django import template

from dryneedle.screening.rules import load_rules

register = template.Library()


@dataclass(frozen=True)
class Cause:
    question: str  # the question's wording (clinician's words)
    answer: str  # "yes" or "no", as answered
    regions: tuple[str, ...]  # regions named with the answer


def _answer(value: object) -> tuple[str, tuple[str, ...]]:
    if isinstance(value, dict):
        return str(value.get("answer", "")), tuple(value.get("regions") or ())
    if isinstance(value, bool):
        return ("yes" if value else "no"), ()
    return str(value), ()


@register.simple_tag
def screen_cause(triggered: dict, answers: dict | None) -> Cause | None:
    """The question and answer that fired a triggered rule of a stored screen."""
    question = load_rules().question_of(triggered.get("rule", ""))
    if question is None:
        return None
    answer, regions = _answer((answers or {}).get(question.id, ""))
    return Cause(question=question.text, answer=answer.lower(), regions=regions)


@register.filter
def question_wording(question_id: str) -> str:
    """A question's wording; a question gone from the rules reads as plain words."""
    question = load_rules().questions.get(question_id)
    return question.text if question else question_id.replace("_", " ").capitalize()


@register.filter
def answer_word(value: object) -> str:
    return _answer(value)[0]


@register.filter
def answer_regions(value: object) -> tuple[str, ...]:
    return _answer(value)[1]
