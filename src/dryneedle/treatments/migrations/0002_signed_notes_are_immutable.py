"""Database triggers: a signed treatment note, and every row of it, can never change.

The models refuse too; the triggers also stop raw SQL, QuerySet.update() and bulk writes.
SQLite and PostgreSQL each get their own dialect; other databases are refused.
"""

from django.db import migrations

MESSAGE = "signed treatment notes cannot change; add an addendum"
CHILDREN = ("treatments_needling", "treatments_rangeofmotion", "treatments_adverseevent")
SIGNED = "(SELECT status FROM treatments_treatment WHERE id = {ref}.treatment_id) = 'signed'"

SQLITE_FORWARD = [
    f"""CREATE TRIGGER treatment_signed_no_update BEFORE UPDATE ON treatments_treatment
        WHEN OLD.status = 'signed' BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER treatment_signed_no_delete BEFORE DELETE ON treatments_treatment
        WHEN OLD.status = 'signed' BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    """CREATE TRIGGER addendum_no_update BEFORE UPDATE ON treatments_addendum
        BEGIN SELECT RAISE(ABORT, 'addenda cannot change'); END""",
    """CREATE TRIGGER addendum_no_delete BEFORE DELETE ON treatments_addendum
        BEGIN SELECT RAISE(ABORT, 'addenda cannot change'); END""",
]
for table in CHILDREN:
    SQLITE_FORWARD += [
        f"""CREATE TRIGGER {table}_signed_no_insert BEFORE INSERT ON {table}
            WHEN {SIGNED.format(ref="NEW")} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
        f"""CREATE TRIGGER {table}_signed_no_update BEFORE UPDATE ON {table}
            WHEN {SIGNED.format(ref="OLD")} OR {SIGNED.format(ref="NEW")}
            BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
        f"""CREATE TRIGGER {table}_signed_no_delete BEFORE DELETE ON {table}
            WHEN {SIGNED.format(ref="OLD")} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    ]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        "treatment_signed_no_update", "treatment_signed_no_delete",
        "addendum_no_update", "addendum_no_delete",
        *(f"{t}_signed_no_{op}" for t in CHILDREN for op in ("insert", "update", "delete")),
    )
]

POSTGRES_FORWARD = [
    f"""CREATE FUNCTION dryneedle_treatment_immutable() RETURNS trigger AS $$
    BEGIN
        IF OLD.status = 'signed' THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER treatment_signed_immutable BEFORE UPDATE OR DELETE ON treatments_treatment
        FOR EACH ROW EXECUTE FUNCTION dryneedle_treatment_immutable()""",
    f"""CREATE FUNCTION dryneedle_note_row_immutable() RETURNS trigger AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (
            SELECT 1 FROM treatments_treatment WHERE id = OLD.treatment_id AND status = 'signed'
        ) OR TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (
            SELECT 1 FROM treatments_treatment WHERE id = NEW.treatment_id AND status = 'signed'
        ) THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    *[
        f"""CREATE TRIGGER {table}_signed_immutable BEFORE INSERT OR UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION dryneedle_note_row_immutable()"""
        for table in CHILDREN
    ],
    """CREATE FUNCTION dryneedle_addendum_immutable() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'addenda cannot change' USING ERRCODE = 'integrity_constraint_violation';
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER addendum_immutable BEFORE UPDATE OR DELETE ON treatments_addendum
        FOR EACH ROW EXECUTE FUNCTION dryneedle_addendum_immutable()""",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS treatment_signed_immutable ON treatments_treatment",
    "DROP TRIGGER IF EXISTS addendum_immutable ON treatments_addendum",
    *[f"DROP TRIGGER IF EXISTS {t}_signed_immutable ON {t}" for t in CHILDREN],
    "DROP FUNCTION IF EXISTS dryneedle_treatment_immutable()",
    "DROP FUNCTION IF EXISTS dryneedle_note_row_immutable()",
    "DROP FUNCTION IF EXISTS dryneedle_addendum_immutable()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements_by_vendor:
            raise RuntimeError(f"No immutability triggers for the {vendor} database.")
        for statement in statements_by_vendor[vendor]:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("treatments", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
