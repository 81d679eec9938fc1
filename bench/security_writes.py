"""Security figure: staff pages that write (a sign-in, a transcript or a chat looked at, each audited)
while phone webhooks arrive at about 70 a second, on the SQLite default — how many answer 500.

    python bench/security_writes.py [--before REV] [--rate 70] [--requests 400]
"""
from __future__ import annotations

import argparse
import re
import sys
import threading
import time
import uuid
from pathlib import Path

import requests
import socketio
from twilio.request_validator import RequestValidator

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _live import DEMO_PASSWORD, TWILIO_TOKEN, LiveServer, code_at  # noqa: E402

SUPERVISOR = "supervisor@frontdesk.example"
CALL = {"AccountSid": "AC" + "0" * 32, "From": "+447700900123", "To": "+448081570123", "CallStatus": "ringing",
        "Direction": "inbound"}


def _signed(http: requests.Session, url: str, params: dict) -> int:
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(url, params)
    return http.post(url, data=params, headers={"X-Twilio-Signature": signature}, timeout=30).status_code


def _calls(base: str, rate: float, stop: threading.Event, sent: list) -> None:
    """New calls at `rate` webhooks a second (each call: its first answer, then where they live)."""
    http, gap = requests.Session(), 2 / rate
    while not stop.is_set():
        began, sid = time.monotonic(), "CA" + uuid.uuid4().hex
        _signed(http, f"{base}/voice/incoming", {**CALL, "CallSid": sid})
        _signed(http, f"{base}/voice/location?n=1", {**CALL, "CallSid": sid, "SpeechResult": "Leeds"})
        sent.append(2)
        time.sleep(max(0.0, gap - (time.monotonic() - began)))


def _staff(base: str, chat_id: str, count: int, statuses: list) -> None:
    """Sign in, look at a transcript and a chat record (both audited), sign out: `count` requests."""
    while len(statuses) < count:
        http = requests.Session()
        page = http.get(f"{base}/signin", timeout=30)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)
        for method, path, data in [("post", "/signin", {"email": SUPERVISOR, "password": DEMO_PASSWORD}),
                                   ("get", f"/console/chats/{chat_id}", None), ("get", f"/api/v1/chats/{chat_id}", None),
                                   ("post", "/signout", {})]:
            answer = getattr(http, method)(base + path, data={**data, "csrf_token": token} if data is not None else None,
                                           timeout=30, allow_redirects=False)
            statuses.append(answer.status_code)


def _a_chat(base: str) -> str:
    client = socketio.Client(reconnection=False, request_timeout=20)
    client.connect(base, namespaces=["/chat"], transports=["websocket"], auth={"site": "demo-partner"})
    ack = client.call("start", {"place": "Leeds", "message": "Please help", "consent": True}, namespace="/chat")
    client.disconnect()
    return ack["conversation"]["id"]


def measure(rev: str | None, rate: float, count: int) -> tuple[int, int, float]:
    """(staff requests answered 500, staff requests made, webhooks a second achieved)."""
    with code_at(rev) as tree, LiveServer(tree) as server:
        chat_id = _a_chat(server.url)
        stop, sent, statuses = threading.Event(), [], []
        writers = [threading.Thread(target=_calls, args=(server.url, rate / 4, stop, sent)) for _ in range(4)]
        began = time.monotonic()
        for thread in writers:
            thread.start()
        staff = [threading.Thread(target=_staff, args=(server.url, chat_id, count, statuses)) for _ in range(2)]
        for thread in staff:
            thread.start()
        for thread in staff:
            thread.join()
        stop.set()
        for thread in writers:
            thread.join()
        return sum(s >= 500 for s in statuses), len(statuses), sum(sent) / (time.monotonic() - began)


def figures(before_rev: str | None = None, rate: float = 70, count: int = 400) -> list[tuple[str, str, str]]:
    after = measure(None, rate, count)
    before = measure(before_rev, rate, count) if before_rev else None

    def text(m):
        return f"{m[0]} of {m[1]} (at {m[2]:.0f} webhooks/s)" if m else "—"
    return [("500s on staff pages under phone webhooks (SQLite)", text(before), text(after))]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="measure 'before' on this commit too (e.g. 857e5b8)")
    parser.add_argument("--rate", type=float, default=70)
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args()
    for row in figures(args.before, args.rate, args.requests):
        print(" | ".join(row))
