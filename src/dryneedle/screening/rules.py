"""Safety screening before dry needling: load the rules file and evaluate a patient's answers.

Pure Python (no Django). `data/rules.yaml` is the single source of truth for the questions and
for what each answer means; anything in it that does not validate is refused with a
`RulesError` naming the file, the entry and the field. Answers that cannot be evaluated safely
(unknown, missing or malformed) are refused with an `AnswerError` naming the question: a screen
is never scored on partial data.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from dryneedle.atlas.loader import Region, load_atlas, site_key
from dryneedle.data_files import DataFile, DataFileError

DATA_FILE = Path(__file__).with_name("data") / "rules.yaml"

KINDS = ("yes_no", "yes_no_regions")
LEVELS = ("contraindicated", "avoid_region", "precaution")
RESULTS = ("clear", "precautions", "contraindicated")  # least to most severe
SIDES = ("L", "R")
_YES = {"yes", "y"}
_NO = {"no", "n"}
_TOP_FIELDS = {"version", "sources", "questions", "rules"}
_QUESTION_FIELDS = {"id", "text", "patient_text", "kind", "help"}
_RULE_FIELDS = {"id", "question", "level", "advice", "regions", "sources"}
_ANSWER_FIELDS = {"answer", "regions"}


class RulesError(DataFileError):
    """Bad rules data; the message says where (file, entry, field) and what is wrong."""


class AnswerError(ValueError):
    """Answers that cannot be evaluated; the message names the question and the problem."""

    def __init__(self, question: str, problem: str) -> None:
        super().__init__(f"{question}: {problem}")
        self.question = question


@dataclass(frozen=True)
class Question:
    id: str
    text: str  # clinician wording
    patient_text: str  # plain words, second person
    kind: str
    help: str = ""


@dataclass(frozen=True)
class Rule:
    id: str
    question: str
    level: str
    advice: str
    regions: tuple[str, ...]
    sources: tuple[str, ...]  # citation texts


@dataclass(frozen=True)
class Triggered:
    rule: str
    level: str
    advice: str
    regions: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    result: str  # one of RESULTS
    triggered: tuple[Triggered, ...]

    def avoid_regions(self) -> frozenset[str]:
        """Region keys ("lower_abdomen", "anterior_arm:L") that must not be needled."""
        return frozenset(r for t in self.triggered if t.level == "avoid_region" for r in t.regions)

    def as_dict(self) -> dict:
        return {
            "result": self.result,
            "triggered": [
                {"rule": t.rule, "level": t.level, "advice": t.advice, "regions": list(t.regions)}
                for t in self.triggered
            ],
        }


@dataclass(frozen=True)
class RuleSet:
    version: int
    questions: dict[str, Question]  # in file order
    rules: tuple[Rule, ...]  # in file order

    def question_of(self, rule_id: str) -> Question | None:
        """The question whose answer fires the rule (None for a rule no longer in the file)."""
        for rule in self.rules:
            if rule.id == rule_id:
                return self.questions[rule.question]
        return None


# --- body regions ---------------------------------------------------------------------------


def _region_key(raw: object, regions: Mapping[str, Region]) -> str:
    """The stored key for "id", "id:L" or "id:R", or ValueError saying what is wrong."""
    if not isinstance(raw, str) or not raw.strip():
        raise ValueError(f"{raw!r} is not a region id")
    region_id, colon, side = raw.strip().partition(":")
    region_id, side = region_id.strip(), side.strip().upper()
    if region_id not in regions:
        raise ValueError(f"unknown region {region_id!r}")
    if not colon:
        return region_id
    if side not in SIDES:
        raise ValueError(f"{raw!r}: the side must be L or R")
    if not regions[region_id].paired:
        raise ValueError(f"{raw!r}: {region_id} is on the midline and has no side")
    return site_key(region_id, side)


# --- loading --------------------------------------------------------------------------------


def _load_questions(where: DataFile, data: dict) -> dict[str, Question]:
    questions: dict[str, Question] = {}
    for entry, row in where.entries(data, "questions", required=True, fields=_QUESTION_FIELDS):
        question_id = where.identifier(entry, row, questions)
        questions[question_id] = Question(
            id=question_id,
            text=where.text(entry, row, "text"),
            patient_text=where.text(entry, row, "patient_text"),
            kind=where.choice(entry, row.get("kind"), "kind", KINDS),
            help=where.text(entry, row, "help", required=False),
        )
    return questions


def _fixed_regions(
    where: DataFile, entry: str, row: dict, regions: Mapping[str, Region]
) -> list[str]:
    raw_regions = row.get("regions") or []
    if not isinstance(raw_regions, list):
        raise where.error(entry, "regions", "expected a list of region ids")
    fixed = []
    for raw in raw_regions:
        try:
            fixed.append(_region_key(raw, regions))
        except ValueError as error:
            raise where.error(entry, "regions", str(error)) from None
    return fixed


def _load_rules(
    where: DataFile,
    data: dict,
    questions: dict[str, Question],
    sources: dict[str, str],
    regions: Mapping[str, Region],
) -> tuple[Rule, ...]:
    rules: dict[str, Rule] = {}
    for entry, row in where.entries(data, "rules", required=True, fields=_RULE_FIELDS):
        rule_id = where.identifier(entry, row, rules)
        question_id = row.get("question")
        if question_id not in questions:
            raise where.error(entry, "question", f"unknown question {question_id!r}")
        assert isinstance(question_id, str)  # a key of `questions`
        level = where.choice(entry, row.get("level"), "level", LEVELS)
        fixed = _fixed_regions(where, entry, row, regions)
        if level == "contraindicated" and fixed:
            raise where.error(entry, "regions", "a contraindicated rule stops all needling")
        asks_regions = questions[question_id].kind == "yes_no_regions"
        if level == "avoid_region" and not fixed and not asks_regions:
            raise where.error(
                entry, "regions", "an avoid_region rule needs regions or a yes_no_regions question"
            )
        cited = where.cited(entry, row, sources)
        rules[rule_id] = Rule(
            id=rule_id,
            question=question_id,
            level=level,
            advice=where.text(entry, row, "advice"),
            regions=tuple(sorted(set(fixed))),
            sources=tuple(sources[c] for c in cited),
        )
    asked = {rule.question for rule in rules.values()}
    for index, question_id in enumerate(questions):
        if question_id not in asked:
            raise where.error(f"questions[{index}] ({question_id})", "id", "no rule uses it")
    return tuple(rules.values())


def load_rules_from(path: Path, regions: Mapping[str, Region] | None = None) -> RuleSet:
    """Load and check one rules file against the atlas body regions (or `regions`); raise
    RulesError on the first problem."""
    where = DataFile(path, RulesError)
    data = where.read()
    where.no_unknown_fields("top level", data, _TOP_FIELDS)
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise where.error("top level", "version", "expected a whole number of 1 or more")
    sources = where.citations(data)
    questions = _load_questions(where, data)
    if regions is None:
        regions = load_atlas().regions
    rules = _load_rules(where, data, questions, sources, regions)
    return RuleSet(version=version, questions=questions, rules=rules)


@cache
def load_rules() -> RuleSet:
    """The packaged rules, loaded and checked once per process."""
    return load_rules_from(DATA_FILE)


# --- evaluating -----------------------------------------------------------------------------


def _yes_no(question_id: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _YES:
            return True
        if word in _NO:
            return False
    raise AnswerError(question_id, f"expected yes or no, got {value!r}")


def _answered_regions(
    question_id: str, value: object, require_regions: bool = True
) -> tuple[str, ...] | None:
    """The regions named by a yes, () for a no, None for a yes whose regions are not given."""
    if not isinstance(value, Mapping):
        if _yes_no(question_id, value):
            if require_regions:
                raise AnswerError(question_id, "answered yes: say which regions")
            return None
        return ()
    unknown = sorted(str(k) for k in value if k not in _ANSWER_FIELDS)
    if unknown:
        raise AnswerError(question_id, f"unexpected field(s) {unknown}; use 'answer' and 'regions'")
    if "answer" not in value:
        raise AnswerError(question_id, "missing 'answer' (yes or no)")
    yes = _yes_no(question_id, value["answer"])
    raw = value.get("regions") or []
    if isinstance(raw, str) or not isinstance(raw, list | tuple):
        raise AnswerError(question_id, f"'regions' must be a list of region ids, got {raw!r}")
    if not yes:
        if raw:
            raise AnswerError(question_id, "answered no but named regions")
        return ()
    if not raw:
        raise AnswerError(question_id, "answered yes: say which regions")
    regions = load_atlas().regions
    keys = set()
    for item in raw:
        try:
            keys.add(_region_key(item, regions))
        except ValueError as error:
            raise AnswerError(question_id, str(error)) from None
    return tuple(sorted(keys))


def evaluate(
    answers: Mapping[str, object], rules: RuleSet | None = None, *, require_regions: bool = True
) -> Outcome:
    """Apply the rules to a complete set of answers (question id -> answer).

    Every question must be answered: a yes_no question with yes/no (or True/False, y/n), a
    yes_no_regions question with "no" or {"answer": "yes", "regions": ["anterior_arm:L", ...]}.
    With require_regions=False (the public self-check), a plain "yes" is accepted there too:
    the rule triggers with no regions named, to be located at the clinic.
    """
    ruleset = rules if rules is not None else load_rules()
    if not isinstance(answers, Mapping):
        raise TypeError("answers must be a mapping of question id to answer")
    for key in answers:
        if key not in ruleset.questions:
            raise AnswerError(str(key), "no such question")

    yes: dict[str, tuple[str, ...]] = {}  # question id -> regions answered, for each yes
    for question in ruleset.questions.values():
        if question.id not in answers or answers[question.id] is None:
            raise AnswerError(question.id, "not answered")
        value = answers[question.id]
        if question.kind == "yes_no_regions":
            regions = _answered_regions(question.id, value, require_regions)
            if regions is None:
                yes[question.id] = ()
            elif regions:
                yes[question.id] = regions
        elif _yes_no(question.id, value):
            yes[question.id] = ()

    triggered = tuple(
        Triggered(
            rule=rule.id,
            level=rule.level,
            advice=rule.advice,
            regions=tuple(sorted(set(rule.regions) | set(yes[rule.question]))),
        )
        for rule in ruleset.rules
        if rule.question in yes
    )
    levels = {t.level for t in triggered}
    if "contraindicated" in levels:
        result = "contraindicated"
    elif levels:
        result = "precautions"
    else:
        result = "clear"
    return Outcome(result=result, triggered=triggered)
