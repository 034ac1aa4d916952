"""Database triggers: an audit row, once written, can never be changed or deleted.

The model and its queryset refuse too; the triggers also stop raw SQL and other programs.
Wiping the whole database stays possible: PostgreSQL's TRUNCATE (what `flush` runs there)
fires no row triggers, and on SQLite the project's `flush` command lifts these triggers for
the length of its transaction (clinics/management/commands/flush.py).

Beware: on SQLite, a later migration that rebuilds clinics_auditevent (most AlterField and
RemoveField operations) drops these triggers; such a migration must create them again.
"""

from django.db import migrations

MESSAGE = "audit events cannot be changed or deleted"

SQLITE_FORWARD = [
    f"""CREATE TRIGGER auditevent_no_update BEFORE UPDATE ON clinics_auditevent
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER auditevent_no_delete BEFORE DELETE ON clinics_auditevent
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS auditevent_no_update",
    "DROP TRIGGER IF EXISTS auditevent_no_delete",
]

POSTGRES_FORWARD = [
    f"""CREATE FUNCTION dryneedle_auditevent_immutable() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER auditevent_immutable BEFORE UPDATE OR DELETE ON clinics_auditevent
        FOR EACH ROW EXECUTE FUNCTION dryneedle_auditevent_immutable()""",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS auditevent_immutable ON clinics_auditevent",
    "DROP FUNCTION IF EXISTS dryneedle_auditevent_immutable()",
]

FORWARD = {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}
BACKWARD = {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements_by_vendor:
            raise RuntimeError(f"No audit immutability triggers for the {vendor} database.")
        for statement in statements_by_vendor[vendor]:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("clinics", "0003_audit_export_actions")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
