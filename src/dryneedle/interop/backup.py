"""Back up one clinic to a JSON file and restore it, all or nothing.

The models written are derived, not listed: every model whose rows lead to a clinic through
foreign keys (`clinic_path`, or a direct key to Clinic), the django-simple-history rows of
those models, and every user those rows name (members, authors, history users). A model that
leads to a clinic but does not say how (no `clinic_path`) stops the backup rather than being
left out silently. Format (version 1): {"format", "version", "clinic", "objects"}; "objects"
is Django's serializer output, models in dependency order, rows by primary key, primary keys
kept. The file holds password hashes and health records: it is as sensitive as the database.
"""

import datetime
import importlib
import io
import json
from collections.abc import Iterable

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction

from dryneedle.clinics import audit
from dryneedle.clinics.models import Clinic, User
from dryneedle.treatments.models import Treatment

FORMAT = "dryneedle-clinic-backup"
VERSION = 1

# Models that moved to another app keep their tables; a backup written before the move names
# them by their old label, which restore reads as the new one.
MOVED_MODELS = {
    "screening.bookingrequest": "public.bookingrequest",
    "screening.historicalbookingrequest": "public.historicalbookingrequest",
    "atlas.paindrawing": "patients.paindrawing",
    "atlas.historicalpaindrawing": "patients.historicalpaindrawing",
}


class _ExactEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup keeps every microsecond."""

    def default(self, o: object) -> object:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why, in one line."""


def _forward_keys(model: type[models.Model]) -> list[models.ForeignKey]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and f.related_model
    ]


def _history_of(model: type[models.Model]) -> type[models.Model] | None:
    """The original model of a django-simple-history historical model, else None."""
    return (
        getattr(model, "instance_type", None) if model.__name__.startswith("Historical") else None
    )


def _reaches_clinic(model: type[models.Model], seen: tuple[type[models.Model], ...] = ()) -> bool:
    if model is Clinic:
        return True
    if model is User or model in seen:
        return False
    return any(_reaches_clinic(f.related_model, (*seen, model)) for f in _forward_keys(model))


def clinic_path(model: type[models.Model]) -> str:
    """The lookup from `model` to its clinic."""
    original = _history_of(model) or model
    if original is Clinic:
        return "pk"
    path = getattr(original, "clinic_path", None)
    if path is None:
        direct = [f.name for f in _forward_keys(original) if f.related_model is Clinic]
        if len(direct) != 1:
            raise BackupError(
                f"{model._meta.label} belongs to a clinic but has no clinic_path; "
                "add one so backups include it."
            )
        path = direct[0]
    return path


def clinic_models() -> list[type[models.Model]]:
    """Every model holding a clinic's rows, parents before children (Clinic first)."""
    owned = [m for m in apps.get_models() if m is not User and _reaches_clinic(m)]
    for model in owned:
        clinic_path(model)  # fails loudly for a model that does not say how it is scoped
    ordered: list[type[models.Model]] = []

    def visit(model: type[models.Model], trail: tuple[type[models.Model], ...] = ()) -> None:
        if model in ordered or model not in owned or model in trail:
            return
        for field in _forward_keys(model):
            visit(field.related_model, (*trail, model))
        ordered.append(model)

    for model in sorted(owned, key=lambda m: m._meta.label):
        visit(model)
    return ordered


def _rows(model: type[models.Model], clinic: Clinic) -> models.QuerySet:
    return model._base_manager.filter(**{clinic_path(model): clinic.pk}).order_by("pk")


def _users(clinic: Clinic, querysets: Iterable[models.QuerySet]) -> models.QuerySet:
    """Members of the clinic and every user a clinic row names."""
    ids = set(clinic.memberships.values_list("user_id", flat=True))
    for queryset in querysets:
        for field in _forward_keys(queryset.model):
            if field.related_model is User:
                ids.update(
                    queryset.exclude(**{f"{field.attname}__isnull": True}).values_list(
                        field.attname, flat=True
                    )
                )
    return User.objects.filter(pk__in=ids).order_by("pk")


def dump(clinic: Clinic) -> dict:
    """The clinic's complete content as a JSON-ready dict (deterministic)."""
    querysets = [_rows(model, clinic) for model in clinic_models()]
    # Users first; their groups and permissions by natural key (their ids differ per database).
    objects = serializers.serialize(
        "python", _users(clinic, querysets), use_natural_foreign_keys=True
    )
    for queryset in querysets:
        objects += serializers.serialize("python", queryset)
    return {
        "format": FORMAT,
        "version": VERSION,
        "clinic": clinic.slug,
        # Through JSON once, so dates and decimals are in their file form.
        "objects": json.loads(json.dumps(objects, cls=_ExactEncoder)),
    }


