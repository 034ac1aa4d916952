"""ICD-10-CM code checks: format, normal form, and codes known to be invalid on claims.

This checks the *shape* of a code (letter, digit, alphanumeric; then a dot and up to four
more characters) and refuses the few codes our fact sheet names as deleted or non-billable.
It does not hold the full code table, so a well-formed code that does not exist still passes.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.utils.translation import gettext as _

_DATA_FILE = Path(__file__).with_name("data") / "diagnoses.yaml"
_SHAPE = re.compile(r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")


class InvalidCode(ValueError):
    """A code the user typed that cannot be stored; the message says why."""


@dataclass(frozen=True)
class Diagnosis:
    condition: str
    code: str
    title: str
    unconfirmed: bool = False


@cache
def _data() -> dict:
    return yaml.safe_load(_DATA_FILE.read_text())


def common_diagnoses() -> list[Diagnosis]:
    return [Diagnosis(**row) for row in _data()["common"]]


def title_for(code: str) -> str | None:
    return next((d.title for d in common_diagnoses() if d.code == code), None)


def normalise(raw: str) -> str:
    """The code in its stored form (upper case, dot after the category) or InvalidCode."""
    code = re.sub(r"\s+", "", raw or "").upper()
    if not code:
        raise InvalidCode(_("Enter an ICD-10-CM code, for example M54.50."))
    if "." not in code and len(code) > 3:
        code = f"{code[:3]}.{code[3:]}"
    if not _SHAPE.match(code):
        raise InvalidCode(
            _(
                "“%(code)s” is not an ICD-10-CM code. Codes start with a letter and two "
                "characters, then a dot and up to four more, for example M54.50 or G44.209."
            )
            % {"code": raw.strip()}
        )
    for refused in _data()["refused"]:
        if refused["code"] == code:
            alternatives = ", ".join(refused["use"])
            raise InvalidCode(
                _("%(reason)s Use one of: %(codes)s.")
                % {"reason": refused["reason"], "codes": alternatives}
            )
    return code
