"""Forms of the public pages: the self-check and the booking request; the inbox's status form."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dryneedle.atlas.loader import load_atlas
from dryneedle.public.models import BookingRequest
from dryneedle.public.self_check import load_red_flags
from dryneedle.screening.forms import YES_NO
from dryneedle.screening.rules import load_rules


class SelfCheckAboutForm(forms.Form):
    condition = forms.ChoiceField(label=_("What would you like help with?"), required=False)
    marks = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        protocols = load_atlas().protocols.values()
        cast(forms.ChoiceField, self.fields["condition"]).choices = [
            ("", _("I am not sure / something else"))
        ] + [(p.id, p.name) for p in protocols]


class RedFlagsForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for flag in load_red_flags():
            self.fields[flag.id] = forms.ChoiceField(
                label=flag.question, choices=YES_NO, widget=forms.RadioSelect
            )


class SafetyQuestionsForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in load_rules().questions.values():
            self.fields[question.id] = forms.ChoiceField(
                label=question.patient_text,
                choices=YES_NO,
                widget=forms.RadioSelect,
                # a region question's help asks to tick regions, which this page does not list
                help_text=question.help if question.kind == "yes_no" else "",
            )


class BookingRequestForm(forms.ModelForm):
    # A field people never see; bots that fill every field fill it too. Its wrapper is
    # aria-hidden, so it must not take the keyboard focus either, nor be filled by autofill.
    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    include_self_check = forms.BooleanField(
        required=False, label=_("Include my self-check answers so the clinic can prepare.")
    )

    class Meta:
        model = BookingRequest
        fields = ["name", "email", "phone", "preferred_times", "message"]
        labels = {
            "name": _("Your name"),
            "preferred_times": _("When suits you?"),
            "message": _("Anything you would like us to know (optional)"),
        }
        widgets = {
            "preferred_times": forms.TextInput(attrs={"placeholder": _("e.g. weekday mornings")}),
            "message": forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if not cleaned.get("email") and not cleaned.get("phone") and not self.has_error("email"):
            raise forms.ValidationError(
                gettext("Give an email address or a phone number so we can reply.")
            )
        return cleaned

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class BookingStatusForm(forms.ModelForm):
    class Meta:
        model = BookingRequest
        fields = ["status"]
