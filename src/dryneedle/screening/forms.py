"""Forms: the clinician's safety screen and consent signing."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dryneedle.atlas.bodychart import region_groups, region_label
from dryneedle.atlas.loader import load_atlas, site_key
from dryneedle.patients.models import Patient
from dryneedle.screening.rules import AnswerError, evaluate, load_rules

YES_NO = [("no", _("No")), ("yes", _("Yes"))]
_SIGNATURE = re.compile(r"^(?:[ML]\s?-?\d{1,4}(?:\.\d{1,2})?[ ,]-?\d{1,4}(?:\.\d{1,2})?\s*)+$")


def region_keys(region_id: str) -> list[str]:
    """The keys a region can be ticked as: right and left for a paired region, else its id."""
    region = load_atlas().regions[region_id]
    return [site_key(region.id, "R"), site_key(region.id, "L")] if region.paired else [region.id]


def region_choices() -> list[tuple[str, str]]:
    """Every region key with its label, body part by body part (see region_groups)."""
    return [
        (key, region_label(key))
        for group in region_groups()
        for region_id in group.regions
        for key in region_keys(region_id)
    ]


@dataclass(frozen=True)
class CheckboxGroup:
    label: str
    checkboxes: list  # BoundWidget, one per region key
    open: bool  # a region in it is ticked


def checkbox_groups(bound_field: forms.BoundField) -> list[CheckboxGroup]:
    """A region field's checkboxes, one group per body part, in the order of region_groups."""
    by_key = {widget.data["value"]: widget for widget in bound_field.subwidgets}
    groups = []
    for group in region_groups():
        checkboxes = [by_key[k] for region_id in group.regions for k in region_keys(region_id)]
        ticked = any(widget.data["selected"] for widget in checkboxes)
        groups.append(CheckboxGroup(group.label, checkboxes, ticked))
    return groups


class ScreeningForm(forms.Form):
    """One yes/no field per question; region questions add a region list."""

    def __init__(self, *args: Any, patient_wording: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rules = load_rules()
        for question in self.rules.questions.values():
            label = question.patient_text if patient_wording else question.text
            self.fields[question.id] = forms.ChoiceField(
                label=label, choices=YES_NO, widget=forms.RadioSelect, help_text=question.help
            )
            if question.kind == "yes_no_regions":
                self.fields[f"{question.id}__regions"] = forms.MultipleChoiceField(
                    label=_("Where?"),
                    choices=region_choices(),
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                    help_text=_("Tick every region affected. Open a body part to see its regions."),
                )

    def question_rows(
        self,
    ) -> Iterator[tuple[forms.BoundField, forms.BoundField | None, list[CheckboxGroup]]]:
        """(yes/no field, region field or None, its checkboxes by body part) for the template."""
        for question in self.rules.questions.values():
            if question.kind == "yes_no_regions":
                regions = self[f"{question.id}__regions"]
                yield self[question.id], regions, checkbox_groups(regions)
            else:
                yield self[question.id], None, []

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if self.errors:
            return cleaned
        answers: dict[str, object] = {}
        for question in self.rules.questions.values():
            answer = cleaned[question.id]
            if question.kind == "yes_no_regions":
                regions = cleaned.get(f"{question.id}__regions") or []
                answers[question.id] = (
                    {"answer": "yes", "regions": list(regions)} if answer == "yes" else "no"
                )
                if answer == "no" and regions:
                    self.add_error(
                        f"{question.id}__regions", gettext("You answered no: clear these.")
                    )
            else:
                answers[question.id] = answer
        try:
            self.outcome = evaluate(answers, self.rules)
        except AnswerError as error:
            field = error.question
            if f"{field}__regions" in self.fields:
                field = f"{field}__regions"
            self.add_error(field if field in self.fields else None, str(error))
            return cleaned
        self.answers = answers
        return cleaned


class ConsentForm(forms.Form):
    typed_name = forms.CharField(label=_("Patient's full name, typed"), max_length=201)
    signature = forms.CharField(widget=forms.HiddenInput, required=False)
    witnessed = forms.BooleanField(
        label=_("I witnessed the patient read this text and sign."), required=True
    )

    def __init__(self, *args: Any, patient: Patient, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.patient = patient

    def clean_signature(self) -> str:
        signature = self.cleaned_data["signature"].strip()
        if not signature:
            raise forms.ValidationError(gettext("The patient has not signed in the box yet."))
        if len(signature) > 60_000 or not _SIGNATURE.match(signature):
            raise forms.ValidationError(
                gettext("The signature could not be read. Clear it and sign again.")
            )
        return signature

    def clean_typed_name(self) -> str:
        name = " ".join(self.cleaned_data["typed_name"].split())
        expected = {
            self.patient.full_name.lower(),
            f"{self.patient.family_name} {self.patient.given_name}".lower(),
        }
        if name.lower() not in expected:
            raise forms.ValidationError(
                gettext("The typed name does not match the patient's record (%(name)s).")
                % {"name": self.patient.full_name}
            )
        return name
