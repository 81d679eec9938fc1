"""Security figures of the chat channel: how many of 100 chat starts one client fires in a minute are
accepted, each from a fresh connection with no family token (a flood, some with risk words that
would land in the urgent queue); and whether a refused family is still shown the emergency numbers.

    python bench/security_chat.py [--before REV]   # REV: the commit to measure "before" on (default: none)
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import socketio

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _live import LiveServer, code_at  # noqa: E402

STARTS = 100
FORMS = [{"place": "Leeds", "topic": "other", "message": "Please help", "consent": True},
         {"place": "Leeds", "message": "I am scared he will hurt himself", "consent": True}]


def _flood(url: str) -> tuple[int, int, bool]:
    """(starts accepted, urgent ones among them, whether a refusal carried the emergency advice)."""
    accepted = urgent = 0
    signposted = False
    began = time.monotonic()
    for n in range(STARTS):
        client = socketio.Client(reconnection=False, request_timeout=20)
        client.connect(url, namespaces=["/chat"], transports=["websocket"], auth={"site": "demo-partner"},
                       wait_timeout=15)
        ack = client.call("start", FORMS[n % 2], namespace="/chat", timeout=20)
        client.disconnect()
        if ack.get("ok"):
            accepted += 1
            urgent += bool(ack["conversation"]["urgent"])
        else:
            signposted = signposted or bool((ack.get("error") or {}).get("signposting"))
    if time.monotonic() - began > 60:
        print(f"(the {STARTS} starts took {time.monotonic() - began:.0f} s, more than a minute)", file=sys.stderr)
    return accepted, urgent, signposted


def measure(rev: str | None) -> tuple[int, int, bool]:
    with code_at(rev) as tree, LiveServer(tree) as server:
        return _flood(server.url)


def figures(before_rev: str | None = None) -> list[tuple[str, str, str]]:
    after = measure(None)
    before = measure(before_rev) if before_rev else None

    def starts(m):
        return f"{m[0]} of {STARTS} ({m[1]} in the urgent queue)" if m else "—"

    def signposted(m):
        return ("yes" if m[2] else "no refusal" if m[0] == STARTS else "no") if m else "—"
    return [("chat starts accepted from one client in a minute", starts(before), starts(after)),
            ("a refused start still shows the emergency advice and number", signposted(before), signposted(after))]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="measure 'before' on this commit too (e.g. 857e5b8)")
    for row in figures(parser.parse_args().before):
        print(" | ".join(row))
