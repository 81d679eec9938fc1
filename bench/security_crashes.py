"""Security figure: events and messages lost or written twice over crashes. A production server
(`frontdesk serve --production`) is killed with SIGKILL at a random moment while a phone call's
webhooks and a family's chat messages are arriving, 20 times over, and started again; the callers
retry what got no answer as Twilio and the widget do (the same CallSid and step, the same message
id). Then every call must have each of its handoff events once, and every chat each message once.

    python bench/security_crashes.py [--crashes 20] [--before REV]
"""
from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import threading
import time
import uuid
from pathlib import Path

import requests
import socketio
from twilio.request_validator import RequestValidator

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _live import TWILIO_TOKEN, LiveServer, code_at  # noqa: E402

CALL = {"AccountSid": "AC" + "0" * 32, "From": "+447700900123", "To": "+448081570123", "CallStatus": "ringing",
        "Direction": "inbound"}
MESSAGES = 8


def _until_answered(send, deadline_s: float = 120):
    """Send until the server answers (it may be down, or restarting): as Twilio and the widget retry."""
    deadline = time.monotonic() + deadline_s
    while True:
        try:
            return send()
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _a_call(base: str) -> str:
    sid = "CA" + uuid.uuid4().hex
    steps = [("/voice/incoming", {}), ("/voice/location?n=1", {"SpeechResult": "Leeds"}),
             ("/voice/topic?n=2", {"Digits": "1"}),
             ("/voice/dialled?n=3&t=0", {"DialCallStatus": "completed", "DialCallDuration": "120"}),
             ("/voice/status", {"CallStatus": "completed", "CallDuration": "200"})]
    for path, extra in steps:
        params = {**CALL, "CallSid": sid, **extra}
        signature = RequestValidator(TWILIO_TOKEN).compute_signature(base + path, params)

        def post(path=path, params=params, signature=signature):
            answer = requests.post(base + path, data=params, headers={"X-Twilio-Signature": signature}, timeout=10)
            answer.raise_for_status()
        _until_answered(post)
    return sid


class _Family:
    """A family's widget: it resumes with its token after a drop and resends what got no answer."""

    def __init__(self, base: str):
        self.base, self.token = base, None

    def _connected(self):
        client = socketio.Client(reconnection=False, request_timeout=8)
        client.connect(self.base, namespaces=["/chat"], transports=["websocket"], wait_timeout=8,
                       auth={"site": "demo-partner", "token": self.token})
        return client

    def chat(self) -> list[str]:
        start_id, sent = uuid.uuid4().hex, []

        def start():
            client = self._connected()
            ack = client.call("start", {"place": "Leeds", "message": "Hello", "consent": True, "start_id": start_id},
                              namespace="/chat", timeout=8)
            client.disconnect()
            self.token = ack["token"]
        _until_answered(start)
        for _ in range(MESSAGES):
            client_id = uuid.uuid4().hex

            def send(client_id=client_id):
                client = self._connected()
                try:
                    ack = client.call("send", {"text": f"message {client_id}", "client_id": client_id},
                                      namespace="/chat", timeout=8)
                    if not ack.get("ok"):
                        raise RuntimeError(ack)
                finally:
                    client.disconnect()
            _until_answered(send)
            sent.append(client_id)
        return sent


def _check(database: Path, calls: list[str], chats: list[list[str]]) -> tuple[int, int]:
    """(lost, written twice): handoff events of each call and messages of each chat."""
    lost = twice = 0
    with sqlite3.connect(database) as db:
        for sid in calls:
            kinds = [k for (k,) in db.execute(
                "SELECT kind FROM handoff_events JOIN phone_calls ON phone_calls.contact_id = handoff_events.contact_id "
                "WHERE phone_calls.call_sid = ?", (sid,))]
            for kind in ("offered", "answered", "completed"):
                lost += kinds.count(kind) == 0
                twice += kinds.count(kind) > 1
        for sent in chats:
            for client_id in sent:
                n = db.execute("SELECT count(*) FROM chat_messages WHERE client_id = ?", (client_id,)).fetchone()[0]
                lost += n == 0
                twice += n > 1
        starts = db.execute("SELECT count(*) FROM chats").fetchone()[0]
    twice += max(0, starts - len(chats))  # a retried start that opened a second conversation
    return lost, twice


def measure(rev: str | None, crashes: int) -> tuple[int, int, int]:
    rng = random.Random(20)
    with code_at(rev) as tree:
        server = LiveServer(tree, production=True).start()
        calls: list[str] = []
        chats: list[list[str]] = []
        try:
            for _ in range(crashes):
                work = [threading.Thread(target=lambda: calls.append(_a_call(server.url))),
                        threading.Thread(target=lambda: chats.append(_Family(server.url).chat()))]
                for thread in work:
                    thread.start()
                time.sleep(rng.uniform(0.05, 1.5))
                server.kill()
                server.start()
                for thread in work:
                    thread.join()
            lost, twice = _check(server.folder / "fd.db", calls, chats)
        finally:
            server.stop()
    return lost, twice, crashes


def figures(before_rev: str | None = None, crashes: int = 20) -> list[tuple[str, str, str]]:
    after = measure(None, crashes)
    before = measure(before_rev, crashes) if before_rev else None

    def text(m):
        return f"{m[0]} lost, {m[1]} twice (over {m[2]} crashes)" if m else "—"
    return [("events or messages lost / written twice over kill -9 crashes", text(before), text(after))]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crashes", type=int, default=20)
    parser.add_argument("--before", help="measure 'before' on this commit too (e.g. 857e5b8)")
    args = parser.parse_args()
    for row in figures(args.before, args.crashes):
        print(" | ".join(row))
