"""What can happen to a treatment note: start, save a draft, add and remove rows, sign, add
an addendum.

Every operation checks its rule and raises NoteError (or NoteLocked) with a message for the
clinician; nothing is half-saved: each runs in one transaction, which also writes the
operation's audit row, so a change and its row are saved together or not at all. `by` is
the acting `audit.Actor` (a view passes `Actor.from_request(request)`), or a user.
"""

from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import F, Field
from django.utils import timezone
from django.utils.translation import gettext as _

from dryneedle.atlas.bodychart import region_label
from dryneedle.atlas.loader import load_atlas
from dryneedle.clinics import audit
from dryneedle.clinics.models import User
from dryneedle.patients.models import Episode
from dryneedle.screening.gate import Gate, needling_gate
from dryneedle.treatments import coding
from dryneedle.treatments.models import Addendum, Needling, NoteLocked, NoteRow, Treatment
from dryneedle.treatments.signals import treatment_signed
from dryneedle.treatments.soap import TO_COMPLETE

DRAFT_FIELDS = (
    "pre_nprs",
    "post_nprs",
    "discomfort",
    "ppt_site",
    "pre_ppt",
    "post_ppt",
    "patient_response",
    "needles_opened",
    "needles_removed",
    "needles_discarded",
    "subjective",
    "objective",
    "assessment",
    "plan",
)
SOAP_FIELDS = ("subjective", "objective", "assessment", "plan")


class Problem(str):
    """One reason a note cannot be signed yet; `field` names the note field to correct, if any,
    so a page can link to it. It is a plain string everywhere else."""

    field = ""

    @classmethod
    def at(cls, field: str, text: str) -> "Problem":
        problem = cls(text)
        problem.field = field
        return problem


class NoteError(Exception):
    """A rule of the treatment note was not met; the message says which, in plain words."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or [message]


class EditConflict(NoteError):
    """Someone else saved the draft since this copy was loaded (HTTP 409 Conflict)."""


class UnfinishedNote(NoteError):
    """The SOAP note still holds the draft's placeholder; `problems` name the fields."""


@dataclass(frozen=True)
class Started:
    treatment: Treatment
    gate: Gate


Acting = audit.Actor | User


def start(episode: Episode, by: Acting) -> Started:
    """Open a draft note, if the gate allows needling this patient now."""
    actor = audit.as_actor(by)
    gate = needling_gate(episode.patient, episode)
    if not gate.allowed:
        raise NoteError(
            _("Needling cannot start: %(reasons)s") % {"reasons": " ".join(gate.reasons)},
            list(gate.reasons),
        )
    if episode.closed_on is not None:
        raise NoteError(_("This episode of care is closed. Open a new episode first."))
    assert actor.user is not None, "a note is started by a clinician"
    with transaction.atomic():
        treatment = Treatment.objects.create(episode=episode, clinician=actor.user)
        audit.write(actor, audit.Action.CREATE, patient=episode.patient, obj=treatment)
    return Started(treatment, gate)


def save_draft(treatment: Treatment, changes: dict, expected_version: int, by: Acting) -> Treatment:
    """Save fields of a draft unless another save came first (optimistic locking)."""
    unknown = set(changes) - set(DRAFT_FIELDS)
    if unknown:
        raise ValueError(f"Not draft fields: {sorted(unknown)}")
    with transaction.atomic():
        if Treatment.objects.filter(pk=treatment.pk, status=Treatment.Status.SIGNED).exists():
            raise NoteLocked()
        updated = Treatment.objects.filter(
            pk=treatment.pk, version=expected_version, status=Treatment.Status.DRAFT
        ).update(**changes, version=F("version") + 1, updated_at=timezone.now())
        if not updated:
            current = Treatment.objects.select_related("clinician").get(pk=treatment.pk)
            saved_at = timezone.localtime(current.updated_at)
            raise EditConflict(
                _(
                    "This note was saved by someone else at %(time)s since you opened it. "
                    "Nothing of yours was overwritten: reload the note, then make your change "
                    "again."
                )
                % {"time": f"{saved_at:%H:%M}"}
            )
        audit.write(
            audit.as_actor(by),
            audit.Action.UPDATE,
            patient=treatment.episode.patient,
            obj=treatment,
            detail="draft saved: " + ", ".join(sorted(changes)),
        )
    treatment.refresh_from_db()
    return treatment


