"""Clinic admin pages for moving records in: the patients CSV upload."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render

from dryneedle.clinics import audit
from dryneedle.clinics.access import requires
from dryneedle.clinics.roles import Capability
from dryneedle.interop import csv_io

PROBLEMS_SHOWN = 1000  # the page lists this many; the rest are counted


class PatientImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text=f"UTF-8 text (Excel: “CSV UTF-8”), at most {csv_io.MAX_BYTES // (1024 * 1024)} "
        "MB; the first line names the columns.",
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )
    dry_run = forms.BooleanField(
        label="Check only (dry run)",
        required=False,
        help_text="Check every row and report problems without importing anything.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > csv_io.MAX_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / (1024 * 1024):.1f} MB; the limit is "
                f"{csv_io.MAX_BYTES // (1024 * 1024)} MB. Split it into smaller files."
            )
        return upload


def _patients(n: int) -> str:
    return f"{n} patient{'' if n == 1 else 's'}"


@requires(Capability.AUDIT_VIEW)
def import_patients(request):
    form = PatientImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        dry_run = form.cleaned_data["dry_run"]
        result = csv_io.import_patients(
            form.cleaned_data["file"],
            request.clinic,
            dry_run=dry_run,
            created_by=audit.Actor.from_request(request),
        )
        if result.ok and not dry_run:
            messages.success(request, f"{_patients(result.created)} imported.")
            return redirect("interop:import_patients")
    columns = [(name, csv_io.PATIENT_COLUMN_HELP[name]) for name in csv_io.PATIENT_COLUMNS]
    problems = result.problems if result else []
    return render(
        request,
        "interop/import_patients.html",
        {
            "form": form,
            "columns": columns,
            "result": result,
            "would_import": _patients(result.created) if result else "",
            "problems": problems[:PROBLEMS_SHOWN],
            "problem_count": len(problems),
            "problems_hidden": max(0, len(problems) - PROBLEMS_SHOWN),
        },
    )
