"""Atlas pages (muscles, trigger points, referral charts) and pain drawings per episode."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from dryneedle.atlas import bodychart, ranking
from dryneedle.atlas.loader import AREAS, load_atlas
from dryneedle.atlas.models import PainDrawing
from dryneedle.atlas.search import search_muscles
from dryneedle.clinics import audit
from dryneedle.clinics.access import requires
from dryneedle.clinics.roles import Capability
from dryneedle.clinics.tenancy import get_scoped_or_404
from dryneedle.patients.access import get_episode_for


@requires(Capability.CLINICAL_VIEW)
def atlas_index(request):
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
def muscle_detail(request, muscle_id: str):
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


def _ranking_context(marks_text: str, protocol_id: str = "") -> dict:
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
def rank_view(request):
    """Live ranking for a drawing (htmx partial), or the explore page without a patient."""
    marks_text = request.GET.get("marks", "")[:2000]
    context = _ranking_context(marks_text, request.GET.get("protocol", ""))
    if request.htmx:
        return render(request, "atlas/_ranking.html", context)
    return render(request, "atlas/explore.html", context)


@requires(Capability.CLINICAL_VIEW)
def pain_drawing(request, episode_pk: int):
    episode = get_episode_for(request, episode_pk)
    drawings = list(episode.pain_drawings.select_related("created_by"))
    shown = None
    if request.GET.get("drawing"):
        shown = get_scoped_or_404(
            PainDrawing, request.clinic, pk=request.GET["drawing"], episode=episode
        )
    marks_text = ",".join(shown.marks) if shown else request.GET.get("marks", "")[:2000]
    protocol = episode.protocol_entry
    audit.record(
        request, audit.Action.VIEW, patient=episode.patient, obj=episode, detail="pain drawing"
    )
    return render(
        request,
        "atlas/pain_drawing.html",
        {
            "episode": episode,
            "patient": episode.patient,
            "drawings": drawings,
            "shown": shown,
            "protocol": protocol,
            **_ranking_context(marks_text, protocol.id if protocol else ""),
        },
    )


@require_POST
@requires(Capability.CLINICAL_EDIT)
def pain_drawing_save(request, episode_pk: int):
    episode = get_episode_for(request, episode_pk)
    atlas = load_atlas()
    marks_text = request.POST.get("marks", "")[:2000]
    try:
        marks = ranking.parse_drawing(marks_text.split(","), atlas.regions)
    except ranking.DrawingError as error:
        messages.error(
            request,
            _("The drawing was not saved: %(error)s") % {"error": error.with_suggestions},
        )
        return redirect(_drawing_page(episode, marks=marks_text))
    if not marks:
        messages.error(request, _("Mark at least one painful region before saving."))
        return redirect("atlas:pain_drawing", episode_pk=episode.pk)
    with transaction.atomic():
        drawing = PainDrawing.record(
            episode=episode, marks=marks, note=request.POST.get("note", ""), by=request.user
        )
        audit.record(request, audit.Action.CREATE, patient=episode.patient, obj=drawing)
    messages.success(
        request,
        ngettext(
            "Pain drawing saved (%(count)d regions).",
            "Pain drawing saved (%(count)d regions).",
            len(marks),
        )
        % {"count": len(marks)},
    )
    return redirect(_drawing_page(episode, drawing=drawing.pk))


def _drawing_page(episode, **query) -> str:
    return f"{reverse('atlas:pain_drawing', args=[episode.pk])}?{urlencode(query)}"
