"""The clinic analytics page (admins): filters by GET, the tables, and a CSV download."""

import csv
import re
from typing import Any, cast

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dryneedle.clinics import audit
from dryneedle.clinics.access import requires
from dryneedle.clinics.http import MemberRequest
from dryneedle.clinics.models import Clinic, User
from dryneedle.clinics.roles import Capability, Role
from dryneedle.csv_cells import safe_row
from dryneedle.day_ranges import validate_searchable_day
from dryneedle.reports.analytics import METHODS, SEVERITIES, clinic_analytics

_PREFIX = re.compile(r"^[A-Z][0-9A-Z.]{0,7}$")
METHOD_LABELS = {
    "cohort": _("What is counted"),
    "responders": _("Responders"),
    "sessions_to_mcid": _("Sessions to the MCID"),
    "nprs": _("NPRS change"),
    "adverse_events": _("Adverse events"),
    "discomfort": _("Discomfort"),
}


class _ClinicianField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.full_name or obj.email


class AnalyticsFilterForm(forms.Form):
    date_from = forms.DateField(
        required=False,
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_searchable_day],
    )
    date_to = forms.DateField(
        required=False,
        label=_("To"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_searchable_day],
    )
    clinician = _ClinicianField(
        queryset=User.objects.none(), required=False, empty_label=_("All clinicians")
    )
    diagnosis = forms.CharField(
        required=False, max_length=8, label=_("Diagnosis code starts with"), strip=True
    )

    def __init__(self, *args: Any, clinic: Clinic, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["clinician"])
        field.queryset = (
            User.objects.filter(memberships__clinic=clinic, memberships__role=Role.CLINICIAN)
            .order_by("full_name", "email")
            .distinct()
        )

    def clean_diagnosis(self) -> str:
        prefix = self.cleaned_data["diagnosis"].replace(" ", "").upper()
        if prefix and not _PREFIX.match(prefix):
            raise forms.ValidationError(gettext("Enter the start of an ICD-10-CM code, e.g. M54."))
        return prefix

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", gettext("The end date is before the start date."))
        return data


# ---------------------------------------------------------------------------------------------
# Formatting (numbers to text for the page; the CSV keeps plain numbers)


def _pct(value: float) -> str:
    return f"{value:.1f}"


def _proportion(block: dict) -> str:
    if not block["n"]:
        return "—"
    low, high = block["ci95"]
    return (
        f"{_pct(block['rate'] * 100)} % ({_pct(low * 100)}–{_pct(high * 100)}) · "
        f"{block['successes']}/{block['n']}"
    )


def _median(km: dict) -> str:
    if km["events"] + km["censored"] == 0:
        return "—"
    median = gettext("not reached") if km["median"] is None else f"{km['median']:g}"
    low, high = km["median_ci95"]
    low_text = "—" if low is None else f"{low:g}"
    high_text = gettext("not reached") if high is None else f"{high:g}"
    return gettext(
        "%(median)s (%(low)s to %(high)s) · %(events)d reached, %(censored)d censored"
    ) % {
        "median": median,
        "low": low_text,
        "high": high_text,
        "events": km["events"],
        "censored": km["censored"],
    }


def _per_100(block: dict) -> str:
    if block["per_100"] is None:
        return "—"
    low, high = block["per_100_ci95"]
    return f"{block['per_100']:.2f} ({low:.2f}–{high:.2f}) · {block['events']}"


def _with_event(block: dict) -> str:
    share = block["treatments_with_per_100"]
    if not share["n"]:
        return "—"
    low, high = share["ci95"]
    return f"{share['rate']:.2f} ({low:.2f}–{high:.2f}) · {share['successes']}"


def _display_row(row: dict, label: str, title: str) -> dict:
    responders = row["responders"]
    adverse = row["adverse_events"]
    return {
        "label": label,
        "title": title,
        "episodes": row["episodes"],
        "treatments": row["treatments"],
        "responders": _proportion(responders),
        "no_verdict": responders["no_verdict"],
        "too_few": responders["too_few_responses"],
        "median": _median(row["sessions_to_mcid"]),
        "after": _proportion(row["nprs_after_session"]),
        "day": _proportion(row["nprs_within_24h"]),
        "adverse": [_per_100(adverse[s]) for s in (*SEVERITIES, "any")],
        "adverse_any_with": _with_event(adverse["any"]),
        "discomfort": row["discomfort"]["counts"],
        "discomfort_missing": row["discomfort"]["not_recorded"],
    }


