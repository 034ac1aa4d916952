"""Sign-in and audit-filter forms."""

import datetime

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dryneedle.clinics.models import AuditEvent


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    error_messages = {
        "invalid_login": "That email and password do not match an account. Check both and "
        "try again.",
        "inactive": "This account is switched off. Ask your clinic admin.",
    }


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("", "Any action"), *AuditEvent.Action.choices], required=False
    )
    user = forms.CharField(required=False, label="User email contains")
    patient = forms.IntegerField(required=False, min_value=1, label="Patient number")
    since = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="From"
    )
    until = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="To"
    )
    refused = forms.BooleanField(required=False, label=_("Refused access only"))

    def clean(self) -> dict:
        """Adds `start` and `end`: the filter's days as moments in the clinic's time zone."""
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date is before the start date."))
        data["start"] = self._moment("since", since, datetime.time.min)
        data["end"] = self._moment("until", until, datetime.time.max)
        return data

    def _moment(self, field: str, day: datetime.date | None, at: datetime.time):
        """`day` at `at` in the current (clinic's) zone, or None with a form error when the
        moment has no UTC equivalent (a year-1 or year-9999 day on the far side of UTC)."""
        if day is None:
            return None
        moment = datetime.datetime.combine(day, at, tzinfo=timezone.get_current_timezone())
        try:
            moment.astimezone(datetime.UTC)
        except OverflowError:
            self.add_error(field, _("This date is outside the dates the log can search."))
            return None
        return moment
