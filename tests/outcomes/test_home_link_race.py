"""Ten patients' devices post one home-questionnaire link at once, through gunicorn with two
workers on SQLite: one answer is saved, the rest are told it was already answered, none
meets a server error — whether the SQLite file is named by DATABASE_URL or by default."""

import json
import os
import re
import shutil
import subprocess
import sys
import threading

import pytest

from tests.faults import harness

# slow: about 40 s on a busy 2-core machine (migrate, two gunicorn starts), and it brings its
# own SQLite database, so the suite's PostgreSQL run would only repeat it.
pytestmark = pytest.mark.slow

NDI_ANSWERS = {f"item_{n}": v for n, v in enumerate([1, 2, 3, 4, 5, 0, 1, 2, 3, 4], start=1)}
DEVICES = 10


def _environment(data_dir, database_url=None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DRYNEEDLE_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        PYTHONPATH=os.pathsep.join(filter(None, [str(harness.SRC), env.get("PYTHONPATH", "")])),
        DRYNEEDLE_DATA_DIR=str(data_dir),
        DRYNEEDLE_SECRET_KEY="race-" + "x" * 50,
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


@pytest.fixture(scope="module")
def seeded_database(tmp_path_factory):
    """An SQLite file, migrated, with a clinician and an episode (made once, copied per test)."""
    data_dir = tmp_path_factory.mktemp("seeded")
    env = _environment(data_dir)
    harness.dryneedle(env, "migrate", "--noinput", "-v0")
    seeded = subprocess.run(
        [sys.executable, str(harness.HERE / "seed.py")],
        env={**env, "DJANGO_SETTINGS_MODULE": "dryneedle.settings"},
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return data_dir / "dryneedle.sqlite3", json.loads(seeded.stdout)


@pytest.fixture(params=["named-by-DATABASE_URL", "default-file-in-DRYNEEDLE_DATA_DIR"])
def app_server(request, seeded_database, tmp_path):
    database, seed = seeded_database
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    if request.param == "named-by-DATABASE_URL":
        copy = tmp_path / "named-by-url.sqlite3"
        env = _environment(data_dir, database_url=f"sqlite:///{copy}")
    else:
        copy = data_dir / "dryneedle.sqlite3"
        env = _environment(data_dir)
    shutil.copy(database, copy)
    server = harness.AppServer(env, tmp_path / "access.log")
    server.seed = seed
    try:
        server.start()
        yield server
    finally:
        server.stop()


def _home_link(server) -> str:
    seed = server.seed
    cookies = harness.sign_in(server.port, seed["email"], seed["password"])
    status, _, page = harness.request(
        server.port, "POST", f"/episodes/{seed['episode']}/outcomes/NDI/link/",
        cookies=cookies, form=True, body={},
    )  # fmt: skip
    assert status == 200, page
    return re.search(r"/q/[\w-]+/", page).group(0)


def _post_all_at_once(server, link: str) -> list[tuple[int, str]]:
    """(status, page) of each device's post, all released together."""
    status, headers, _ = harness.request(server.port, "GET", link)
    assert status == 200
    cookies = harness._cookies(headers)
    start = threading.Barrier(DEVICES)
    answers: list[tuple[int, str]] = []

    def post() -> None:
        start.wait()
        status, _, page = harness.request(
            server.port, "POST", link, body=NDI_ANSWERS, cookies=cookies, form=True, timeout=30
        )
        answers.append((status, page))

    devices = [threading.Thread(target=post) for _ in range(DEVICES)]
    for device in devices:
        device.start()
    for device in devices:
        device.join(timeout=60)
    return answers


def _outcome(status: int, page: str) -> str:
    if status == 200 and "Thank you" in page:
        return "saved"
    if status == 404 and "already been answered" in page:
        return "already answered"
    return f"{status}: {page[:200]}"


def test_a_link_posted_from_ten_devices_at_once_saves_one_answer_and_refuses_the_rest(
    app_server,
):
    link = _home_link(app_server)
    outcomes = sorted(_outcome(*answer) for answer in _post_all_at_once(app_server, link))
    assert outcomes == ["already answered"] * (DEVICES - 1) + ["saved"]
