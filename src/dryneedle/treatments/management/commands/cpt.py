"""`dryneedle cpt --needling MUSCLE[:L|R] …`: the dry-needling CPT code for a session.

The code (20560 / 20561) follows the number of distinct muscles; see treatments/coding.py.
"Report once per session, 1 unit" is standard guidance whose primary text is UNCONFIRMED, and
every output carries that note.
"""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dryneedle.atlas.loader import load_atlas
from dryneedle.treatments.coding import CodingError, code_session, parse_site

USAGE_ERROR = 2


class Command(BaseCommand):
    help = "The CPT code (20560 or 20561) for the muscles dry-needled in one session."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--needling",
            action="append",
            required=True,
            metavar="MUSCLE[:L|R]",
            help="A needled muscle by atlas id, optionally with its side, e.g. "
            "upper_trapezius:L. Repeat for each muscle and side.",
        )
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, needling: list[str], **options: Any) -> None:
        atlas = load_atlas()
        try:
            sites = [parse_site(text, atlas.muscles) for text in needling]
        except CodingError as error:
            raise CommandError(error.with_suggestions, returncode=USAGE_ERROR) from None
        coding = code_session(sites)
        if options["json"]:
            payload = {
                "cpt": coding.cpt,
                "muscles": list(coding.muscles),
                "count": coding.count,
                "note": coding.note,
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        names = ", ".join(atlas.muscles[m].name for m in coding.muscles)
        plural = "muscle" if coding.count == 1 else "muscles"
        self.stdout.write(f"CPT {coding.cpt} — {coding.count} {plural}: {names}")
        self.stdout.write(f"Note: {coding.note}")
