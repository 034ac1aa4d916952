"""Forms of the treatment note; clean_* return domain values (atlas muscle ids)."""

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dryneedle.atlas.loader import load_atlas
from dryneedle.clinics.models import Clinic
from dryneedle.treatments.models import (
    SEVERITY_HELP,
    AdverseEvent,
    Needling,
    RangeOfMotion,
    StockedNeedle,
    Treatment,
)
from dryneedle.treatments.notes import DRAFT_FIELDS

NUMBER = {"inputmode": "numeric"}


class DraftForm(forms.ModelForm):
    """All fields belong to the one form #draft-form (HTML `form` attribute), wherever they sit
    on the page, so autosave, "draft the SOAP note" and "sign" always send what is on screen."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["form"] = "draft-form"

    class Meta:
        model = Treatment
        fields = list(DRAFT_FIELDS)
        widgets = {
            "pre_nprs": forms.NumberInput(attrs={"min": 0, "max": 10, **NUMBER}),
            "post_nprs": forms.NumberInput(attrs={"min": 0, "max": 10, **NUMBER}),
            "discomfort": forms.NumberInput(attrs={"min": 0, "max": 10, **NUMBER}),
            "pre_ppt": forms.NumberInput(attrs={"step": "0.1", "min": 0, "inputmode": "decimal"}),
            "post_ppt": forms.NumberInput(attrs={"step": "0.1", "min": 0, "inputmode": "decimal"}),
            "needles_opened": forms.NumberInput(attrs={"min": 0, **NUMBER}),
            "needles_removed": forms.NumberInput(attrs={"min": 0, **NUMBER}),
            "needles_discarded": forms.NumberInput(attrs={"min": 0, **NUMBER}),
            "patient_response": forms.Textarea(attrs={"rows": 2}),
            "subjective": forms.Textarea(attrs={"rows": 3}),
            "objective": forms.Textarea(attrs={"rows": 5}),
            "assessment": forms.Textarea(attrs={"rows": 3}),
            "plan": forms.Textarea(attrs={"rows": 2}),
        }

    def changes(self) -> dict:
        """Only the fields this request posted: the note saves from several forms, and a
        field a form does not hold must never be blanked by it."""
        return {name: self.cleaned_data[name] for name in DRAFT_FIELDS if name in self.data}


class NeedlingForm(forms.ModelForm):
    muscle = forms.CharField(
        label=_("Muscle"),
        widget=forms.TextInput(
            attrs={
                "list": "atlas-muscles",
                "autocomplete": "off",
                "placeholder": _("Type to search"),
            }
        ),
    )

    class Meta:
        model = Needling
        fields = [
            "muscle",
            "side",
            "needle",
            "technique",
            "passes",
            "minutes",
            "twitch",
            "twitch_count",
            "depth_mm",
        ]
        widgets = {
            "side": forms.RadioSelect,
            "technique": forms.RadioSelect,
            "twitch": forms.RadioSelect,
            "passes": forms.NumberInput(attrs={"min": 0, **NUMBER}),
            "minutes": forms.NumberInput(attrs={"min": 0, **NUMBER}),
            "twitch_count": forms.NumberInput(attrs={"min": 0, **NUMBER}),
            "depth_mm": forms.NumberInput(attrs={"min": 0, **NUMBER}),
        }
        labels = {"depth_mm": _("Depth (mm)"), "twitch_count": _("Twitch count")}

    def __init__(self, *args: Any, clinic: Clinic, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        needle = cast(forms.ModelChoiceField, self.fields["needle"])
        needle.queryset = StockedNeedle.objects.filter(clinic=clinic, active=True)
        needle.empty_label = None
        self.fields["side"].required = True
        for name in ("side", "technique", "twitch"):
            choice = cast(forms.ChoiceField, self.fields[name])
            choice.choices = [c for c in cast(list[tuple[str, str]], choice.choices) if c[0]]
        self.fields["twitch"].initial = Needling.Twitch.NONE
        self.fields["technique"].initial = Needling.Technique.PISTONING
        # Neither field is optional on its own: one of the two is needed (see clean()).
        # `one_of` is our own attribute, which the note's template shows beside the label.
        self.fields["passes"].one_of = _("or minutes")  # type: ignore[attr-defined]
        self.fields["minutes"].one_of = _("or a pass count")  # type: ignore[attr-defined]

    def clean_muscle(self) -> str:
        text = self.cleaned_data["muscle"].strip()
        muscles = load_atlas().muscles
        if text in muscles:
            return text
        by_name = {m.name.lower(): m.id for m in muscles.values()}
        if text.lower() in by_name:
            return by_name[text.lower()]
        as_id = "_".join(text.lower().split())
        if as_id in muscles:
            return as_id
        raise forms.ValidationError(
            gettext("“%(text)s” is not a muscle in the atlas. Pick one from the list.")
            % {"text": text}
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("passes") is None and cleaned.get("minutes") is None:
            self.add_error("passes", gettext("Give the number of passes or the minutes left in."))
        return cleaned


class RomForm(forms.ModelForm):
    class Meta:
        model = RangeOfMotion
        fields = ["movement", "side", "before_degrees", "after_degrees"]
        widgets = {
            "movement": forms.TextInput(attrs={"list": "rom-movements", "autocomplete": "off"}),
            "before_degrees": forms.NumberInput(attrs=NUMBER),
            "after_degrees": forms.NumberInput(attrs=NUMBER),
        }
        labels = {"before_degrees": _("Before (°)"), "after_degrees": _("After (°)")}

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        for name in ("before_degrees", "after_degrees"):
            value = cleaned.get(name)
            if value is not None and not -180 <= value <= 360:
                self.add_error(name, gettext("Degrees between -180 and 360."))
        return cleaned


class AdverseEventForm(forms.ModelForm):
    class Meta:
        model = AdverseEvent
        fields = ["kind", "severity", "onset", "action", "note"]
        widgets = {"action": forms.Textarea(attrs={"rows": 2}), "severity": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        severity = cast(forms.ChoiceField, self.fields["severity"])
        severity.choices = [c for c in cast(list[tuple[str, str]], severity.choices) if c[0]]
        self.fields["severity"].help_text = " ".join(
            gettext("%(severity)s: %(help)s")
            % {"severity": AdverseEvent.Severity(name).label, "help": text}
            for name, text in SEVERITY_HELP.items()
        )


class AddendumForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={
            "required": _("Write the addendum first."),
            "max_length": _("Keep an addendum under 5,000 characters."),
        },
    )


class StockedNeedleForm(forms.ModelForm):
    class Meta:
        model = StockedNeedle
        fields = ["diameter_mm", "length_mm", "brand"]
        labels = {"diameter_mm": _("Diameter (mm)"), "length_mm": _("Length (mm)")}

    def clean_diameter_mm(self) -> Decimal:
        value = self.cleaned_data["diameter_mm"]
        if not 0.1 <= float(value) <= 0.5:
            raise forms.ValidationError(gettext("Dry-needling needles are 0.10 to 0.50 mm thick."))
        return value

    def clean_length_mm(self) -> int:
        value = self.cleaned_data["length_mm"]
        if not 5 <= value <= 150:
            raise forms.ValidationError(gettext("Give the length in millimetres (5 to 150)."))
        return value
