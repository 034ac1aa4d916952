"""`dryneedle score INSTRUMENT --answers 1,2,,4 [--json]`: score an outcome questionnaire.

Answers are the item scores in item order, comma-separated; an empty field is a missing item and
the FAAM subscales also take NA (not applicable). For the PSFS give the 3-5 activity scores.
The scoring rules, MCIDs and their sources are in outcomes/data/instruments.yaml; an MCID that
is unconfirmed is flagged, never presented as settled.
"""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dryneedle.outcomes import instruments, scoring

USAGE_ERROR = 2


def _number(value: float) -> int | float:
    """25.0 -> 25; 18.5 stays 18.5 (percent keeps its decimal point)."""
    return int(value) if float(value).is_integer() else value


class Command(BaseCommand):
    help = (
        "Score an outcome measure from its item answers: NPRS, PSFS, NDI, ODI, LEFS, PRTEE, "
        "VISA-A, FAAM-ADL or FAAM-Sports."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("instrument", help="Instrument id in any case, e.g. NDI or faam-adl.")
        parser.add_argument(
            "--answers",
            required=True,
            metavar="A,B,…",
            help="Item scores in item order, comma-separated; leave a field empty for a missing "
            "item (e.g. 1,2,,4); NA for not applicable (FAAM only). PSFS: the activity scores.",
        )
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, instrument: str, answers: str, **options: Any) -> None:
        try:
            result = scoring.score(instrument, scoring.parse_answers(instrument, answers))
        except scoring.ScoringError as error:
            raise CommandError(error.with_suggestions, returncode=USAGE_ERROR) from None
        known = instruments.instruments()[result.instrument]
        if options["json"]:
            payload: dict[str, object] = {
                "instrument": result.instrument,
                "score": _number(result.score),
                "max": _number(result.max),
                "percent": result.percent,
                "answered": result.answered,
                "mcid": None if result.mcid is None else _number(result.mcid),
                "higher_is_better": result.higher_is_better,
            }
            if known.mcid_unconfirmed:
                payload["mcid_unconfirmed"] = True
            if result.subscores:
                payload["subscores"] = {k: _number(v) for k, v in result.subscores.items()}
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        self.stdout.write(self._summary(known, result))
        self.stdout.write(self._mcid(known))

    def _summary(self, known: instruments.Instrument, result: scoring.Score) -> str:
        if known.items == 0:
            counted = f"{result.answered} activities"
        else:
            counted = f"{result.answered} of {known.items} items scored"
        parts = ", ".join(f"{name} {_number(value):g}" for name, value in result.subscores.items())
        detail = f" ({parts})" if parts else ""
        direction = "higher is better" if result.higher_is_better else "lower is better"
        return (
            f"{result.instrument} {_number(result.score):g}/{_number(result.max):g} "
            f"({result.percent:g}%){detail} — {counted}; {direction}."
        )

    def _mcid(self, known: instruments.Instrument) -> str:
        scale = "percentage points" if known.mcid_scale == "percent" else "points"
        if known.mcid is None:
            return "MCID: unconfirmed — no MCID verdict."
        if known.mcid_unconfirmed:
            return f"MCID: {known.mcid:g} {scale}, unconfirmed — no MCID verdict."
        return f"MCID: {known.mcid:g} {scale}."
