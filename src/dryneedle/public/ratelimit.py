"""Per-address limits for the public forms, counted atomically in the database.

django-ratelimit was the first choice, but it refuses every cache Django ships (none is both
shared and atomic) and a small clinic should not need memcached or Redis for this. Counters are
kept per hour under an HMAC of the address, never the address itself, and old hours are deleted
(see docs/decisions/003-screening-and-public-pages.md).
"""

import hashlib
import hmac

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from dryneedle.clinics.audit import client_ip
from dryneedle.public.models import PublicFormCounter


def _client_address(request) -> str:
    return client_ip(request) or "unknown"


def allow(request, scope: str) -> bool:
    """Count this submission; False once the address passed the hourly limit for `scope`."""
    window = timezone.now().replace(minute=0, second=0, microsecond=0)
    message = f"{scope}|{_client_address(request)}|{window.isoformat()}".encode()
    key = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
    with transaction.atomic():
        counter, _ = PublicFormCounter.objects.get_or_create(key=key, defaults={"window": window})
        PublicFormCounter.objects.filter(pk=counter.pk).update(count=F("count") + 1)
        count = PublicFormCounter.objects.values_list("count", flat=True).get(pk=counter.pk)
    PublicFormCounter.objects.filter(window__lt=window).delete()
    return count <= settings.PUBLIC_FORM_LIMIT_PER_HOUR
