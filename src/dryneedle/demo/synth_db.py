"""Write synthetic clinics (dryneedle.demo.synth) into the database, fast and all or nothing.

PostgreSQL: COPY FROM STDIN per table and batch; other databases: executemany INSERTs. Ids
are assigned by the generator from the tables' current maximum, so the tables are locked
against other writers for the run (PostgreSQL) and the id sequences are reset afterwards.

Signed notes: the immutability triggers (treatments migration 0002) refuse rows added to a
signed note, so each batch's treatments are inserted as drafts, their needlings and adverse
events added, and then the notes are signed in one UPDATE (draft -> signed is the one change
the triggers allow), 45 minutes after the session, as a clinician would.

On PostgreSQL the per-row INSERT check of the note-row triggers (a PL/pgSQL lookup per
needling) cost most of the run, so for the run's own transaction those INSERT triggers are
disabled on the three note-row tables and enabled again before it commits (ALTER TABLE is
transactional: a failed run rolls it back too). It is safe because every row inserted then
belongs to a draft created in the same transaction (signing comes after), and the tables are
locked against every other session meanwhile. The UPDATE and DELETE guards, and the trigger
on treatments that makes signing final, stay on throughout.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import F

from dryneedle.clinics import audit
from dryneedle.clinics.models import Clinic, Membership, User
from dryneedle.clinics.roles import Role
from dryneedle.demo.synth import TABLE_ORDER, TABLES, ClinicStaff, Generator, batches
from dryneedle.outcomes.models import CheckIn, Response
from dryneedle.patients.models import Episode, Patient
from dryneedle.treatments.models import AdverseEvent, Needling, StockedNeedle, Treatment

MODELS = {
    "patients_patient": Patient,
    "patients_episode": Episode,
    "treatments_treatment": Treatment,
    "treatments_needling": Needling,
    "treatments_adverseevent": AdverseEvent,
    "outcomes_checkin": CheckIn,
    "outcomes_response": Response,
}
CLINICIANS_PER_CLINIC = 3
TIMEZONES = ("America/Chicago", "America/New_York", "America/Denver", "America/Los_Angeles")
SIGNING_DELAY = datetime.timedelta(minutes=45)
# Common solid filiform needle sizes (diameter, length in mm), as in the demo clinic.
NEEDLES = (("0.25", 25), ("0.25", 40), ("0.30", 50), ("0.30", 60), ("0.30", 75))


class SynthError(Exception):
    """The run cannot start; the message says why."""


@dataclass
class SynthResult:
    clinics: list[str]
    counts: dict[str, int]


def _slug(seed: int, number: int) -> str:
    return f"synth-{seed}-{number}"


def _clinic(seed: int, number: int) -> ClinicStaff:
    clinic = Clinic.objects.create(
        name=f"Synthetic clinic {number} (seed {seed})",
        slug=_slug(seed, number),
        timezone=TIMEZONES[(number - 1) % len(TIMEZONES)],
    )
    clinicians = []
    roles = [Role.CLINICIAN] * CLINICIANS_PER_CLINIC + [Role.ADMIN, Role.FRONT_DESK]
    for index, role in enumerate(roles, 1):
        # No password: synthetic staff cannot sign in.
        user = User.objects.create_user(
            f"{_slug(seed, number)}-{index}@synth.invalid",
            None,
            full_name=f"Synthetic {role.label} {index}",
        )
        Membership.objects.create(user=user, clinic=clinic, role=role.value)
        if role == Role.CLINICIAN:
            clinicians.append(user.pk)
    needles = [
        StockedNeedle.objects.create(clinic=clinic, diameter_mm=d, length_mm=length).pk
        for d, length in NEEDLES
    ]
    return ClinicStaff(clinic.pk, tuple(clinicians), tuple(needles))


NOTE_ROW_TRIGGERS = {
    "treatments_needling": "treatments_needling_signed_immutable",
    "treatments_rangeofmotion": "treatments_rangeofmotion_signed_immutable",
    "treatments_adverseevent": "treatments_adverseevent_signed_immutable",
}


def _note_row_triggers(enabled: bool) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        # Foreign keys are checked at each statement's end, not queued to the commit: ALTER
        # TABLE refuses tables with queued checks, and millions of queued checks cost memory.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, trigger in NOTE_ROW_TRIGGERS.items():
            verb = "ENABLE" if enabled else "DISABLE"
            cursor.execute(f"ALTER TABLE {table} {verb} TRIGGER {trigger}")


def _lock_and_next_ids() -> dict[str, int]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Blocks other inserts for the run, so the ids taken here stay free.
            cursor.execute(f"LOCK TABLE {', '.join(TABLE_ORDER)} IN SHARE ROW EXCLUSIVE MODE")
        next_ids = {}
        for table in TABLE_ORDER:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608
            next_ids[table] = cursor.fetchone()[0]
    return next_ids


def _sqlite_value(value: object) -> int | float | str | None:
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    return str(value)  # Decimal


def _insert(table: str, rows: list[tuple]) -> None:
    if not rows:
        return
    columns = TABLES[table]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
            cursor.executemany(sql, [tuple(_sqlite_value(v) for v in row) for row in rows])


def _sign(rows: list[tuple], draft_from: datetime.datetime) -> None:
    """Sign the batch's notes performed before `draft_from`; the newest stay drafts."""
    if not rows:
        return
    Treatment.objects.filter(
        pk__gte=rows[0][0],
        pk__lte=rows[-1][0],
        status=Treatment.Status.DRAFT,
        performed_at__lt=draft_from,
    ).update(
        status=Treatment.Status.SIGNED,
        signed_at=F("performed_at") + SIGNING_DELAY,
        version=F("version") + 1,
    )


def generate(
    *,
    clinics: int,
    patients: int,
    seed: int,
    today: datetime.date,
    batch: int = 5000,
    progress: Callable[[int], None] | None = None,
) -> SynthResult:
    """Create `clinics` clinics and `patients` patients with their records, in one transaction."""
    if clinics < 1 or patients < 0:
        raise SynthError("Give at least one clinic and zero or more patients.")
    taken = Clinic.objects.filter(slug__in=[_slug(seed, n) for n in range(1, clinics + 1)])
    first_taken = taken.first()
    if first_taken is not None:
        raise SynthError(
            f"Synthetic clinics for seed {seed} exist already ({first_taken.slug}): "
            "use another --seed."
        )
    counts = dict.fromkeys(TABLE_ORDER, 0)
    with transaction.atomic():
        staff = [_clinic(seed, n) for n in range(1, clinics + 1)]
        generator = Generator(seed, staff, _lock_and_next_ids(), today)
        _note_row_triggers(enabled=False)
        for rows in batches(generator, patients, batch, progress):
            for table in TABLE_ORDER:
                _insert(table, rows[table])
                counts[table] += len(rows[table])
            _sign(rows["treatments_treatment"], generator.draft_from)
        _note_row_triggers(enabled=True)
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), list(MODELS.values())):
                cursor.execute(statement)
        slugs = [_slug(seed, n) for n in range(1, clinics + 1)]
        audit.record(
            None,
            audit.Action.CREATE,
            detail=(
                f"dryneedle synth --clinics {clinics} --patients {patients} --seed {seed}: "
                f"synthetic data in {', '.join(slugs)[:300]}; "
                + ", ".join(f"{t.split('_', 1)[1]} {n}" for t, n in counts.items())
            ),
        )
    return SynthResult(clinics=slugs, counts=counts)
