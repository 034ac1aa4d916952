"""Clinic admin pages for moving records in: the patients CSV upload."""

from django import forms
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from dryneedle.clinics import audit
from dryneedle.clinics.access import requires
from dryneedle.clinics.http import MemberRequest
from dryneedle.clinics.roles import Capability
from dryneedle.interop import csv_io

PROBLEMS_SHOWN = 1000  # the page lists this many; the rest are counted


class PatientImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=format_lazy(
            _(
                "UTF-8 text (Excel: “CSV UTF-8”), at most {megabytes} MB; the first line names "
                "the columns."
            ),
            megabytes=csv_io.MAX_BYTES // (1024 * 1024),
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )
    dry_run = forms.BooleanField(
        label=_("Check only (dry run)"),
        required=False,
        help_text=_("Check every row and report problems without importing anything."),
    )

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        if upload.size > csv_io.MAX_BYTES:
            raise forms.ValidationError(
                gettext(
                    "The file is %(size).1f MB; the limit is %(limit)d MB. Split it into "
                    "smaller files."
                )
                % {"size": upload.size / (1024 * 1024), "limit": csv_io.MAX_BYTES // (1024 * 1024)}
            )
        return upload


def _patients(n: int) -> str:
    return ngettext("%(count)d patient", "%(count)d patients", n) % {"count": n}


@requires(Capability.AUDIT_VIEW)
def import_patients(request: MemberRequest) -> HttpResponse:
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
            messages.success(
                request, gettext("%(patients)s imported.") % {"patients": _patients(result.created)}
            )
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
