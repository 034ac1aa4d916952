"""Staff roles and what each may do: the single table every access check reads.

Front-desk staff book and register patients but never see clinical content (episodes,
diagnoses, later treatment notes and outcomes). Admins run the clinic: they may read
clinical content (to review and report) and the audit log, but only clinicians write it.
"""

from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


class Role(StrEnum):
    CLINICIAN = "clinician"
    ADMIN = "admin"
    FRONT_DESK = "front_desk"

    @property
    def label(self) -> "StrPromise":
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.CLINICIAN: _("Clinician"),
    Role.ADMIN: _("Clinic admin"),
    Role.FRONT_DESK: _("Front desk"),
}


class Capability(StrEnum):
    PATIENTS_VIEW = "patients.view"  # demographics and contact details
    PATIENTS_EDIT = "patients.edit"
    CLINICAL_VIEW = "clinical.view"  # episodes, diagnoses, notes, outcomes
    CLINICAL_EDIT = "clinical.edit"
    AUDIT_VIEW = "audit.view"
    BOOKINGS_MANAGE = "bookings.manage"  # booking requests from the public pages
    STOCK_MANAGE = "stock.manage"  # the clinic's list of stocked needles


CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.CLINICIAN: frozenset(
        {
            Capability.PATIENTS_VIEW,
            Capability.PATIENTS_EDIT,
            Capability.CLINICAL_VIEW,
            Capability.CLINICAL_EDIT,
            Capability.BOOKINGS_MANAGE,
            Capability.STOCK_MANAGE,
        }
    ),
    Role.ADMIN: frozenset(
        {
            Capability.PATIENTS_VIEW,
            Capability.PATIENTS_EDIT,
            Capability.CLINICAL_VIEW,
            Capability.AUDIT_VIEW,
            Capability.BOOKINGS_MANAGE,
            Capability.STOCK_MANAGE,
        }
    ),
    Role.FRONT_DESK: frozenset(
        {Capability.PATIENTS_VIEW, Capability.PATIENTS_EDIT, Capability.BOOKINGS_MANAGE}
    ),
}


def role_can(role: str, capability: Capability) -> bool:
    try:
        return capability in CAPABILITIES[Role(role)]
    except ValueError:
        return False
