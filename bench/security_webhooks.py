"""Security figures of the Twilio webhooks: forged requests accepted (of 1,000: no signature, a wrong
one, one for another URL or another account's token, a real one with the parameters changed), and
signed steps sent three times at once (Twilio retries) leaving any handoff event twice.

    python bench/security_webhooks.py [--before REV]
"""
from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from twilio.request_validator import RequestValidator

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _live import TWILIO_TOKEN, LiveServer, code_at  # noqa: E402

FORGED = 1000
CALL = {"AccountSid": "AC" + "0" * 32, "From": "+447700900123", "To": "+448081570123", "CallStatus": "ringing",
        "Direction": "inbound"}
PATHS = ["/voice/incoming", "/voice/location?n=1", "/voice/topic?n=2", "/voice/status", "/voice/recording",
         "/video/status", "/voice/callbacks/1/dialled?attempt=1", "/voice/callbacks/1/final"]


def _sign(url: str, params: dict, token: str = TWILIO_TOKEN) -> str:
    return RequestValidator(token).compute_signature(url, params)


def _forgery(base: str, n: int) -> tuple[str, dict, dict]:
    path = PATHS[n % len(PATHS)]
    params = {**CALL, "CallSid": "CA" + uuid.uuid4().hex, "SpeechResult": "Leeds", "Digits": "1"}
    kind = n % 5
    if kind == 0:
        headers = {}
    elif kind == 1:
        headers = {"X-Twilio-Signature": "bm90IGEgc2lnbmF0dXJl"}
    elif kind == 2:
        headers = {"X-Twilio-Signature": _sign(base + "/voice/elsewhere", params)}
    elif kind == 3:
        headers = {"X-Twilio-Signature": _sign(base + path, params, "another-accounts-token")}
    else:  # a real signature, then the parameters changed
        headers = {"X-Twilio-Signature": _sign(base + path, params)}
        params = {**params, "From": "+447700900999"}
    return path, params, headers


def _forged_accepted(base: str) -> int:
    http = requests.Session()
    accepted = 0
    for n in range(FORGED):
        path, params, headers = _forgery(base, n)
        accepted += http.post(base + path, data=params, headers=headers, timeout=30).status_code != 403
    return accepted


def _retried_calls(base: str, calls: int = 30) -> None:
    """Each call's steps, each sent three times at once as Twilio's retries would arrive."""
    def thrice(path: str, params: dict) -> None:
        signature = _sign(base + path, params)
        with ThreadPoolExecutor(3) as pool:
            list(pool.map(lambda _: requests.post(base + path, data=params, timeout=30,
                                                  headers={"X-Twilio-Signature": signature}), range(3)))
    for _ in range(calls):
        sid = "CA" + uuid.uuid4().hex
        steps = [("/voice/incoming", {}), ("/voice/location?n=1", {"SpeechResult": "Leeds"}),
                 ("/voice/topic?n=2", {"Digits": "1"}),
                 ("/voice/dialled?n=3&t=0", {"DialCallStatus": "completed", "DialCallDuration": "120"}),
                 ("/voice/status", {"CallStatus": "completed", "CallDuration": "200"})]
        for path, extra in steps:
            thrice(path, {**CALL, "CallSid": sid, **extra})


def _twice_logged(database: Path) -> tuple[int, int]:
    """(handoff events logged more than once for one step, calls with other than one of each event)."""
    with sqlite3.connect(database) as db:
        repeated = db.execute("SELECT count(*) FROM (SELECT contact_id, kind, service_id, target_index, count(*) c "
                              "FROM handoff_events GROUP BY contact_id, kind, service_id, target_index "
                              "HAVING c > 1)").fetchone()[0]
        odd = db.execute("SELECT count(*) FROM (SELECT contact_id, count(*) c FROM handoff_events "
                         "JOIN contacts ON contacts.id = contact_id WHERE contacts.channel = 'phone' "
                         "GROUP BY contact_id HAVING c != 3)").fetchone()[0]
    return repeated, odd


def measure(rev: str | None) -> tuple[int, int, int]:
    with code_at(rev) as tree, LiveServer(tree) as server:
        forged = _forged_accepted(server.url)
        _retried_calls(server.url)
        repeated, odd = _twice_logged(server.folder / "fd.db")
    return forged, repeated, odd


def figures(before_rev: str | None = None) -> list[tuple[str, str, str]]:
    random.seed(13)
    after = measure(None)
    before = measure(before_rev) if before_rev else None
    return [("forged webhooks accepted", f"{before[0]} of {FORGED}" if before else "—", f"{after[0]} of {FORGED}"),
            ("handoff events written twice when every step of 30 calls arrives 3 times at once",
             f"{before[1]} (calls not logged exactly once: {before[2]})" if before else "—",
             f"{after[1]} (calls not logged exactly once: {after[2]})")]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="measure 'before' on this commit too (e.g. 857e5b8)")
    for row in figures(parser.parse_args().before):
        print(" | ".join(row))
