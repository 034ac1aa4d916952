"""Choosing the clinic to act for, and the clinic's audit log."""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from dryneedle.clinics import audit
from dryneedle.clinics.access import requires, signed_in
from dryneedle.clinics.audit_export import csv_lines
from dryneedle.clinics.forms import AuditFilterForm
from dryneedle.clinics.http import MemberRequest, SignedInRequest
from dryneedle.clinics.models import AuditEvent, Clinic
from dryneedle.clinics.roles import Capability
from dryneedle.clinics.tenancy import active_memberships, choose_clinic


@signed_in
def choose(request: SignedInRequest) -> HttpResponse:
    memberships = list(active_memberships(request.user))
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if request.method == "POST":
        wanted = request.POST.get("clinic")
        for membership in memberships:
            if str(membership.clinic_id) == wanted:
                choose_clinic(request, membership)
                return redirect(next_url or "home")
    status = 200 if memberships else 403
    template = "clinics/choose.html" if memberships else "clinics/no_clinic.html"
    return render(request, template, {"memberships": memberships, "next": next_url}, status=status)


def _filtered_events(form: AuditFilterForm, clinic: Clinic) -> QuerySet[AuditEvent]:
    """The clinic's audit events, narrowed by the form's filters when it is valid."""
    events = AuditEvent.objects.for_clinic(clinic).select_related("user", "patient")
    if not form.is_valid():
        return events
    data = form.cleaned_data
    if data["action"]:
        events = events.filter(action=data["action"])
    if data["refused"]:
        events = events.filter(action__in=AuditEvent.REFUSALS)
    if data["user"]:
        events = events.filter(user__email__icontains=data["user"])
    if data["patient"]:
        events = events.filter(patient_id=data["patient"])
    if data["start"]:
        events = events.filter(at__gte=data["start"])
    if data["end"]:
        events = events.filter(at__lte=data["end"])
    return events


def _filter_query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _audit_page(request: MemberRequest, form: AuditFilterForm, status: int = 200) -> HttpResponse:
    page = Paginator(_filtered_events(form, request.clinic), 50).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "filter_query": _filter_query(request)}
    return render(request, "clinics/audit_log.html", context, status=status)


@require_GET  # the log is read-only: no method of these routes changes a row
@requires(Capability.AUDIT_VIEW)
def audit_log(request: MemberRequest) -> HttpResponse:
    return _audit_page(request, AuditFilterForm(request.GET or None))


@require_GET
@requires(Capability.AUDIT_VIEW)
def audit_export(request: MemberRequest) -> HttpResponseBase:
    """The filtered log as a streamed CSV download; a bad filter shows the page's errors."""
    form = AuditFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return _audit_page(request, form, status=400)
    events = _filtered_events(form, request.clinic)
    query = _filter_query(request)
    audit.record(request, audit.Action.EXPORT, detail=f"audit log CSV {query}".strip())
    day = timezone.localdate().isoformat()
    response = StreamingHttpResponse(
        csv_lines(events.iterator(chunk_size=2000), timezone.get_current_timezone()),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="audit-{request.clinic.slug}-{day}.csv"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
