"""Staff pages: the inbox of booking requests sent from the public pages."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dryneedle.clinics import audit
from dryneedle.clinics.access import requires
from dryneedle.clinics.http import MemberRequest
from dryneedle.clinics.roles import Capability
from dryneedle.clinics.tenancy import get_scoped_or_404, scope
from dryneedle.public import bookings
from dryneedle.public.forms import BookingStatusForm
from dryneedle.public.models import BookingRequest


@requires(Capability.BOOKINGS_MANAGE)
def booking_inbox(request: MemberRequest) -> HttpResponse:
    status = request.GET.get("status", "new")
    bookings = scope(BookingRequest, request.clinic)
    if status in BookingRequest.Status.values:
        bookings = bookings.filter(status=status)
    page = Paginator(bookings, 25).get_page(request.GET.get("page"))
    audit.record(request, audit.Action.LIST, detail=f"booking requests ({status})")
    counted = dict(
        scope(BookingRequest, request.clinic)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    counts = {s: counted.get(s, 0) for s in BookingRequest.Status.values}
    return render(
        request,
        "public/bookings.html",
        {
            "page": page,
            "status": status,
            "statuses": BookingRequest.Status.choices,
            "counts": counts,
        },
    )


@requires(Capability.BOOKINGS_MANAGE)
def booking_detail(request: MemberRequest, booking_pk: int) -> HttpResponse:
    booking = get_scoped_or_404(BookingRequest, request.clinic, pk=booking_pk)
    form = BookingStatusForm(instance=booking)
    audit.record(request, audit.Action.VIEW, obj=booking, detail="booking request")
    return render(request, "public/booking.html", {"booking": booking, "form": form})


@require_POST
@requires(Capability.BOOKINGS_MANAGE)
def booking_status(request: MemberRequest, booking_pk: int) -> HttpResponse:
    booking = get_scoped_or_404(BookingRequest, request.clinic, pk=booking_pk)
    form = BookingStatusForm(request.POST, instance=booking)
    if form.is_valid():
        actor = audit.Actor.from_request(request)
        booking = bookings.set_status(booking, form.cleaned_data["status"], actor)
        messages.success(
            request,
            _("Marked as %(status)s.") % {"status": booking.get_status_display().lower()},
        )
    else:
        messages.error(request, _("Choose one of the listed statuses."))
    return redirect("public:booking", booking_pk=booking.pk)
