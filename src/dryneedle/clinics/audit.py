"""Write audit rows: who touched which patient's data, how, when and from where."""

import ipaddress

from django.conf import settings
from django.db import models

from dryneedle.clinics.models import AuditEvent, Clinic

Action = AuditEvent.Action


def client_ip(request) -> str | None:
    """The client's address; behind our proxy, the hop the proxy appended last."""
    if request is None:
        return None
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if forwarded:
            try:
                return str(ipaddress.ip_address(forwarded))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR") or None


def record(
    request,
    action: str,
    *,
    patient=None,
    obj: models.Model | None = None,
    detail: str = "",
    clinic: Clinic | None = None,
    user=None,
) -> AuditEvent:
    """Record one access. `obj` names the row touched; `patient` whose data it is."""
    if user is None and request is not None and request.user.is_authenticated:
        user = request.user
    if clinic is None:
        clinic = getattr(request, "clinic", None) or getattr(patient, "clinic", None)
    return AuditEvent.objects.create(
        user=user,
        clinic=clinic,
        patient=patient,
        action=action,
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        path=request.get_full_path()[:500] if request is not None else "",
        method=(request.method or "") if request is not None else "",
        ip_address=client_ip(request),
        detail=detail[:500],
    )
