"""Public pages of a clinic (no sign-in): learn, self-check, request an appointment.

They store nothing but a booking request the person sends; the self-check answers live only in
the visitor's session until they send a request with them, or close the browser.
"""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from dryneedle.atlas import ranking
from dryneedle.atlas.bodychart import drawing_states, region_label
from dryneedle.atlas.loader import Protocol, load_atlas
from dryneedle.atlas.ranking import Mark
from dryneedle.clinics import audit
from dryneedle.clinics.access import public
from dryneedle.clinics.models import Clinic
from dryneedle.public import bookings, ratelimit
from dryneedle.public.forms import (
    BookingRequestForm,
    RedFlagsForm,
    SafetyQuestionsForm,
    SelfCheckAboutForm,
)
from dryneedle.public.self_check import VERDICTS, SelfCheckResult, assess, load_red_flags

SESSION_KEY = "dryneedle_self_check"
STEPS = ("about", "red-flags", "safety")
# A visitor's answers in the session, per step, as the step's form cleaned them.
SelfCheckState = dict[str, dict[str, Any]]


def _clinic(slug: str) -> Clinic:
    return get_object_or_404(Clinic, slug=slug)


def _state(request: HttpRequest, clinic: Clinic) -> SelfCheckState:
    return request.session.get(SESSION_KEY, {}).get(clinic.slug, {})


def _save_state(request: HttpRequest, clinic: Clinic, **values: Any) -> None:
    everything = request.session.get(SESSION_KEY, {})
    everything[clinic.slug] = {**everything.get(clinic.slug, {}), **values}
    request.session[SESSION_KEY] = everything


@public
def home(request: HttpRequest, clinic_slug: str) -> HttpResponse:
    return redirect("public:learn", clinic_slug=_clinic(clinic_slug).slug)


@public
def learn(request: HttpRequest, clinic_slug: str) -> HttpResponse:
    return render(request, "public/learn.html", {"clinic": _clinic(clinic_slug)})


@public
def self_check(request: HttpRequest, clinic_slug: str) -> HttpResponse:
    clinic = _clinic(clinic_slug)
    step = request.GET.get("step", STEPS[0])
    if step not in STEPS:
        step = STEPS[0]
    state = _state(request, clinic)
    form_class = {
        "about": SelfCheckAboutForm,
        "red-flags": RedFlagsForm,
        "safety": SafetyQuestionsForm,
    }[step]
    form = form_class(request.POST or None, initial=state.get(step))
    if request.method == "POST" and form.is_valid():
        _save_state(request, clinic, **{step: form.cleaned_data})
        position = STEPS.index(step)
        if position + 1 < len(STEPS):
            url = reverse("public:self_check", kwargs={"clinic_slug": clinic.slug})
            return redirect(f"{url}?step={STEPS[position + 1]}")
        return redirect("public:self_check_result", clinic_slug=clinic.slug)
    marks_text = (state.get("about") or {}).get("marks", "")
    return render(
        request,
        "public/self_check.html",
        {
            "clinic": clinic,
            "form": form,
            "step": step,
            "step_number": STEPS.index(step) + 1,
            "step_count": len(STEPS),
            "marks_text": marks_text,
        },
    )


def _result(state: SelfCheckState) -> tuple[SelfCheckResult, Protocol | None, list[Mark]]:
    atlas = load_atlas()
    about = state.get("about") or {}
    red = {k: v == "yes" for k, v in (state.get("red-flags") or {}).items()}
    safety = {k: v == "yes" for k, v in (state.get("safety") or {}).items()}
    result = assess(red, safety)
    protocol = atlas.protocols.get(about.get("condition", ""))
    try:
        marks = ranking.parse_drawing((about.get("marks") or "").split(","), atlas.regions)
    except ranking.DrawingError:
        marks = []
    return result, protocol, marks


@public
def self_check_result(request: HttpRequest, clinic_slug: str) -> HttpResponse:
    clinic = _clinic(clinic_slug)
    state = _state(request, clinic)
    if not all(state.get(step) for step in STEPS):
        messages.info(request, _("Please answer the questions first."))
        return redirect("public:self_check", clinic_slug=clinic.slug)
    result, protocol, marks = _result(state)
    return render(
        request,
        "public/self_check_result.html",
        {
            "clinic": clinic,
            "result": result,
            "verdict_text": VERDICTS[result.verdict],
            "protocol": protocol,
            "regions": [region_label(m.key) for m in marks],
            "states": drawing_states(marks),
            "said_yes": result.said_yes(),
            "not_suitable_because": result.said_yes("contraindicated"),
            "red_flags": load_red_flags(),
        },
    )


@public
def book(request: HttpRequest, clinic_slug: str) -> HttpResponse:
    clinic = _clinic(clinic_slug)
    state = _state(request, clinic)
    has_self_check = all(state.get(step) for step in STEPS)
    form = BookingRequestForm(request.POST or None, initial={"include_self_check": has_self_check})
    if request.method == "POST":
        if not ratelimit.allow(request, f"booking:{clinic.pk}"):
            return render(request, "public/too_many.html", {"clinic": clinic}, status=429)
        if form.is_valid():
            if form.is_bot:  # looks sent; nothing is stored
                return redirect("public:thanks", clinic_slug=clinic.slug)
            booking = form.save(commit=False)
            if has_self_check and form.cleaned_data.get("include_self_check"):
                result, protocol, marks = _result(state)
                booking.self_check_summary = result.summary(
                    protocol.name if protocol else "",
                    tuple(region_label(m.key) for m in marks),
                )
            bookings.send(booking, clinic, audit.Actor.from_request(request))
            request.session.pop(SESSION_KEY, None)
            return redirect("public:thanks", clinic_slug=clinic.slug)
    return render(
        request,
        "public/book.html",
        {"clinic": clinic, "form": form, "has_self_check": has_self_check},
    )


@public
def thanks(request: HttpRequest, clinic_slug: str) -> HttpResponse:
    return render(request, "public/thanks.html", {"clinic": _clinic(clinic_slug)})
