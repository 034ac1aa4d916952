"""The PDF progress report, rendered by WeasyPrint from an HTML template and the charts."""

import base64
import zoneinfo

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language, to_locale
from weasyprint import HTML

from dryneedle.clinics.models import User
from dryneedle.patients.models import Episode
from dryneedle.reports.progress import chart_for, episode_report


def report_pdf(episode: Episode, *, by: User | None = None) -> bytes:
    """The report in the clinic's time zone, whether made in a request or on the command line."""
    with timezone.override(zoneinfo.ZoneInfo(episode.patient.clinic.timezone)):
        return _render(episode, by)


def _render(episode: Episode, by: User | None) -> bytes:
    report = episode_report(episode)
    images = []
    for name in ("nprs", *report["instruments"]):
        chart = chart_for(report, name)
        if chart is not None:
            data = base64.b64encode(chart.svg).decode()
            images.append({"chart": chart, "src": f"data:image/svg+xml;base64,{data}"})
    html = render_to_string(
        "reports/report_pdf.html",
        {
            **report,
            "images": images,
            "generated_at": timezone.localtime(),
            "by": by,
            "lang": _language_tag(),
            "page_size": PAGE_SIZES[report["clinic"].paper_size],
        },
    )
    # PDF/UA-1: a tagged PDF (headings, tables, figures with their alt text) that screen
    # readers can follow; the language, title and author come from the HTML's head.
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


# CSS @page sizes for the clinic's paper (Clinic.PaperSize values).
PAGE_SIZES = {"letter": "letter", "a4": "A4"}


def _language_tag() -> str:
    """The active language as a BCP 47 tag (en-us → en-US), for <html lang> and /Lang."""
    return to_locale(get_language() or "en-us").replace("_", "-")