def sites(treatment: Treatment) -> list[coding.Site]:
    return [coding.Site(n.muscle, n.side or None) for n in treatment.needlings.all()]


def signing_problems(treatment: Treatment, by: User) -> list[str]:
    problems = []
    if treatment.is_signed:
        problems.append(_("This note is already signed."))
    if getattr(by, "pk", None) != treatment.clinician_id:
        problems.append(_("Only the treating clinician can sign this note."))
    if treatment.pre_nprs is None:
        problems.append(_("Record the pain before needling (NPRS)."))
    if treatment.post_nprs is None:
        problems.append(_("Record the pain after needling (NPRS)."))
    opened, removed, discarded = (
        treatment.needles_opened,
        treatment.needles_removed,
        treatment.needles_discarded,
    )
    if opened is None or removed is None or discarded is None:
        problems.append(_("Enter the needle count: opened, removed, and discarded intact."))
    elif not treatment.needle_count_reconciles:
        missing = opened - removed - discarded
        has_event = treatment.adverse_events.filter(kind="missing_needle").exists()
        if not has_event:
            problems.append(
                _(
                    "The needle count does not reconcile: %(opened)d opened, %(removed)d "
                    "removed, %(discarded)d discarded (%(missing)+d). Find the needle, or record "
                    "a missing needle as an adverse event with the action taken."
                )
                % {
                    "opened": treatment.needles_opened,
                    "removed": treatment.needles_removed,
                    "discarded": treatment.needles_discarded,
                    "missing": missing,
                }
            )
    if not any((treatment.subjective, treatment.objective, treatment.assessment, treatment.plan)):
        problems.append(_("Write or draft the SOAP note."))
    return problems + unfinished_soap(treatment)


def unfinished_soap(treatment: Treatment) -> list[Problem]:
    """A problem for each SOAP field still holding the draft's "to complete" placeholder."""
    return [
        Problem.at(
            name,
            _(
                "The %(section)s section still says “%(placeholder)s”: write what you mean "
                "there before signing."
            )
            % {"section": _verbose_name(name), "placeholder": TO_COMPLETE},
        )
        for name in SOAP_FIELDS
        if TO_COMPLETE in getattr(treatment, name)
    ]


def _verbose_name(name: str) -> str:
    """A note field's verbose name, in the active language."""
    field = Treatment._meta.get_field(name)
    assert isinstance(field, Field), "the SOAP sections are fields of Treatment"
    return str(field.verbose_name)


def sign(treatment: Treatment, by: Acting) -> Treatment:
    """Sign the note: code it, copy the diagnosis, and lock it for good."""
    actor = audit.as_actor(by)
    with transaction.atomic():
        treatment = Treatment.objects.select_for_update().get(pk=treatment.pk)
        assert actor.user is not None, "a note is signed by a clinician"
        problems = signing_problems(treatment, actor.user)
        if problems:
            unfinished = any(isinstance(p, Problem) and p.field for p in problems)
            error = UnfinishedNote if unfinished else NoteError
            raise error(
                _("The note cannot be signed yet: %(problems)s") % {"problems": " ".join(problems)},
                problems,
            )
        session = coding.code_session(sites(treatment))
        Treatment.objects.filter(pk=treatment.pk, status=Treatment.Status.DRAFT).update(
            status=Treatment.Status.SIGNED,
            signed_at=timezone.now(),
            cpt_code=session.cpt or "",
            icd10_code=treatment.episode.icd10_code,
            version=F("version") + 1,
        )
        treatment.refresh_from_db()
        audit.write(
            actor,
            audit.Action.UPDATE,
            patient=treatment.episode.patient,
            obj=treatment,
            detail=f"signed; CPT {treatment.cpt_code or 'none'}",
        )
    signed = treatment
    transaction.on_commit(
        lambda: treatment_signed.send(sender=Treatment, treatment=signed), robust=False
    )
    return treatment


