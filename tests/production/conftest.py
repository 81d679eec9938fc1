"""Two real front desk servers (`frontdesk serve --production`, Gunicorn) on two loopback ports,
sharing a fresh PostgreSQL schema and carrying Socket.IO events between them through Redis.

They need PostgreSQL and Redis whatever database the rest of the run uses (the machine and CI
have both; scripts/test starts them), so scripts/test runs them once, in its PostgreSQL pass:
FRONTDESK_TEST_DATABASE_URL when it names PostgreSQL, else the machine's `test` database. The servers' clocks are shifted to Wednesday 11:00 in London, when
every demo service is open, so the tests behave the same whenever they run.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from frontdesk.platform.clock import LONDON

POSTGRESQL_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REDIS_URL = os.environ.get("FRONTDESK_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
FRONTDESK = str(Path(sys.executable).with_name("frontdesk"))
PASSWORD = "cluster-test-password"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(url: str, proc: subprocess.Popen, log, within_s: float = 60) -> None:
    """Until `url`/readyz answers 200; RuntimeError with the end of `log()` if `proc` dies or time runs out."""
    deadline = time.monotonic() + within_s
    while True:
        try:
            if requests.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not become ready: {log()[-2000:]}")
        time.sleep(0.2)


def next_wednesday_11() -> datetime:
    """The coming Wednesday at 11:00 in London, in UTC (a week on if that is not a working day)."""
    day = datetime.now(LONDON).date()
    day += timedelta(days=(2 - day.weekday()) % 7 or 7)
    from routing_rules.hours import is_bank_holiday
    while is_bank_holiday(day):
        day += timedelta(days=7)
    return datetime(day.year, day.month, day.day, 11, tzinfo=LONDON).astimezone(timezone.utc)


class Cluster:
    """The servers, their shared database, and ways to stop one as a crash would."""

    def __init__(self, base_url: str, folder: Path):
        schema = f"fd_cluster_{uuid.uuid4().hex[:10]}"
        self.schema, self.base_url, self.folder = schema, base_url, folder
        self.database_url = f"{base_url}?options=-csearch_path%3D{schema}"
        self.engine = create_engine(base_url, connect_args={"options": f"-csearch_path={schema}"})
        with self.engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        shift = (next_wednesday_11() - datetime.now(timezone.utc)).total_seconds()
        self.env = {**os.environ, "FRONTDESK_DATABASE_URL": self.database_url, "FRONTDESK_REDIS_URL": REDIS_URL,
                    "FRONTDESK_SOCKETIO_CHANNEL": f"fd-test-{uuid.uuid4().hex[:8]}",
                    "FRONTDESK_SECRET_KEY": "cluster-test-secret", "FRONTDESK_TWILIO_AUTH_TOKEN": "cluster-test-token",
                    "FRONTDESK_DEMO_PASSWORD": PASSWORD, "FRONTDESK_LOG_FORMAT": "json",
                    "FRONTDESK_CLOCK_SHIFT_S": str(int(shift))}
        self.env.pop("FRONTDESK_TEST_DATABASE_URL", None)
        subprocess.run([FRONTDESK, "demo", "load"], env=self.env, check=True, capture_output=True, timeout=120)
        self.procs: list[subprocess.Popen | None] = []
        self.urls: list[str] = []

    def start(self, count: int = 2) -> None:
        for n in range(count):
            port = _free_port()
            log = open(self.folder / f"worker-{n}.log", "wb")
            self.procs.append(subprocess.Popen(
                [FRONTDESK, "serve", "--production", "--port", str(port), "--threads", "64"],
                env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
            log.close()
            self.urls.append(f"http://127.0.0.1:{port}")
        for n, url in enumerate(self.urls):
            self._wait_ready(n, url)

    def _wait_ready(self, n: int, url: str) -> None:
        wait_ready(url, self.procs[n], lambda: self.log(n))

    def kill(self, n: int) -> None:
        """Stop worker `n` at once, as a crash or a lost machine would (no clean shutdown)."""
        proc = self.procs[n]
        os.killpg(proc.pid, signal.SIGKILL)  # Gunicorn's master and its worker together
        proc.wait(timeout=10)

    def log(self, n: int) -> str:
        return (self.folder / f"worker-{n}.log").read_text(errors="replace")

    def session(self) -> Session:
        return Session(self.engine)

    def close(self) -> None:
        for proc in self.procs:
            if proc and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
        with self.engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{self.schema}" CASCADE'))
        self.engine.dispose()


HAPROXY_CONFIG = Path(__file__).resolve().parents[2] / "docs" / "deploy" / "haproxy.cfg"


@pytest.fixture
def proxy(cluster):
    """HAProxy with docs/deploy/haproxy.cfg in front of the two servers; its URL."""
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    assert os.path.exists(haproxy), "HAProxy is not installed: scripts/test installs it (Debian's haproxy)"
    port = _free_port()
    env = {**os.environ, "FD_LISTEN": f"127.0.0.1:{port}", "FD_WORKER1": cluster.urls[0].removeprefix("http://"),
           "FD_WORKER2": cluster.urls[1].removeprefix("http://")}
    with open(cluster.folder / "haproxy.log", "wb") as log:
        proc = subprocess.Popen([haproxy, "-db", "-f", str(HAPROXY_CONFIG)], env=env, stdout=log,
                                stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url, proc, lambda: (cluster.folder / "haproxy.log").read_text(), within_s=20)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def cluster(tmp_path):
    base = os.environ.get("FRONTDESK_TEST_DATABASE_URL", "")
    if not base.startswith("postgresql"):
        base = POSTGRESQL_URL
    cluster = Cluster(base, tmp_path)
    try:
        cluster.start(2)
        yield cluster
    finally:
        cluster.close()
