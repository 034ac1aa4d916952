"""Progress page of an episode, its chart images, and the PDF report."""

import zoneinfo

from csp.decorators import csp_exempt
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from dryneedle.clinics import audit
from dryneedle.clinics.access import requires
from dryneedle.clinics.http import MemberRequest
from dryneedle.clinics.roles import Capability
from dryneedle.patients.access import get_episode_for
from dryneedle.reports.progress import chart_for, episode_report


@requires(Capability.CLINICAL_VIEW)
def progress_page(request: MemberRequest, episode_pk: int) -> HttpResponse:
    episode = get_episode_for(request, episode_pk)
    report = episode_report(episode)
    charts = [
        {"name": name, "chart": chart_for(report, name)}
        for name in ("nprs", *report["instruments"])
    ]
    audit.record(
        request, audit.Action.VIEW, patient=episode.patient, obj=episode, detail="progress"
    )
    return render(request, "reports/progress.html", {**report, "charts": charts})


@csp_exempt()  # a standalone SVG image; matplotlib styles it with style attributes
@requires(Capability.CLINICAL_VIEW)
def chart(request: MemberRequest, episode_pk: int, chart_name: str) -> HttpResponse:
    episode = get_episode_for(request, episode_pk)
    found = chart_for(episode_report(episode), chart_name)
    if found is None:
        raise Http404("No such chart.")
    audit.record(
        request,
        audit.Action.VIEW,
        patient=episode.patient,
        obj=episode,
        detail=f"chart {chart_name}",
    )
    response = HttpResponse(found.svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


@requires(Capability.CLINICAL_VIEW)
def report_pdf(request: MemberRequest, episode_pk: int) -> HttpResponse:
    episode = get_episode_for(request, episode_pk)
    # WeasyPrint loads slowly: only when a PDF is asked for.
    from dryneedle.reports.pdf import report_pdf as build_pdf  # noqa: PLC0415

    pdf = build_pdf(episode, by=request.user)
    audit.record(
        request,
        audit.Action.DOWNLOAD,
        patient=episode.patient,
        obj=episode,
        detail="PDF report downloaded",
    )
    zone = zoneinfo.ZoneInfo(episode.patient.clinic.timezone)
    day = timezone.now().astimezone(zone).date().isoformat()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="progress-{episode.patient.record_number or episode.patient.pk}'
        f'-{day}.pdf"'
    )
    return response
