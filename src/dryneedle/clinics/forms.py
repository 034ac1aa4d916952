"""Sign-in and audit-filter forms."""

import datetime
from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dryneedle.clinics.models import AuditEvent
from dryneedle.day_ranges import validate_searchable_day


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("", _("Any action")), *AuditEvent.Action.choices], required=False
    )
    user = forms.CharField(required=False, label=_("User email contains"))
    patient = forms.IntegerField(required=False, min_value=1, label=_("Patient number"))
    since = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        label=_("From"),
        validators=[validate_searchable_day],
    )
    until = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        label=_("To"),
        validators=[validate_searchable_day],
    )
    refused = forms.BooleanField(required=False, label=_("Refused access only"))

    def clean(self) -> dict:
        """Adds `start` and `end`: the filter's days as moments in the clinic's time zone."""
        data = cast(dict, super().clean())  # Form.clean returns cleaned_data
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date is before the start date."))
        zone = timezone.get_current_timezone()
        data["start"] = since and datetime.datetime.combine(since, datetime.time.min, zone)
        data["end"] = until and datetime.datetime.combine(until, datetime.time.max, zone)
        return data
