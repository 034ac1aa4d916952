"""The public self-check "Could dry needling help me?": red flags, then the safety questions.

It is not a diagnosis: it tells a person whether anything they said means they should see a
doctor first, whether dry needling is probably not for them now, or what to tell the clinic.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dryneedle.data_files import DataFile, DataFileError
from dryneedle.screening.rules import Outcome, evaluate, load_rules

RED_FLAGS_FILE = Path(__file__).with_name("data") / "red_flags.yaml"


@dataclass(frozen=True)
class RedFlag:
    id: str
    question: str
    advice: str
    urgent: bool
    sources: tuple[str, ...]


class RedFlagsError(DataFileError):
    """Bad red-flags file; the message says where (file, entry, field) and what is wrong."""


def load_red_flags_from(path: Path) -> tuple[RedFlag, ...]:
    """Load and check a red-flags file; raise RedFlagsError on the first problem."""
    where = DataFile(path, RedFlagsError)
    data = where.read()
    sources = where.citations(data, required=False)
    flags: dict[str, RedFlag] = {}
    for entry, row in where.entries(data, "red_flags", required=True):
        flag_id = where.identifier(entry, row, flags)
        flags[flag_id] = RedFlag(
            id=flag_id,
            question=where.text(entry, row, "question"),
            advice=where.text(entry, row, "advice"),
            urgent=bool(row.get("urgent")),
            sources=tuple(sources[s] for s in where.cited(entry, row, sources)),
        )
    return tuple(flags.values())


@cache
def load_red_flags() -> tuple[RedFlag, ...]:
    """The packaged red flags, loaded and checked once per process."""
    return load_red_flags_from(RED_FLAGS_FILE)


@dataclass(frozen=True)
class SelfCheckResult:
    verdict: str  # emergency | see_doctor | not_suitable | tell_clinic | no_reason_against
    red_flags: tuple[RedFlag, ...]
    outcome: Outcome

    def summary(self, condition_name: str = "", regions: tuple[str, ...] = ()) -> str:
        """Plain text for the clinic, attached to a booking request only if the person agrees."""
        lines = [_("Self-check result: %(verdict)s") % {"verdict": VERDICTS[self.verdict]}]
        if condition_name:
            lines.append(_("Condition: %(condition)s") % {"condition": condition_name})
        if regions:
            lines.append(_("Pain areas: %(regions)s") % {"regions": ", ".join(regions)})
        lines += [_("Red flag: %(question)s") % {"question": f.question} for f in self.red_flags]
        lines += [_("Said yes to: %(question)s") % {"question": text} for text in self.said_yes()]
        return "\n".join(lines)

    def said_yes(self, level: str | None = None) -> list[str]:
        """The safety questions (in patient wording) answered yes, optionally for one level."""
        questions = load_rules().questions
        rules = {rule.id: rule for rule in load_rules().rules}
        triggered = [t for t in self.outcome.triggered if level is None or t.level == level]
        texts = (questions[rules[t.rule].question].patient_text for t in triggered)
        return list(dict.fromkeys(texts))


VERDICTS = {
    "emergency": gettext_lazy("needs urgent medical help first"),
    "see_doctor": gettext_lazy("should see a doctor first"),
    "not_suitable": gettext_lazy("dry needling is probably not suitable now"),
    "tell_clinic": gettext_lazy("may be an option; some answers to discuss with the clinic"),
    "no_reason_against": gettext_lazy("no answer rules dry needling out"),
}


def assess(red_flag_answers: dict[str, bool], safety_answers: dict[str, bool]) -> SelfCheckResult:
    flags = tuple(f for f in load_red_flags() if red_flag_answers.get(f.id))
    outcome = evaluate(
        {q: "yes" if yes else "no" for q, yes in safety_answers.items()}, require_regions=False
    )
    if any(f.urgent for f in flags):
        verdict = "emergency"
    elif flags:
        verdict = "see_doctor"
    elif outcome.result == "contraindicated":
        verdict = "not_suitable"
    elif outcome.result == "precautions":
        verdict = "tell_clinic"
    else:
        verdict = "no_reason_against"
    return SelfCheckResult(verdict=verdict, red_flags=flags, outcome=outcome)
