"""`dryneedle flush`: Django's flush, able to empty the audit log on SQLite too.

Audit rows are guarded by triggers that refuse every UPDATE and DELETE (clinics migration
0004). Emptying the whole database is the one deliberate exception: on PostgreSQL flush runs
TRUNCATE, which fires no row triggers; SQLite has no TRUNCATE, so here the audit triggers are
lifted and put back inside the flush's own transaction. Nothing else can reach this path.
"""

import importlib
from typing import Any

from django.core.management.commands import flush
from django.db import connections, transaction

guard = importlib.import_module("dryneedle.clinics.migrations.0004_audit_rows_are_immutable")


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        connection = connections[options["database"]]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE "
                "'auditevent_no_%'"
            )
            guarded = cursor.fetchone()[0] > 0
            if guarded:
                for statement in guard.SQLITE_BACKWARD:
                    cursor.execute(statement)
            super().handle(**options)
            if guarded:
                for statement in guard.SQLITE_FORWARD:
                    cursor.execute(statement)