def write(clinic: Clinic, stream: io.TextIOBase) -> int:
    """Write the backup to a text stream; answer the number of rows written. All rows are
    read in one transaction (one snapshot on PostgreSQL), so concurrent writes cannot leave
    a row in the file without the row it belongs to."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        content = dump(clinic)
        json.dump(content, stream, sort_keys=True, indent=1, ensure_ascii=False)
        stream.write("\n")
        audit.record(
            None,
            audit.Action.VIEW,
            clinic=clinic,
            obj=clinic,
            detail=f"backup: {len(content['objects'])} rows written",
        )
    return len(content["objects"])


# --- restore -------------------------------------------------------------------------------

_triggers = importlib.import_module(
    "dryneedle.treatments.migrations.0002_signed_notes_are_immutable"
)
_audit_guard = importlib.import_module("dryneedle.clinics.migrations.0004_audit_rows_are_immutable")
# Signed notes and audit rows are guarded by triggers; --replace lifts both sets for the
# deletion only, inside the restore's transaction (the command keeps a copy first).
TRIGGERS_ON = {
    "sqlite": _triggers.SQLITE_FORWARD + _audit_guard.SQLITE_FORWARD,
    "postgresql": _triggers.POSTGRES_FORWARD + _audit_guard.POSTGRES_FORWARD,
}
TRIGGERS_OFF = {
    "sqlite": _triggers.SQLITE_BACKWARD + _audit_guard.SQLITE_BACKWARD,
    "postgresql": _triggers.POSTGRES_BACKWARD + _audit_guard.POSTGRES_BACKWARD,
}


def _execute(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def parse(text: str) -> dict:
    try:
        content = json.loads(text)
    except ValueError as error:
        raise BackupError(f"Not a dryneedle backup file (not JSON: {error}).") from None
    if not isinstance(content, dict) or content.get("format") != FORMAT:
        raise BackupError("Not a dryneedle clinic backup file.")
    if content.get("version") != VERSION:
        raise BackupError(
            f"Backup format version {content.get('version')} is not supported "
            f"(this dryneedle reads version {VERSION})."
        )
    if not isinstance(content.get("objects"), list) or not content.get("clinic"):
        raise BackupError("The backup file is incomplete (no clinic or no rows).")
    for row in content["objects"]:
        if isinstance(row, dict) and row.get("model") in MOVED_MODELS:
            row["model"] = MOVED_MODELS[row["model"]]
    return content


def _delete_clinic(clinic: Clinic) -> None:
    """Delete the clinic's content, children first, without the ORM's protections (the
    triggers are lifted by the caller, in the same transaction). Users are kept."""
    for model in reversed(clinic_models()):
        _rows(model, clinic).order_by()._raw_delete(connection.alias)


def _collisions(objects: list[dict]) -> list[str]:
    by_model: dict[str, list] = {}
    for row in objects:
        by_model.setdefault(row["model"], []).append(row["pk"])
    found = []
    for label, pks in by_model.items():
        model = apps.get_model(label)
        if model is User:
            continue
        taken = model._base_manager.filter(pk__in=pks).count()
        if taken:
            found.append(f"{taken} {model._meta.verbose_name_plural}")
    return found


def _check_users(objects: list[dict], replace: bool) -> None:
    rows = {row["pk"]: row["fields"]["email"] for row in objects if row["model"] == "clinics.user"}
    existing = dict(User.objects.filter(pk__in=rows).values_list("pk", "email"))
    for pk, email in existing.items():
        if not replace:
            raise BackupError(f"User #{pk} ({email}) already exists; nothing was restored.")
        if email.lower() != rows[pk].lower():
            raise BackupError(
                f"User #{pk} is {email} here but {rows[pk]} in the backup; nothing was restored."
            )


def restore(content: dict, *, replace: bool = False) -> Clinic:
    """Load a parsed backup in one transaction; refuse if its clinic or rows already exist
    (unless `replace`: then that clinic's content is deleted first)."""
    vendor = connection.vendor
    if vendor not in TRIGGERS_ON:
        raise BackupError(f"Restoring into a {vendor} database is not supported.")
    objects = content["objects"]
    slug = content["clinic"]
    signed: dict[int, dict] = {}
    with transaction.atomic():
        existing = Clinic.objects.filter(slug=slug).first()
        if existing and not replace:
            raise BackupError(
                f"Clinic {slug!r} already exists; nothing was restored (use --replace)."
            )
        _check_users(objects, replace)
        _execute(TRIGGERS_OFF[vendor])
        if existing:
            _delete_clinic(existing)
        taken = _collisions(objects)
        if taken:
            raise BackupError(
                "Rows with these ids already exist (another clinic?): "
                + ", ".join(taken)
                + "; nothing was restored."
            )
        # The triggers are back before any row is written: signed notes go in as drafts,
        # their rows follow, then signing (an allowed change) completes them.
        _execute(TRIGGERS_ON[vendor])
        rows = []
        for row in objects:
            if row["model"] == "treatments.treatment" and row["fields"]["status"] == "signed":
                fields = row["fields"]
                signed[row["pk"]] = {"status": "signed", "signed_at": fields["signed_at"]}
                row = {**row, "fields": {**fields, "status": "draft", "signed_at": None}}
            rows.append(row)
        loaded = set()
        for item in serializers.deserialize("python", rows):
            # Existing users (allowed only with replace) are updated; everything else is new.
            item.save(force_insert=type(item.object) is not User)
            loaded.add(type(item.object))
        for pk, fields in signed.items():
            Treatment.objects.filter(pk=pk, status="draft").update(**fields)
        _execute(connection.ops.sequence_reset_sql(no_style(), sorted(loaded, key=str)))
        clinic = Clinic.objects.get(slug=slug)
        audit.record(
            None,
            audit.Action.CREATE,
            clinic=clinic,
            obj=clinic,
            detail=f"restore: {len(objects)} rows from a backup"
            + (" (replaced)" if existing else ""),
        )
    return clinic
