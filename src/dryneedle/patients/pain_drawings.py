"""Pain drawings per episode of care: draw, rank against the atlas, save."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from dryneedle.atlas import ranking
from dryneedle.atlas.loader import load_atlas
from dryneedle.atlas.views import ranking_context
from dryneedle.clinics import audit
from dryneedle.clinics.access import requires
from dryneedle.clinics.http import MemberRequest
from dryneedle.clinics.roles import Capability
from dryneedle.clinics.tenancy import get_scoped_or_404
from dryneedle.patients.access import get_episode_for
from dryneedle.patients.models import Episode, PainDrawing


@requires(Capability.CLINICAL_VIEW)
def pain_drawing(request: MemberRequest, episode_pk: int) -> HttpResponse:
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
        "patients/pain_drawing.html",
        {
            "episode": episode,
            "patient": episode.patient,
            "drawings": drawings,
            "shown": shown,
            "protocol": protocol,
            **ranking_context(marks_text, protocol.id if protocol else ""),
        },
    )


@require_POST
@requires(Capability.CLINICAL_EDIT)
def pain_drawing_save(request: MemberRequest, episode_pk: int) -> HttpResponse:
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
        return redirect("patients:pain_drawing", episode_pk=episode.pk)
    drawing = PainDrawing.record(
        episode=episode,
        marks=marks,
        note=request.POST.get("note", ""),
        by=audit.Actor.from_request(request),
    )
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


def _drawing_page(episode: Episode, **query: str | int) -> str:
    return f"{reverse('patients:pain_drawing', args=[episode.pk])}?{urlencode(query)}"
