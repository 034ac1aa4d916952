"""The PDF progress report is accessible: tagged, in a named language, with a title and
author, chart text a reader can extract, on the paper the clinic uses."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import translation
from pypdf import PdfReader

from dryneedle.reports.pdf import report_pdf

pytestmark = pytest.mark.skipif(
    shutil.which("pdfinfo") is None, reason="poppler-utils is installed by make test"
)


def _poppler(tool: str, pdf: bytes, tmp_path: Path) -> str:
    """The output of poppler's pdfinfo or pdftotext for `pdf`."""
    source = tmp_path / "report.pdf"
    source.write_bytes(pdf)
    arguments = [tool, str(source)] + (["-"] if tool == "pdftotext" else [])
    return subprocess.run(arguments, check=True, timeout=60, capture_output=True, text=True).stdout


def _info(pdf: bytes, tmp_path: Path) -> dict[str, str]:
    lines = _poppler("pdfinfo", pdf, tmp_path).splitlines()
    return {key: value.strip() for key, _, value in (line.partition(":") for line in lines)}


def _text(pdf: bytes, tmp_path: Path) -> str:
    return " ".join(_poppler("pdftotext", pdf, tmp_path).split())


def test_the_pdf_is_tagged_for_screen_readers(treated, tmp_path):
    assert _info(report_pdf(treated), tmp_path)["Tagged"] == "yes"


def test_the_pdf_declares_the_active_language(treated):
    with translation.override("en-gb"):
        catalog = PdfReader(io.BytesIO(report_pdf(treated))).trailer["/Root"]
    assert catalog["/Lang"] == "en-GB"


def test_the_pdf_is_titled_with_the_patient_and_authored_by_the_clinic(treated, tmp_path):
    info = _info(report_pdf(treated), tmp_path)
    clinic = treated.patient.clinic.name
    assert info["Title"] == f"Progress report · {treated.patient.full_name}"
    assert info["Author"] == clinic


def test_the_pdf_of_a_us_clinic_is_on_letter_paper(treated, tmp_path):
    clinic = treated.patient.clinic
    clinic.paper_size = "letter"
    clinic.save()
    assert _info(report_pdf(treated), tmp_path)["Page size"].startswith("612 x 792 pts")


def test_the_pdf_of_a_clinic_elsewhere_is_on_a4_paper(treated, tmp_path):
    clinic = treated.patient.clinic
    clinic.paper_size = "a4"
    clinic.save()
    assert _info(report_pdf(treated), tmp_path)["Page size"].startswith("595.276 x 841.89 pts")


def test_the_chart_axis_labels_and_series_names_are_text_in_the_pdf(treated, tmp_path):
    text = _text(report_pdf(treated), tmp_path)
    for words in ("Session date", "NPRS (0 no pain – 10 worst)", "Before", "After", "NDI (score"):
        assert words in text, f"{words!r} is not extractable text in the PDF"


def test_a_new_clinic_prints_on_letter_paper_until_the_operator_chooses_a4(db):
    from tests.factories import ClinicFactory

    assert ClinicFactory().paper_size == "letter"
