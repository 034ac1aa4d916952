"""A real PostgreSQL 15 cluster and gunicorn on loopback, for fault tests; a small HTTP client.

Made like scripts/with-postgres.sh (initdb and pg_ctl as the `postgres` user when running as
root, temp directory, free port, 127.0.0.1), but with durability on: these tests restart the
server and count what survived.
"""

import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

HERE = Path(__file__).parent
SRC = HERE.parent.parent / "src"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_bindir() -> Path | None:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    return next((c for c in candidates if (c / "initdb").exists()), None)


class Cluster:
    """A throw-away PostgreSQL server that can be stopped and started again."""

    def __init__(self):
        self.bindir = postgres_bindir()
        self.root = Path(tempfile.mkdtemp(prefix="dryneedle-faults-pg."))
        self.port = free_port()
        self.as_server_user = []
        if os.getuid() == 0:
            shutil.chown(self.root, "postgres")
            self.as_server_user = ["runuser", "-u", "postgres", "--"]
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/dryneedle"

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_server_user, *args], check=True, capture_output=True, timeout=60)

    def create(self) -> None:
        data = str(self.root / "data")
        self._run(str(self.bindir / "initdb"), "-D", data, "-A", "trust", "-U", "postgres",
                  "-E", "UTF8", "--locale=C")  # fmt: skip
        self.start()
        with psycopg.connect(self.url.replace("/dryneedle", "/postgres"), autocommit=True) as c:
            c.execute("CREATE DATABASE dryneedle")

    def start(self) -> None:
        # client_connection_check_interval: a backend notices its client is gone while a
        # statement runs, and aborts it (the default waits until it next talks to the client).
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c client_connection_check_interval=50ms"
        )
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"),
                  "-l", str(self.root / "server.log"), "-w", "-o", options, "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"), "-m", mode, "-w",
                  "stop")  # fmt: skip

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError):
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    def connect(self) -> psycopg.Connection:
        return psycopg.connect(self.url, autocommit=True)

    def wait_for_no_app_backends(self, timeout: float = 30) -> None:
        """Wait until the killed server's backends have finished (aborted or committed)."""
        deadline = time.monotonic() + timeout
        with self.connect() as c:
            while time.monotonic() < deadline:
                busy = c.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = 'dryneedle' "
                    "AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
                ).fetchone()[0]
                if not busy:
                    return
                time.sleep(0.1)
        raise AssertionError("backends of the killed app server did not finish")


def environment(cluster: Cluster, data_dir: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DRYNEEDLE_", "DJANGO_"))}
    env.update(
        PYTHONPATH=os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH", "")])),
        DATABASE_URL=cluster.url,
        DRYNEEDLE_ENV="development",
        DRYNEEDLE_DATA_DIR=data_dir,
        DRYNEEDLE_SECRET_KEY="faults-" + "x" * 50,
    )
    return env


def dryneedle(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "dryneedle", *args],
        env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


class AppServer:
    """gunicorn with two sync workers in its own process group; access log names the pid."""

    def __init__(self, env: dict, log: Path):
        self.env = env
        self.log = log
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "dryneedle.wsgi:application",
             "--bind", f"127.0.0.1:{self.port}", "--workers", "2", "--timeout", "30",
             "--access-logfile", str(self.log), "--access-logformat", "%(p)s %(s)s %(r)s"],
            env=self.env, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                if request(self.port, "GET", "/login/")[0] == 200:
                    return
            time.sleep(0.2)
        raise AssertionError("gunicorn did not start")

    def kill(self) -> None:
        """SIGKILL the master and its workers (the process group) at once."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)

    def worker_pids(self) -> set[int]:
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(self.process.pid)],
                             capture_output=True, text=True).stdout  # fmt: skip
        return {int(p) for p in out.split()}

    def served(self) -> list[tuple[int, int, str]]:
        """(worker pid, status, request line) of each request served, in order."""
        rows = []
        for line in self.log.read_text().splitlines():
            pid, status, request_line = line.split(" ", 2)
            rows.append((int(pid.strip("<>")), int(status), request_line))
        return rows


def request(port, method, path, body=None, cookies=None, timeout=10.0, form=False):
    """One request on a new connection: (status, headers, body text)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        headers["X-CSRFToken"] = cookies.get("csrftoken", "")
    if body is not None and form:
        from urllib.parse import urlencode

        body = urlencode(body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif body is not None:
        body = json.dumps(body)
        headers["Content-Type"] = "application/json"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read().decode()
    finally:
        connection.close()


def _cookies(headers) -> dict:
    found = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            found[key] = rest.split(";", 1)[0]
    return found


def sign_in(port: int, email: str, password: str) -> dict:
    """Sign in through the real form (with its CSRF token); answer the session cookies."""
    status, headers, page = request(port, "GET", "/login/")
    cookies = _cookies(headers)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    status, headers, _ = request(
        port, "POST", "/login/", cookies=cookies, form=True,
        body={"csrfmiddlewaretoken": token, "username": email, "password": password},
    )  # fmt: skip
    assert status == 302, f"sign-in answered {status}"
    cookies.update(_cookies(headers))
    assert "sessionid" in cookies
    return cookies
