"""Atlas pages: muscles, trigger points, referral charts, and the ranking of a drawing."""

from django.http import Http404, HttpResponse
from django.shortcuts import render

from dryneedle.atlas import bodychart, ranking
from dryneedle.atlas.loader import AREAS, load_atlas
from dryneedle.atlas.search import search_muscles
from dryneedle.clinics.access import requires
from dryneedle.clinics.http import MemberRequest
from dryneedle.clinics.roles import Capability


@requires(Capability.CLINICAL_VIEW)
def atlas_index(request: MemberRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:80]
    area = request.GET.get("area", "")
    muscles = search_muscles(load_atlas(), query, area if area in AREAS else "")
    by_area = {a: [m for m in muscles if m.area == a] for a in AREAS}
    context = {
        "query": query,
        "area": area,
        "areas": AREAS,
        "groups": [(a, ms) for a, ms in by_area.items() if ms],
        "count": len(muscles),
        "atlas": load_atlas(),
    }
    template = "atlas/_muscle_results.html" if request.htmx else "atlas/index.html"
    return render(request, template, context)


@requires(Capability.CLINICAL_VIEW)
def muscle_detail(request: MemberRequest, muscle_id: str) -> HttpResponse:
    atlas = load_atlas()
    muscle = atlas.muscles.get(muscle_id)
    if muscle is None:
        raise Http404("No such muscle in the atlas.")
    points = [
        {
            "point": point,
            "states": bodychart.referral_states([point]),
            "essential": sorted(bodychart.region_label(r) for r in point.essential),
            "spillover": sorted(bodychart.region_label(r) for r in point.spillover),
        }
        for point in muscle.trigger_points
    ]
    protocols = [p for p in atlas.protocols.values() if muscle.id in p.muscles]
    return render(
        request,
        "atlas/muscle.html",
        {"muscle": muscle, "points": points, "protocols": protocols},
    )


def ranking_context(marks_text: str, protocol_id: str = "") -> dict:
    """The ranked trigger points of a drawing, ready for the atlas/_ranking.html partial."""
    atlas = load_atlas()
    context: dict = {"marks_text": marks_text, "results": [], "error": None, "marks": []}
    try:
        marks = ranking.parse_drawing(marks_text.split(","), atlas.regions)
    except ranking.DrawingError as error:
        context["error"] = error.with_suggestions
        return context
    results = ranking.rank(marks, ranking.prepared(atlas), atlas.regions, limit=10)
    protocol = atlas.protocols.get(protocol_id)
    explained_anywhere = {key for r in results for key in r.explained}
    context.update(
        marks=[
            {"key": m.key, "label": bodychart.region_label(m.key), "weight": m.weight}
            for m in marks
        ],
        results=[
            {
                "result": r,
                "muscle": atlas.muscles[r.muscle],
                "point": atlas.trigger_points[r.trigger_point],
                "percent": round(r.score * 100),
                "bar": f"w{int(r.score * 10) * 10}",  # width class: no inline styles (CSP)
                "explained": [bodychart.region_label(k) for k in r.explained],
                "unexplained": [bodychart.region_label(k) for k in r.unexplained],
                "in_protocol": bool(protocol and r.muscle in protocol.muscles),
            }
            for r in results
        ],
        unexplained_by_all=[
            bodychart.region_label(m.key) for m in marks if m.key not in explained_anywhere
        ],
    )
    return context


@requires(Capability.CLINICAL_VIEW)
def rank_view(request: MemberRequest) -> HttpResponse:
    """Live ranking for a drawing (htmx partial), or the explore page without a patient."""
    marks_text = request.GET.get("marks", "")[:2000]
    context = ranking_context(marks_text, request.GET.get("protocol", ""))
    if request.htmx:
        return render(request, "atlas/_ranking.html", context)
    return render(request, "atlas/explore.html", context)
