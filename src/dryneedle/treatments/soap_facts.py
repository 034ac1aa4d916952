"""Gather a treatment's structured entries into the facts the SOAP drafter needs."""

from decimal import Decimal

from dryneedle.atlas.icd10 import title_for
from dryneedle.atlas.loader import load_atlas
from dryneedle.screening.gate import Gate
from dryneedle.treatments.models import Treatment
from dryneedle.treatments.soap import (
    AdverseEntry,
    NeedlingEntry,
    RomMeasure,
    SessionFacts,
    SoapDraft,
    draft_soap,
)


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.1f}"


def soap_draft_for(treatment: Treatment, gate: Gate) -> SoapDraft:
    atlas = load_atlas()
    episode = treatment.episode
    title = title_for(episode.icd10_code)
    facts = SessionFacts(
        diagnosis=f"{episode.icd10_code} {title}" if title else episode.icd10_code,
        problem=episode.problem,
        pre_nprs=treatment.pre_nprs,
        post_nprs=treatment.post_nprs,
        discomfort=treatment.discomfort,
        ppt_site=treatment.ppt_site,
        pre_ppt=_decimal(treatment.pre_ppt),
        post_ppt=_decimal(treatment.post_ppt),
        rom=tuple(
            RomMeasure(r.movement, r.side or None, r.before_degrees, r.after_degrees)
            for r in treatment.rom.all()
        ),
        needlings=tuple(
            NeedlingEntry(
                muscle_name=atlas.muscles[n.muscle].name if n.muscle in atlas.muscles else n.muscle,
                side=n.side or None,
                technique=n.get_technique_display().lower(),
                twitch=(f"{n.twitch_count}" if n.twitch_count is not None else n.twitch),
                passes=n.passes,
                minutes=n.minutes,
                depth_mm=n.depth_mm,
                needle=str(n.needle),
            )
            for n in treatment.needlings.select_related("needle")
        ),
        adverse_events=tuple(
            AdverseEntry(
                e.get_kind_display(), e.get_severity_display(), e.get_onset_display(), e.action
            )
            for e in treatment.adverse_events.all()
        ),
        patient_response=treatment.patient_response,
        precautions=tuple(t["advice"] for t in gate.precautions),
    )
    return draft_soap(facts)
