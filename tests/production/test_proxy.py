"""The example deployment's proxy (docs/deploy/haproxy.cfg, as scripts/cluster runs it) in front of
two servers: requests are spread, and long-polling stays on the server that holds its session,
with no cookie from the browser (a widget on a partner's site may not keep one)."""
from __future__ import annotations

import json

import requests

from .clients import ConsoleTab, FamilyTab

BIRMINGHAM_ADVISOR = "advisor@birmingham.frontdesk.example"


def _served(cluster, n: int) -> int:
    return sum(1 for line in cluster.log(n).splitlines()
               if line.startswith("{") and json.loads(line).get("path") == "/directory")


def test_the_proxy_spreads_requests_and_keeps_long_polling_on_one_server(cluster, proxy):
    for _ in range(6):
        answer = requests.get(f"{proxy}/directory", timeout=10)
        assert answer.status_code == 200 and answer.headers["X-Request-Id"]
    assert _served(cluster, 0) == 3 and _served(cluster, 1) == 3

    # A network that blocks WebSockets: both sides fall back to long-polling through the proxy.
    family = FamilyTab(proxy, transports=["polling"])  # and a browser that keeps no third-party cookies
    started = family.start("Sutton Coldfield", "Can someone explain EHC needs assessments?")
    chat_id = started["conversation"]["id"]
    advisor = ConsoleTab(proxy, BIRMINGHAM_ADVISOR, transports=["polling"])
    advisor.accept_when_queued(chat_id)
    for n in range(5):  # many polls, each of which must reach the server that holds its session
        sent = family.send(f"Question {n}")
        assert advisor.wait_for("message", lambda m, c=sent["client_id"]: m.get("client_id") == c)["chat"] == chat_id
        reply = advisor.send(chat_id, f"Answer {n}")
        family.wait_for("message", lambda m, c=reply["client_id"]: m.get("client_id") == c)
    assert family.sio.transport() == advisor.sio.transport() == "polling"
    assert family.sio.connected and advisor.sio.connected
    assert not family.sio.eio.http.cookies  # it kept none
    family.close()
    advisor.close()
