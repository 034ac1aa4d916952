"""Everything the progress page and the PDF report show for one episode."""

from collections import Counter
from typing import TYPE_CHECKING

from django.db.models import Prefetch

from dryneedle.atlas.bodychart import region_label
from dryneedle.atlas.loader import load_atlas
from dryneedle.outcomes.progress import episode_progress
from dryneedle.patients.models import Episode

if TYPE_CHECKING:
    from dryneedle.reports.charts import Chart

CHARTS = ("nprs",)  # plus one per instrument id


def episode_report(episode: Episode) -> dict:
    atlas = load_atlas()
    treatments = list(
        episode.treatments.filter(status="signed")
        .select_related("clinician", "checkin")
        # Lists, not managers: a manager prefetch builds a queryset per treatment.
        .prefetch_related(
            Prefetch("needlings", to_attr="report_needlings"),
            Prefetch("adverse_events", to_attr="report_adverse_events"),
        )
        .order_by("performed_at")
    )
    sessions = []
    site_counts: Counter = Counter()
    for t in treatments:
        muscles = []
        for n in t.report_needlings:
            muscle = atlas.muscles.get(n.muscle)
            muscles.append(f"{n.get_side_display()} {muscle.name.lower() if muscle else n.muscle}")
            site_counts.update(atlas.needled_sites(n.muscle, n.side))
        checkin = getattr(t, "checkin", None)
        sessions.append({"treatment": t, "muscles": muscles, "checkin": checkin})
    ordered_responses = list(episode.responses.order_by("collected_at", "id"))
    responses: dict[str, list] = {}
    for r in ordered_responses:
        responses.setdefault(r.instrument, []).append(r)
    adverse = [(t, e) for t in treatments for e in t.report_adverse_events]
    return {
        "episode": episode,
        "patient": episode.patient,
        "clinic": episode.patient.clinic,
        "sessions": sessions,
        "progress": episode_progress(episode, ordered_responses, treatments),
        "instruments": sorted(responses),
        "responses": responses,
        "adverse": adverse,
        "needled_states": {key: "needled" for key in site_counts},
        "needled_counts": sorted(
            ((region_label(k), c) for k, c in site_counts.items()), key=lambda x: (-x[1], x[0])
        ),
        "treatments": treatments,
    }


def chart_for(report: dict, name: str) -> "Chart | None":
    """The chart called `name` (nprs or an instrument id), or None."""
    # matplotlib loads slowly: only when drawing.
    from dryneedle.reports import charts  # noqa: PLC0415

    if name == "nprs":
        return charts.nprs_chart(report["treatments"])
    if name in report["responses"]:
        return charts.instrument_chart(name, report["responses"][name])
    return None
