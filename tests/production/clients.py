"""Real Socket.IO clients over WebSockets, as the widget and the console are: a family's tab and
an advisor's console tab, each recording what the server sends so a test can wait for it."""
from __future__ import annotations

import re
import threading
import time
import uuid
from http.cookiejar import DefaultCookiePolicy

import requests
import socketio

from frontdesk.platform.event_contract import check_ack, check_event

from .conftest import PASSWORD

SITE = "demo-partner"


class Tab:
    namespace = ""

    def __init__(self, http: requests.Session | None = None):
        # Like a browser, every request of the connection carries the cookies in `http`'s jar
        # (the sign-in, and the proxy's server cookie).
        self.sio = socketio.Client(reconnection=False, request_timeout=20, http_session=http)
        self.seen: list[tuple[str, object]] = []
        self.changed = threading.Condition()
        self.sio.on("*", self._record, namespace=self.namespace)

    def _record(self, event, data=None) -> None:
        with self.changed:
            self.seen.append((event, data))
            self.changed.notify_all()

    def wait_for(self, event: str, test=lambda data: True, timeout: float = 15):
        """The first `event` (since the tab opened) whose data passes `test`; AssertionError if none comes."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                for name, data in self.seen:
                    if name == event and test(data):
                        return check_event(self.namespace, name, data)
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no '{event}' as expected within {timeout} s; saw {[n for n, _ in self.seen]}")
                self.changed.wait(left)

    def call(self, event: str, data: dict) -> dict:
        return check_ack(self.namespace, event, self.sio.call(event, data, namespace=self.namespace, timeout=20))

    def close(self) -> None:
        if self.sio.connected:
            self.sio.disconnect()
        for event, data in self.seen:  # everything it received fits the event contract
            check_event(self.namespace, event, data)


def cookieless() -> requests.Session:
    """HTTP for a widget on a partner's site in a browser that keeps no third-party cookies."""
    http = requests.Session()
    http.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
    return http


class FamilyTab(Tab):
    namespace = "/chat"

    def __init__(self, url: str, token: str | None = None, transports=("websocket",)):
        super().__init__(cookieless())
        self.sio.connect(url, namespaces=[self.namespace], transports=list(transports),
                         auth={"site": SITE, "token": token}, wait_timeout=15)

    def start(self, place: str, message: str) -> dict:
        answer = self.call("start", {"name": "Sam", "place": place, "topic": "ehc_plan", "message": message,
                                     "consent": True})
        assert answer["ok"], answer
        return answer

    def send(self, text: str) -> dict:
        answer = self.call("send", {"text": text, "client_id": uuid.uuid4().hex})
        assert answer["ok"], answer
        return answer["message"]


def sign_in(url: str, email: str) -> requests.Session:
    """Sign in through the form, as a browser does; the browser's cookies, for the console."""
    http = requests.Session()
    page = http.get(f"{url}/signin", timeout=10)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    answer = http.post(f"{url}/signin", data={"csrf_token": token, "email": email, "password": PASSWORD},
                       allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text[:500]
    return http


class ConsoleTab(Tab):
    namespace = "/console"

    def __init__(self, url: str, email: str, transports=("websocket",)):
        self.http = sign_in(url, email)
        super().__init__(self.http)
        self.sio.connect(url, namespaces=[self.namespace], transports=list(transports), wait_timeout=15)
        assert self.call("presence", {"status": "available"})["ok"]

    def accept_when_queued(self, chat_id: str) -> dict:
        self.wait_for("queue", lambda q: any(c["id"] == chat_id for c in q["waiting"]))
        answer = self.call("accept", {"chat": chat_id})
        assert answer["ok"], answer
        return answer

    def send(self, chat_id: str, text: str) -> dict:
        answer = self.call("send", {"chat": chat_id, "text": text, "client_id": uuid.uuid4().hex})
        assert answer["ok"], answer
        return answer["message"]

    def close(self) -> None:
        super().close()
        self.http.close()
