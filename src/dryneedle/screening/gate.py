"""The needling gate: may this patient be needled now, and where not?

The treatment note asks `needling_gate(patient, episode)` before a session starts. Needling
needs a current screen for the episode (not older than DRYNEEDLE_SCREENING_VALID_DAYS, made with
the current rules) that is not contraindicated, and a consent to the current consent text.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from dryneedle.atlas.loader import site_key
from dryneedle.patients.models import Episode, Patient
from dryneedle.screening.consent import current_consent_text
from dryneedle.screening.models import Consent, Screening
from dryneedle.screening.rules import load_rules


@dataclass(frozen=True)
class Gate:
    allowed: bool
    reasons: tuple[str, ...]  # why needling may not start, in the clinician's words
    screening: Screening | None
    consent: Consent | None
    precautions: tuple[dict, ...] = field(default=())  # triggered rules to show all session
    avoid_regions: frozenset[str] = frozenset()

    def advice_for_region(self, region_id: str, side: str | None = None) -> list[str]:
        """Screen advice for a needling site: rules whose regions include it."""
        wanted = {region_id, site_key(region_id, side)}
        return [
            rule["advice"]
            for rule in self.precautions
            if wanted & set(rule["regions"])
            or (side is None and any(r.split(":")[0] == region_id for r in rule["regions"]))
        ]


def screening_is_current(
    screening: Screening, episode: Episode, now: datetime.datetime
) -> str | None:
    """None when the screen is current, else the reason it is not."""
    if screening.episode_id != episode.pk:
        return _("The last safety screen was for another episode of care.")
    if screening.rules_version != load_rules().version:
        return _("The screening rules have changed since the last screen.")
    age = now - screening.created_at
    if age > datetime.timedelta(days=settings.SCREENING_VALID_DAYS):
        valid = settings.SCREENING_VALID_DAYS
        return _("The last safety screen is %(days)d days old (valid for %(valid)s).") % {
            "days": age.days,
            "valid": valid,
        }
    return None


def needling_gate(
    patient: Patient, episode: Episode, *, now: datetime.datetime | None = None
) -> Gate:
    now = now or timezone.now()
    reasons: list[str] = []
    screening = episode.screenings.order_by("-created_at", "-id").first()
    if screening is None:
        reasons.append(_("No safety screen for this episode yet."))
    else:
        stale = screening_is_current(screening, episode, now)
        if stale:
            reasons.append(_("%(reason)s Repeat the screen.") % {"reason": stale})
        elif screening.result == Screening.Result.CONTRAINDICATED:
            why = "; ".join(
                t["advice"] for t in screening.triggered if t["level"] == "contraindicated"
            )
            reasons.append(_("The safety screen found a contraindication: %(why)s") % {"why": why})
    text = current_consent_text()
    consent = patient.consents.order_by("-signed_at", "-id").first()
    if consent is None:
        reasons.append(_("The patient has not signed the consent."))
    elif consent.text_version != text.version:
        reasons.append(
            _(
                "The patient signed consent version %(signed)s; version %(current)s needs a new "
                "signature."
            )
            % {"signed": consent.text_version, "current": text.version}
        )
    current = screening if screening and not screening_is_current(screening, episode, now) else None
    precautions = tuple(
        t for t in (current.triggered if current else []) if t["level"] != "contraindicated"
    )
    return Gate(
        allowed=not reasons,
        reasons=tuple(reasons),
        screening=screening,
        consent=consent,
        precautions=precautions,
        avoid_regions=frozenset(
            r for t in precautions if t["level"] == "avoid_region" for r in t["regions"]
        ),
    )