def add_addendum(treatment: Treatment, by: Acting, text: str) -> Addendum:
    """Add a correction or later fact to a signed note (the note itself never changes)."""
    actor = audit.as_actor(by)
    text = text.strip()
    if not treatment.is_signed:
        raise NoteError(_("Addenda are for signed notes; edit the draft instead."))
    if not text:
        raise NoteError(_("Write the addendum first."))
    if len(text) > 5000:
        raise NoteError(_("Keep an addendum under 5,000 characters."))
    assert actor.user is not None, "an addendum is written by a clinician"
    with transaction.atomic():
        addendum = Addendum.objects.create(treatment=treatment, author=actor.user, text=text)
        audit.write(actor, audit.Action.CREATE, patient=treatment.episode.patient, obj=addendum)
    return addendum


def hazard_warnings(
    treatment: Treatment, gate: Gate, muscle_id: str, side: str | None
) -> list[str]:
    """Warnings for a needling site: the muscle's hazards and the screen's regional advice."""
    atlas = load_atlas()
    muscle = atlas.muscles.get(muscle_id)
    if muscle is None:
        return []
    warnings = [
        _("%(caution)s caution — %(structure)s: %(note)s")
        % {"caution": h.caution.capitalize(), "structure": h.structure_label, "note": h.note}
        for h in muscle.hazards
    ]
    regions = {r for tp in muscle.trigger_points for r in tp.essential} | {
        # the muscle's own location is where its trigger points are; the zone nearest the
        # muscle is not in the data, so screen advice is matched on every zone region
        r
        for tp in muscle.trigger_points
        for r in tp.spillover
    }
    for region in sorted(regions):
        for advice in gate.advice_for_region(region, side):
            text = _("Screen: %(advice)s") % {"advice": advice}
            if text not in warnings:
                warnings.append(text)
    return warnings


def forbidden_sites(gate: Gate, muscle_id: str, side: str | None) -> list[str]:
    """Regions where this muscle lies that the screen says never to needle (avoid_region)."""
    keys = set(load_atlas().needled_sites(muscle_id, side))
    flagged = set()
    for key in gate.avoid_regions:
        region, _, flagged_side = key.partition(":")
        for candidate in keys:
            c_region, _, c_side = candidate.partition(":")
            if c_region == region and (not flagged_side or not c_side or flagged_side == c_side):
                flagged.add(candidate)
    return sorted(flagged)


def add_needling(
    treatment: Treatment, by: Acting, gate: Gate | None = None, **fields: Any
) -> Needling:
    """Record a needled muscle; refused where the safety screen says never to needle."""
    treatment.assert_editable()
    gate = gate or needling_gate(treatment.episode.patient, treatment.episode)
    forbidden = forbidden_sites(gate, fields["muscle"], fields.get("side") or None)
    if forbidden:
        places = ", ".join(region_label(key) for key in forbidden)
        raise NoteError(
            _(
                "The safety screen says never to needle here: %(places)s. Choose another site; "
                "if the screen was wrong, repeat it first."
            )
            % {"places": places}
        )
    return add_entry(treatment, Needling(**fields), by)


E = TypeVar("E", bound=NoteRow)


def add_entry(treatment: Treatment, entry: E, by: Acting) -> E:
    """Attach a row to a draft note: a needling, a range-of-motion measure or an adverse
    event (an unsaved model instance)."""
    with transaction.atomic():
        treatment.assert_editable()
        entry.treatment = treatment
        entry.save()
        audit.write(
            audit.as_actor(by), audit.Action.CREATE, patient=treatment.episode.patient, obj=entry
        )
    return entry


def remove_entry(treatment: Treatment, entry: NoteRow, kind: str, by: Acting) -> None:
    """Remove a row from a draft note; `kind` names it in the audit row (e.g. "needling")."""
    row_pk = entry.pk
    with transaction.atomic():
        entry.delete()
        audit.write(
            audit.as_actor(by),
            audit.Action.UPDATE,
            patient=treatment.episode.patient,
            obj=treatment,
            detail=f"removed {kind} {row_pk}",
        )
