"""`dryneedle atlas regions|muscles|rank`: the atlas on the command line (JSON with --json)."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dryneedle.atlas import ranking
from dryneedle.atlas.loader import Atlas, load_atlas

USAGE_ERROR = 2


class Command(BaseCommand):
    help = "List body regions or muscles, or rank trigger points for a pain drawing."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        regions = sub.add_parser("regions", help="Body-chart region ids, labels and views.")
        regions.add_argument("--json", action="store_true")
        muscles = sub.add_parser("muscles", help="Muscles with their trigger points.")
        muscles.add_argument("--json", action="store_true")
        rank = sub.add_parser("rank", help="Rank trigger points for a pain drawing.")
        rank.add_argument(
            "--regions",
            required=True,
            help="Comma-separated region ids, each optionally with :L/:R and =weight, "
            "e.g. temple:L,occiput=2",
        )
        rank.add_argument("--limit", type=int, default=10)
        rank.add_argument("--json", action="store_true")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        atlas = load_atlas()
        payload = getattr(self, f"_{action}")(atlas, options)
        if options["json"]:
            self.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False))
        else:
            self._print(action, payload)

    def _regions(self, atlas: Atlas, options: dict[str, Any]) -> list[dict]:
        return [
            {"id": r.id, "label": r.label, "view": r.view, "paired": r.paired}
            for r in atlas.regions.values()
        ]

    def _muscles(self, atlas: Atlas, options: dict[str, Any]) -> list[dict]:
        return [
            {
                "id": m.id,
                "name": m.name,
                "area": m.area,
                "innervation": m.innervation,
                "hazards": [
                    {"structure": h.structure, "caution": h.caution, "note": h.note}
                    for h in m.hazards
                ],
                "trigger_points": [
                    {
                        "id": tp.id,
                        "name": tp.name,
                        "location": tp.location,
                        "essential": sorted(tp.essential),
                        "spillover": sorted(tp.spillover),
                        "unconfirmed": tp.unconfirmed,
                    }
                    for tp in m.trigger_points
                ],
            }
            for m in atlas.muscles.values()
        ]

    def _rank(self, atlas: Atlas, options: dict[str, Any]) -> dict:
        if options["limit"] < 1:
            raise CommandError("--limit must be at least 1.", returncode=USAGE_ERROR)
        try:
            marks = ranking.parse_drawing(options["regions"].split(","), atlas.regions)
        except ranking.DrawingError as error:
            raise CommandError(error.with_suggestions, returncode=USAGE_ERROR) from None
        if not marks:
            raise CommandError("Give at least one region with --regions.", returncode=USAGE_ERROR)
        results = ranking.rank(
            marks, ranking.prepared(atlas), atlas.regions, limit=options["limit"]
        )
        return {"results": [ranking.result_dict(r, atlas.muscles) for r in results]}

    def _print(self, action: str, payload: Any) -> None:  # noqa: ANN401 (JSON-shaped, per action)
        if action == "regions":
            for r in payload:
                self.stdout.write(f"{r['id']:<20} {r['view']:<6} {r['label']}")
        elif action == "muscles":
            for m in payload:
                self.stdout.write(f"{m['id']:<34} {m['area']:<9} {m['name']}")
        else:
            for n, r in enumerate(payload["results"], 1):
                side = f" ({r['side']})" if r["side"] else ""
                self.stdout.write(
                    f"{n:>2}. {r['score']:.3f}  {r['muscle_name']}{side} — {r['trigger_point']}"
                )
                self.stdout.write(f"      explains: {', '.join(r['explained'])}")
                if r["unexplained"]:
                    self.stdout.write(f"      leaves unexplained: {', '.join(r['unexplained'])}")
