"""The audit rows of an export to files: one per clinic whose data left, so each clinic's
admins see it in their log. Written by the export itself once its files are complete."""

from pathlib import Path

from dryneedle.clinics import audit
from dryneedle.clinics.models import Clinic


def record_export(
    by: audit.Actor | audit.User | None,
    what: str,
    out_dir: Path,
    clinic: Clinic | None,
    counts: dict[str, int],
    via: str = "",
) -> None:
    """EXPORT rows for `clinic`, or for every clinic when the export was of all of them.
    `what` names the format ("CSV files"); `via` how it was asked for ("command line")."""
    actor = audit.as_actor(by)
    scope = "" if clinic is not None else " (all clinics)"
    total = sum(counts.values())
    how = f" ({via})" if via else ""
    detail = f"{what}{scope}, {total} rows, to {out_dir}{how}"
    for each in [clinic] if clinic is not None else Clinic.objects.all():
        audit.write(actor, audit.Action.EXPORT, clinic=each, detail=detail)
