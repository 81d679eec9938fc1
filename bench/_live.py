"""A front desk of a given code tree running as its own process on a fresh SQLite database, for the
security figures: the same measurement against the code before a fix (a checkout of an earlier
commit, `--before REV`) and after it (this tree), in one run on one machine."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _demo_db import free_port  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TWILIO_TOKEN = "bench-twilio-auth-token"
DEMO_PASSWORD = "bench-demo-password"


def wednesday_11_shift() -> int:
    """Seconds to add to the clock for it to be the coming Wednesday at 11:00 in London (open hours)."""
    london = ZoneInfo("Europe/London")
    day = datetime.now(london).date()
    day += timedelta(days=(2 - day.weekday()) % 7 or 7)
    return int((datetime(day.year, day.month, day.day, 11, tzinfo=london) - datetime.now(timezone.utc)).total_seconds())


@contextmanager
def code_at(rev: str | None):
    """The project's root at commit `rev` (a temporary git worktree), or this tree for None."""
    if rev is None:
        yield ROOT
        return
    folder = Path(tempfile.mkdtemp(prefix="fd-before-"))
    subprocess.run(["git", "worktree", "add", "--detach", str(folder), rev], cwd=ROOT, check=True,
                   capture_output=True)
    try:
        yield folder
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(folder)], cwd=ROOT, capture_output=True)


class LiveServer:
    """`frontdesk serve` (or `--production`) of the code at `tree`, on a free port, with the demo
    loaded on a fresh SQLite file; the clock shifted to a Wednesday at 11:00."""

    def __init__(self, tree: Path, production: bool = False, **settings: str):
        self.tree, self.production = tree, production
        self.folder = Path(tempfile.mkdtemp(prefix="fd-live-"))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "PYTHONPATH": str(tree), "FRONTDESK_DATABASE_URL": f"sqlite:///{self.folder}/fd.db",
                    "FRONTDESK_SECRET_KEY": "bench-secret", "FRONTDESK_TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
                    "FRONTDESK_DEMO_PASSWORD": DEMO_PASSWORD, "FRONTDESK_CLOCK_SHIFT_S": str(wednesday_11_shift()),
                    "FRONTDESK_LOG_LEVEL": "WARNING", **settings}
        self.env.pop("FRONTDESK_TEST_DATABASE_URL", None)
        self.proc: subprocess.Popen | None = None
        self._frontdesk(["demo", "load"])

    def _frontdesk(self, args: list[str]) -> None:
        subprocess.run([sys.executable, "-c", "from frontdesk.cli import main; main()", *args], env=self.env,
                       cwd=self.folder, check=True, capture_output=True, timeout=300)

    def start(self) -> "LiveServer":
        argv = [sys.executable, "-c", "from frontdesk.cli import main; main()", "serve", "--port", str(self.port)]
        if self.production:
            argv += ["--production", "--threads", "64"]
        log = open(self.folder / "server.log", "ab")
        self.proc = subprocess.Popen(argv, env=self.env, cwd=self.folder, stdout=log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        log.close()
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited at start:\n{self.log()[-3000:]}")
            try:
                if requests.get(self.url + "/healthz", timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"the server did not answer within 90 s:\n{self.log()[-3000:]}")

    def kill(self) -> None:
        """Stop the server at once, as a crash would (no clean shutdown)."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()

    def log(self) -> str:
        path = self.folder / "server.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def __enter__(self) -> "LiveServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
