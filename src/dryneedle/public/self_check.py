"""The public self-check "Could dry needling help me?": red flags, then the safety questions.

It is not a diagnosis: it tells a person whether anything they said means they should see a
doctor first, whether dry needling is probably not for them now, or what to tell the clinic.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from dryneedle.screening.rules import Outcome, evaluate, load_rules

RED_FLAGS_FILE = Path(__file__).with_name("data") / "red_flags.yaml"


@dataclass(frozen=True)
class RedFlag:
    id: str
    question: str
    advice: str
    urgent: bool
    sources: tuple[str, ...]


@cache
def load_red_flags() -> tuple[RedFlag, ...]:
    data = yaml.safe_load(RED_FLAGS_FILE.read_text(encoding="utf-8"))
    sources = data.get("sources") or {}
    flags = []
    for index, row in enumerate(data.get("red_flags") or []):
        missing = [s for s in row.get("sources") or [] if s not in sources]
        if not row.get("sources") or missing:
            raise ValueError(f"red_flags.yaml: red_flags[{index}]: field 'sources': {missing}")
        flags.append(
            RedFlag(
                id=row["id"],
                question=" ".join(row["question"].split()),
                advice=" ".join(row["advice"].split()),
                urgent=bool(row.get("urgent")),
                sources=tuple(" ".join(str(sources[s]).split()) for s in row["sources"]),
            )
        )
    if not flags:
        raise ValueError("red_flags.yaml: no red flags")
    return tuple(flags)


@dataclass(frozen=True)
class SelfCheckResult:
    verdict: str  # emergency | see_doctor | not_suitable | tell_clinic | no_reason_against
    red_flags: tuple[RedFlag, ...]
    outcome: Outcome

    def summary(self, condition_name: str = "", regions: tuple[str, ...] = ()) -> str:
        """Plain text for the clinic, attached to a booking request only if the person agrees."""
        lines = [f"Self-check result: {VERDICTS[self.verdict]}"]
        if condition_name:
            lines.append(f"Condition: {condition_name}")
        if regions:
            lines.append(f"Pain areas: {', '.join(regions)}")
        lines += [f"Red flag: {flag.question}" for flag in self.red_flags]
        lines += [f"Said yes to: {text}" for text in self.said_yes()]
        return "\n".join(lines)

    def said_yes(self, level: str | None = None) -> list[str]:
        """The safety questions (in patient wording) answered yes, optionally for one level."""
        questions = load_rules().questions
        rules = {rule.id: rule for rule in load_rules().rules}
        triggered = [t for t in self.outcome.triggered if level is None or t.level == level]
        texts = (questions[rules[t.rule].question].patient_text for t in triggered)
        return list(dict.fromkeys(texts))


VERDICTS = {
    "emergency": "needs urgent medical help first",
    "see_doctor": "should see a doctor first",
    "not_suitable": "dry needling is probably not suitable now",
    "tell_clinic": "may be an option; some answers to discuss with the clinic",
    "no_reason_against": "no answer rules dry needling out",
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
