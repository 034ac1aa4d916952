"""Questionnaire forms built from the instrument definitions; the check-in form."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dryneedle.outcomes import catalogue, instruments, scoring
from dryneedle.outcomes.models import CheckIn

ZERO_TO_TEN = [(str(n), str(n)) for n in range(11)]
PSFS_ROWS = 5


class QuestionnaireForm(forms.Form):
    """Item scores in order; a blank item is a missing answer (the scoring rules decide)."""

    def __init__(self, *args: Any, instrument: instruments.Instrument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        if instrument.id == "PSFS":
            for row in range(1, PSFS_ROWS + 1):
                self.fields[f"activity_{row}"] = forms.CharField(
                    label=_("Activity %(row)d") % {"row": row}, max_length=120, required=row <= 3
                )
                self.fields[f"item_{row}"] = forms.TypedChoiceField(
                    label=_("Activity %(row)d: how able are you now? (0 unable, 10 as before)")
                    % {"row": row},
                    choices=[("", "—"), *ZERO_TO_TEN],
                    coerce=int,
                    empty_value=None,
                    required=row <= 3,
                )
            return
        for number in range(1, instrument.items + 1):
            low, high = catalogue.item_range(instrument.id, number)
            choices = [("", "—")] + [(str(v), str(v)) for v in range(low, high + 1)]
            if catalogue.allows_not_applicable(instrument.id):
                choices.append(("NA", _("N/A")))
            # Required unless the scoring rules allow an item without a score (blank or N/A).
            self.fields[f"item_{number}"] = forms.ChoiceField(
                label=catalogue.item_label(instrument.id, number),
                choices=choices,
                required=not (instrument.max_missing or instrument.not_applicable),
            )

    def answers(self) -> list:
        if self.instrument.id == "PSFS":
            return [
                self.cleaned_data[f"item_{row}"]
                for row in range(1, PSFS_ROWS + 1)
                if self.cleaned_data.get(f"item_{row}") is not None
            ]
        values = []
        for number in range(1, self.instrument.items + 1):
            raw = self.cleaned_data.get(f"item_{number}", "")
            values.append(None if raw == "" else raw if raw == "NA" else int(raw))
        return values

    def activities(self) -> list[str]:
        if self.instrument.id != "PSFS":
            return []
        return [
            self.cleaned_data.get(f"activity_{r}", "")
            for r in range(1, PSFS_ROWS + 1)
            if self.cleaned_data.get(f"item_{r}") is not None
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if self.errors:
            return cleaned
        try:
            self.result = scoring.score(self.instrument.id, self.answers())
        except scoring.ScoringError as error:
            field = (
                f"item_{error.item}" if error.item and f"item_{error.item}" in self.fields else None
            )
            self.add_error(field, str(error))
        return cleaned


class CheckInForm(forms.ModelForm):
    nprs = forms.TypedChoiceField(
        label=gettext_lazy("How much pain do you have now? (0 no pain, 10 worst imaginable)"),
        choices=ZERO_TO_TEN,
        coerce=int,
        widget=forms.RadioSelect,
    )
    soreness = forms.TypedChoiceField(
        label=gettext_lazy("How sore are the areas that were needled? (0 not sore, 10 very sore)"),
        choices=ZERO_TO_TEN,
        coerce=int,
        widget=forms.RadioSelect,
    )
    effects = forms.MultipleChoiceField(
        label=gettext_lazy("Since the session, have you had any of these?"),
        choices=CheckIn.EFFECTS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = CheckIn
        fields = ["nprs", "soreness", "effects", "other_effect", "overall"]
        labels = {
            "other_effect": gettext_lazy("Anything else you want to tell us"),
            "overall": gettext_lazy("Overall, you feel…"),
        }
        widgets = {"overall": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        overall = cast(forms.ChoiceField, self.fields["overall"])
        overall.required = True
        overall.choices = [c for c in cast(list[tuple[str, str]], overall.choices) if c[0]]
