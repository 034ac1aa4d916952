"""Patient and episode forms; clean_* methods return domain values (normalised codes)."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dryneedle.atlas import icd10
from dryneedle.atlas.loader import load_atlas
from dryneedle.clinics.models import Clinic
from dryneedle.patients.models import Episode, Patient


class PatientForm(forms.ModelForm):
    confirm_duplicate = forms.BooleanField(
        required=False,
        label=_("Yes, this is a different person with the same name and birth date."),
    )

    class Meta:
        model = Patient
        fields = [
            "given_name",
            "family_name",
            "date_of_birth",
            "sex",
            "email",
            "phone",
            "record_number",
        ]
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, clinic: Clinic, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clinic = clinic
        self.duplicates: list[Patient] = []
        for name in ("given_name", "family_name"):
            self.fields[name].widget.attrs["autocomplete"] = "off"
        self.fields["sex"].required = False

    def clean_sex(self) -> str:
        return self.cleaned_data["sex"] or Patient.Sex.UNKNOWN

    def clean_given_name(self) -> str:
        return self.cleaned_data["given_name"].strip()

    def clean_family_name(self) -> str:
        return self.cleaned_data["family_name"].strip()

    def clean_date_of_birth(self) -> datetime.date:
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born > today:
            raise forms.ValidationError(gettext("The date of birth is in the future."))
        if born.year < today.year - 130:
            raise forms.ValidationError(
                gettext("Check the year of birth: that is over 130 years ago.")
            )
        return born

    def clean_record_number(self) -> str:
        number = self.cleaned_data["record_number"].strip()
        if number:
            clash = Patient.objects.filter(clinic=self.clinic, record_number=number)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                raise forms.ValidationError(
                    gettext("Another patient in this clinic has this number.")
                )
        return number

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if self.errors:
            return cleaned
        duplicates = Patient.objects.filter(clinic=self.clinic).possible_duplicates(
            given_name=cleaned["given_name"],
            family_name=cleaned["family_name"],
            date_of_birth=cleaned["date_of_birth"],
        )
        if self.instance.pk:
            duplicates = duplicates.exclude(pk=self.instance.pk)
        self.duplicates = list(duplicates)
        if self.duplicates and not cleaned.get("confirm_duplicate"):
            raise forms.ValidationError(
                gettext(
                    "A patient with this name and date of birth is already registered. Open the "
                    "existing record, or confirm below that this is a different person."
                ),
                code="possible_duplicate",
            )
        return cleaned


class EpisodeForm(forms.ModelForm):
    class Meta:
        model = Episode
        fields = ["icd10_code", "problem", "protocol", "opened_on", "closed_on"]
        widgets = {
            "icd10_code": forms.TextInput(
                attrs={"list": "common-diagnoses", "autocomplete": "off", "spellcheck": "false"}
            ),
            "problem": forms.Textarea(attrs={"rows": 3}),
            "opened_on": forms.DateInput(attrs={"type": "date"}),
            "closed_on": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {"icd10_code": _("Choose a common diagnosis or type any ICD-10-CM code.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        protocols = load_atlas().protocols.values()
        self.fields["protocol"] = forms.ChoiceField(
            label=_("Protocol"),
            required=False,
            choices=[("", _("Chosen from the diagnosis"))] + [(p.id, p.name) for p in protocols],
            help_text=_("Muscles to examine first and recommended outcome measures."),
        )

    def clean_icd10_code(self) -> str:
        try:
            return icd10.normalise(self.cleaned_data["icd10_code"])
        except icd10.InvalidCode as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        opened, closed = cleaned.get("opened_on"), cleaned.get("closed_on")
        if opened and closed and closed < opened:
            self.add_error("closed_on", gettext("An episode cannot close before it opens."))
        return cleaned