def _published_rows(result: dict) -> list[dict]:
    totals = result["totals"]["adverse_events"]
    rows = []
    for study in result["published_ae"]:
        for rate in study["rates"]:
            if "per_100_treatments_below" in rate:
                published = f"< {rate['per_100_treatments_below']:g}"
            elif "upper_per_100_treatments" in rate:
                published = gettext("%(rate)s (upper risk ≤ %(upper)s)") % {
                    "rate": f"{rate['per_100_treatments']:g}",
                    "upper": f"{rate['upper_per_100_treatments']:g}",
                }
            else:
                published = f"{rate['per_100_treatments']:g}"
            rows.append(
                {
                    "study": study["citation"],
                    "treatments": study["treatments"],
                    "label": rate["label"],
                    "events": rate["events"],
                    "published": published,
                    "note": rate.get("note", ""),
                    "ours_severity": rate["compares_with"],
                    "ours": _per_100(totals[rate["compares_with"]]),
                }
            )
    return rows


# ---------------------------------------------------------------------------------------------
# CSV

CSV_COLUMNS = [
    "diagnosis",
    "title",
    "episodes",
    "responders",
    "responder_denominator",
    "responder_rate",
    "responder_ci_low",
    "responder_ci_high",
    "no_verdict",
    "too_few_responses",
    "km_median_sessions",
    "km_median_ci_low",
    "km_median_ci_high",
    "km_events",
    "km_censored",
    "treatments",
    "nprs_after_improved",
    "nprs_after_n",
    "nprs_after_rate",
    "nprs_after_ci_low",
    "nprs_after_ci_high",
    "nprs_24h_improved",
    "nprs_24h_n",
    "nprs_24h_rate",
    "nprs_24h_ci_low",
    "nprs_24h_ci_high",
    *[
        f"ae_{severity}_{part}"
        for severity in (*SEVERITIES, "any")
        for part in (
            "events",
            "per_100",
            "per_100_ci_low",
            "per_100_ci_high",
            "treatments_with",
            "treatments_with_per_100",
            "treatments_with_ci_low",
            "treatments_with_ci_high",
        )
    ],
    *[f"discomfort_{score}" for score in range(11)],
    "discomfort_not_recorded",
]


def _ci(block: dict, key: str = "ci95") -> list:
    return list(block[key]) if block[key] else [None, None]


def _csv_row(code: str, title: str, row: dict) -> list:
    responders = row["responders"]
    km = row["sessions_to_mcid"]
    cells = [
        code,
        title,
        row["episodes"],
        responders["successes"],
        responders["n"],
        responders["rate"],
        *_ci(responders),
        responders["no_verdict"],
        responders["too_few_responses"],
        km["median"],
        *km["median_ci95"],
        km["events"],
        km["censored"],
        row["treatments"],
    ]
    for key in ("nprs_after_session", "nprs_within_24h"):
        block = row[key]
        cells += [block["successes"], block["n"], block["rate"], *_ci(block)]
    for severity in (*SEVERITIES, "any"):
        block = row["adverse_events"][severity]
        share = block["treatments_with_per_100"]
        cells += [
            block["events"],
            block["per_100"],
            *_ci(block, "per_100_ci95"),
            share["successes"],
            share["rate"],
            *_ci(share),
        ]
    cells += [*row["discomfort"]["counts"], row["discomfort"]["not_recorded"]]
    return ["" if cell is None else cell for cell in cells]


def _csv(result: dict, clinic: Clinic) -> HttpResponse:
    day = timezone.localdate().isoformat()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="analytics-{clinic.slug}-{day}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for row in result["diagnoses"]:
        writer.writerow(safe_row(_csv_row(row["code"], row["title"] or "", row)))
    writer.writerow(safe_row(_csv_row("ALL", "All diagnoses", result["totals"])))
    return response


# ---------------------------------------------------------------------------------------------


@requires(Capability.AUDIT_VIEW)
def analytics_page(request: MemberRequest) -> HttpResponse:
    clinic = request.clinic
    params = request.GET.copy()
    wants_csv = params.pop("format", [""])[-1] == "csv"
    form = AnalyticsFilterForm(params or None, clinic=clinic)
    result = None
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        result = clinic_analytics(
            clinic,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            clinician=data.get("clinician"),
            icd10_prefix=data.get("diagnosis") or None,
        )
    if wants_csv and result is not None:
        audit.record(request, audit.Action.EXPORT, detail="analytics CSV")
        return _csv(result, clinic)
    audit.record(request, audit.Action.LIST, detail="analytics")
    context = {
        "form": form,
        "clinic": clinic,
        "query": params.urlencode(),
        "methods": [(METHOD_LABELS.get(key, key), text) for key, text in METHODS.items()],
        "has_result": result is not None,
    }
    if result is not None:
        context.update(
            rows=[_display_row(r, r["code"], r["title"] or "") for r in result["diagnoses"]],
            total=_display_row(result["totals"], gettext("All diagnoses"), ""),
            published=_published_rows(result),
            severities=SEVERITIES,
            scores=range(11),
        )
    return render(
        request, "reports/analytics.html", context, status=200 if result is not None else 400
    )
