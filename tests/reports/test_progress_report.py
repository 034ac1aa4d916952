"""The progress page, its charts, and the PDF report (checked as a rendered page image)."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from dryneedle.clinics.models import AuditEvent
from dryneedle.reports.pdf import report_pdf


def test_progress_page_shows_charts_with_a_table_alternative(clinician_client, treated):
    content = clinician_client.get(f"/episodes/{treated.pk}/progress/").content.decode()
    assert f'src="/episodes/{treated.pk}/charts/nprs.svg"' in content
    assert f'src="/episodes/{treated.pk}/charts/NDI.svg"' in content
    assert "Data as a table" in content and "Needled sites across sessions" in content


def test_a_chart_is_an_svg_with_labelled_axes(clinician_client, treated):
    response = clinician_client.get(f"/episodes/{treated.pk}/charts/nprs.svg")
    svg = response.content.decode()
    assert response["Content-Type"] == "image/svg+xml"
    assert "<svg" in svg and "Session date" in svg and "NPRS" in svg


def test_an_unknown_chart_is_not_found(clinician_client, treated):
    assert clinician_client.get(f"/episodes/{treated.pk}/charts/odi.svg").status_code == 404


def test_the_pdf_download_is_audited(clinician_client, treated):
    response = clinician_client.get(f"/episodes/{treated.pk}/report.pdf")
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(detail="PDF report downloaded").exists()


def _dark_share(pdf: bytes, tmp_path: Path) -> float:
    """Render page 1 to a greyscale image with pdftoppm; the share of dark pixels."""
    source = tmp_path / "report.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "40",
            "-gray",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(source),
            str(tmp_path / "page"),
        ],
        check=True,
        timeout=60,
    )
    data = (tmp_path / "page.pgm").read_bytes()
    header, pixels = data.split(b"\n", 3)[:3], data.split(b"\n", 3)[3]
    assert header[0] == b"P5"
    return sum(1 for p in pixels if p < 128) / len(pixels)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm is installed by make test")
def test_the_pdf_renders_to_a_page_that_is_not_blank(treated, tmp_path):
    pdf = report_pdf(treated)
    share = _dark_share(pdf, tmp_path)
    assert 0.01 < share < 0.6


def test_the_report_command_writes_the_pdf(treated, tmp_path):
    out = tmp_path / "out.pdf"
    call_command("report", str(treated.pk), "--pdf", str(out))
    assert out.read_bytes().startswith(b"%PDF")


def test_the_report_command_refuses_an_unknown_episode(tmp_path, db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="No episode"):
        call_command("report", "999999", "--pdf", str(tmp_path / "x.pdf"))


def test_a_late_evening_session_is_charted_on_the_clinics_date():
    import datetime
    import zoneinfo

    from django.utils import timezone

    from dryneedle.reports.charts import nprs_chart
    from dryneedle.treatments.models import Treatment

    chicago = zoneinfo.ZoneInfo("America/Chicago")
    evening = datetime.datetime(2026, 3, 10, 22, 30, tzinfo=chicago)  # 04:30 UTC on the 11th
    session = Treatment(performed_at=evening, pre_nprs=5, post_nprs=3)
    with timezone.override(chicago):
        rows = nprs_chart([session]).rows
    assert rows[0][0] == datetime.date(2026, 3, 10)


def test_the_pdf_is_made_in_the_clinics_time_zone(treated, monkeypatch):
    from django.utils import timezone

    from dryneedle.reports import pdf

    seen = []
    monkeypatch.setattr(
        pdf,
        "_render",
        lambda episode, by: seen.append(timezone.get_current_timezone_name()) or b"%PDF",
    )
    pdf.report_pdf(treated)
    assert seen == [treated.patient.clinic.timezone]
