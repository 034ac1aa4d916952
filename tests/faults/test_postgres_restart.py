"""PostgreSQL restarted under load: quick error pages while it is down, then the same gunicorn
workers serve again with no manual step, and no acknowledged write is lost."""

import json
import threading
import time

import pytest

from tests.faults import harness
from tests.faults.test_kill_app_server import needling, start_note

pytestmark = pytest.mark.slow


def until_both_workers_served(server, cookies) -> None:
    """Requests until each worker holds a database connection (it served a 200)."""
    for _ in range(100):
        pairs = [
            threading.Thread(target=harness.request, args=args, kwargs={"cookies": cookies})
            for args in [(server.port, "GET", "/api/treatments/needles")] * 3
        ]
        for thread in pairs:
            thread.start()
        for thread in pairs:
            thread.join()
        if {pid for pid, status, _ in server.served() if status == 200} >= server.worker_pids():
            return
    raise AssertionError("one worker never served a request")


def test_same_workers_serve_again_after_an_idle_restart(cluster, app_server):
    """Each worker keeps its connection between requests (CONN_MAX_AGE); after a restart that
    connection is dead, and the health check must replace it before the first request uses it."""
    cookies = harness.sign_in(app_server.port, cluster.seed["email"], cluster.seed["password"])
    until_both_workers_served(app_server, cookies)
    workers = app_server.worker_pids()
    already = len(app_server.served())

    cluster.stop("fast")
    cluster.start()

    statuses = []
    for _ in range(30):
        statuses.append(harness.request(app_server.port, "GET", "/api/treatments/needles",
                                        cookies=cookies)[0])  # fmt: skip
        if {pid for pid, _, _ in app_server.served()[already:]} >= workers:
            break
    after = app_server.served()[already:]
    assert app_server.worker_pids() == workers, "the workers were replaced"
    assert {pid for pid, _, _ in after} == workers, "not every worker was asked"
    assert [status for _, status, _ in after] == [200] * len(after)
    assert set(statuses) == {200}


def test_requests_during_an_outage_fail_fast_and_writes_survive(cluster, app_server):
    seed = cluster.seed
    cookies = harness.sign_in(app_server.port, seed["email"], seed["password"])
    note = start_note(app_server.port, cookies, seed["episode"])
    workers = app_server.worker_pids()
    outcomes: list[tuple[float, float, int, str]] = []
    acknowledged: list[int] = []
    stop = threading.Event()

    def load(writes: bool) -> None:
        while not stop.is_set():
            began = time.monotonic()
            if writes:
                status, _, body = harness.request(
                    app_server.port, "POST", f"/api/treatments/{note}/needlings",
                    cookies=cookies, body=needling(seed["needle"]), timeout=20,
                )  # fmt: skip
                if status == 201:
                    acknowledged.append(json.loads(body)["id"])
            else:
                status, _, body = harness.request(
                    app_server.port, "GET", "/api/treatments/needles", cookies=cookies, timeout=20
                )
            outcomes.append((began, time.monotonic(), status, body))
            time.sleep(0.02)

    threads = [threading.Thread(target=load, args=(n % 2 == 0,)) for n in range(4)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(1.0)
        cluster.stop("fast")
        down = time.monotonic()
        time.sleep(2.0)
        up = time.monotonic()
        cluster.start()
        back = time.monotonic()
        time.sleep(2.0)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)

    during = [o for o in outcomes if o[0] > down and o[1] < up]
    assert during, "no request was made while the database was down"
    assert {status for _, _, status, _ in during} <= {500, 502, 503}
    assert not [body for *_, body in during if "Traceback" in body or "psycopg" in body]
    later = [status for began, _, status, _ in outcomes if began > back + 0.5]
    assert later and set(later) <= {200, 201}, "the app did not recover by itself"
    assert app_server.worker_pids() == workers
    with cluster.connect() as db:
        stored = {
            row[0]
            for row in db.execute(
                "SELECT id FROM treatments_needling WHERE treatment_id = %s", [note]
            )
        }
    assert acknowledged and set(acknowledged) <= stored
