"""Sign-in and audit-filter forms."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm

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
