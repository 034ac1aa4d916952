"""kill -9 of gunicorn during a burst of treatment writes: every acknowledged write is there,
no write is half there, and a new server serves the same data."""

import json
import threading
import time

import pytest

from tests.faults import harness

pytestmark = pytest.mark.slow

# Makes each needling's second row (its audit row) take a while, so the kill lands between a
# needling entry and its audit row: a half-written entry if the two were not one transaction.
SLOW_AUDIT = [
    """CREATE FUNCTION faults_slow_audit() RETURNS trigger AS $$
    BEGIN
        IF NEW.object_type = 'needling' THEN PERFORM pg_sleep(0.3); END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER faults_slow_audit BEFORE INSERT ON clinics_auditevent
        FOR EACH ROW EXECUTE FUNCTION faults_slow_audit()""",
]
FAST_AUDIT = [
    "DROP TRIGGER IF EXISTS faults_slow_audit ON clinics_auditevent",
    "DROP FUNCTION IF EXISTS faults_slow_audit()",
]


@pytest.fixture
def slow_audit_rows(cluster):
    with cluster.connect() as connection:
        for statement in SLOW_AUDIT:
            connection.execute(statement)
    yield
    with cluster.connect() as connection:
        for statement in FAST_AUDIT:
            connection.execute(statement)


def needling(needle: int) -> dict:
    return {
        "muscle": "upper_trapezius",
        "side": "L",
        "needle": needle,
        "technique": "pistoning",
        "passes": 3,
        "twitch": "few",
    }


def wait_for_an_audit_row_being_written(cluster) -> None:
    """Return while a needling's audit row is being inserted (its entry already written)."""
    with cluster.connect() as db:
        for _ in range(3000):
            if db.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                "AND wait_event = 'PgSleep' AND query LIKE 'INSERT INTO \"clinics_auditevent\"%'"
            ).fetchone()[0]:
                return
            time.sleep(0.01)
    raise AssertionError("no needling was being written")


def start_note(port, cookies, episode) -> int:
    status, _, body = harness.request(
        port, "POST", f"/api/episodes/{episode}/treatments", cookies=cookies, body={}
    )
    assert status == 201, body
    return json.loads(body)["id"]


def test_sigkill_mid_burst_loses_no_acknowledged_write_and_half_writes_none(
    cluster, app_server, slow_audit_rows, tmp_path
):
    seed = cluster.seed
    cookies = harness.sign_in(app_server.port, seed["email"], seed["password"])
    notes = [start_note(app_server.port, cookies, seed["episode"]) for _ in range(4)]
    acknowledged: list[int] = []
    unanswered: list[str] = []
    enough = threading.Event()

    def write(n: int) -> None:
        for i in range(1000):
            note = notes[(n + i) % len(notes)]
            try:
                status, _, body = harness.request(
                    app_server.port, "POST", f"/api/treatments/{note}/needlings",
                    cookies=cookies, body=needling(seed["needle"]),
                )  # fmt: skip
            except OSError as error:  # the server died with this request in flight
                unanswered.append(repr(error))
                return
            assert status == 201, body
            acknowledged.append(json.loads(body)["id"])
            if len(acknowledged) >= 6:
                enough.set()

    writers = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for writer in writers:
        writer.start()
    assert enough.wait(timeout=60), "the burst did not get going"
    wait_for_an_audit_row_being_written(cluster)
    app_server.kill()
    for writer in writers:
        writer.join(timeout=30)
    assert unanswered, "the kill should have caught writes in flight"

    cluster.wait_for_no_app_backends()
    with cluster.connect() as db:
        stored = {
            row[0]
            for row in db.execute(
                "SELECT id FROM treatments_needling WHERE treatment_id = ANY(%s)", [notes]
            )
        }
        audited = {
            int(row[0])
            for row in db.execute(
                "SELECT object_id FROM clinics_auditevent "
                "WHERE object_type = 'needling' AND action = 'create'"
            )
        }
        unsigned_parts = db.execute(
            "SELECT count(*) FROM treatments_treatment WHERE status = 'signed' AND ("
            "signed_at IS NULL OR pre_nprs IS NULL OR post_nprs IS NULL "
            "OR needles_opened IS NULL OR needles_removed IS NULL OR needles_discarded IS NULL)"
        ).fetchone()[0]
    assert set(acknowledged) <= stored, "an acknowledged needling entry was lost"
    assert stored - audited == set(), "a needling entry was stored without its audit row"
    assert audited - stored == set(), "an audit row names a needling entry that is not there"
    assert unsigned_parts == 0

    again = harness.AppServer(cluster.env, tmp_path / "again.log")
    try:
        again.start()
        status, _, body = harness.request(
            again.port, "POST", f"/api/treatments/{notes[0]}/needlings",
            cookies=cookies, body=needling(seed["needle"]),
        )  # fmt: skip
        assert status == 201, body
        status, _, body = harness.request(
            again.port, "GET", f"/api/treatments/{notes[0]}", cookies=cookies
        )
        assert status == 200
        assert json.loads(body)["id"] == notes[0]
    finally:
        again.stop()
