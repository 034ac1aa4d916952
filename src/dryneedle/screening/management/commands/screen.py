"""`dryneedle screen`: evaluate safety-screen answers, or list the questions (JSON with --json)."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dryneedle.screening.rules import AnswerError, evaluate, load_rules

USAGE_ERROR = 2


class Command(BaseCommand):
    help = "Evaluate a safety screen from a JSON answers file, or list the questions."

    def add_arguments(self, parser: CommandParser) -> None:
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument("--answers-file", type=Path, help="JSON object: question id -> answer")
        what.add_argument("--questions", action="store_true", help="List the questions.")
        parser.add_argument("--json", action="store_true")

    def handle(
        self, *args: Any, answers_file: Path | None, questions: bool, **options: Any
    ) -> None:
        rules = load_rules()
        if questions:
            payload: dict[str, Any] = {
                "version": rules.version,
                "questions": [
                    {"id": q.id, "text": q.text, "patient_text": q.patient_text, "kind": q.kind}
                    for q in rules.questions.values()
                ],
            }
            if options["json"]:
                self.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False))
            else:
                for q in payload["questions"]:
                    self.stdout.write(f"{q['id']:<22} {q['kind']:<15} {q['text']}")
            return
        assert answers_file is not None  # one of the two options is required
        try:
            answers = json.loads(answers_file.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(
                f"Cannot read {answers_file}: {error.strerror}.", returncode=USAGE_ERROR
            ) from None
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{answers_file} is not valid JSON: {error}.", returncode=USAGE_ERROR
            ) from None
        if not isinstance(answers, dict):
            raise CommandError("The answers file must hold a JSON object.", returncode=USAGE_ERROR)
        try:
            outcome = evaluate(answers, rules)
        except AnswerError as error:
            raise CommandError(str(error), returncode=USAGE_ERROR) from None
        if options["json"]:
            self.stdout.write(json.dumps(outcome.as_dict(), indent=2, ensure_ascii=False))
            return
        self.stdout.write(f"Result: {outcome.result}")
        for t in outcome.triggered:
            regions = f" [{', '.join(t.regions)}]" if t.regions else ""
            self.stdout.write(f"  {t.level}: {t.rule}{regions} — {t.advice}")
