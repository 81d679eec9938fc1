"""The chat benchmark's two halves: the load (widget and console clients) and the bare relay server.

`run_load` drives any server that speaks the chat contract of docs/chat.md: M advisors on
/console who set themselves available and accept waiting chats from `queue` events, and N
families on /chat who start a chat, wait to be joined, then exchange K messages with their
advisor (send one, wait for the advisor's reply to it, send the next). All clients live in
this process, so one clock times both legs of every message:

    family -> advisor   family emits `send`  ..  the advisor's `message` event with that client_id
    advisor -> family   advisor emits `send` ..  the family's `message` event with that client_id

`serve_bare` is the baseline server: Flask-SocketIO in the same async mode on the same Werkzeug
server as Frontdesk, speaking just enough of the contract (start, accept, send, queue,
conversation, message) for the same client code, with rooms and no database.

    python bench/_chatload.py --serve-bare PORT      # the baseline server, run by bench/chat.py
"""
from __future__ import annotations

import itertools
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

FAMILY_NS = "/chat"
CONSOLE_NS = "/console"


def transport(wanted: str = "auto") -> tuple[str, list[str]]:
    """WebSocket when python-socketio's client can speak it (websocket-client), else long-polling;
    `wanted` "polling" or "websocket" insists on one."""
    if wanted == "polling":
        return "long-polling (asked for)", ["polling"]
    try:
        import websocket  # noqa: F401  (websocket-client)
    except ImportError:
        if wanted == "websocket":
            raise SystemExit("websocket transport asked for, but websocket-client is not installed") from None
        return "long-polling (websocket-client is not installed)", ["polling"]
    return "websocket", ["websocket"]


# --- the load --------------------------------------------------------------------------------

@dataclass
class Tally:
    """Everything the clients saw, in one place (handlers run on many threads)."""
    lock: threading.Lock = field(default_factory=threading.Lock)
    sent_at: dict[str, float] = field(default_factory=dict)  # client_id -> when it was emitted
    seen: dict[str, float] = field(default_factory=dict)  # client_id delivered -> its latency, seconds
    f2a: list[float] = field(default_factory=list)  # seconds, family -> advisor
    a2f: list[float] = field(default_factory=list)  # seconds, advisor -> family
    f_ack: list[float] = field(default_factory=list)  # family `send` -> its ack
    a_ack: list[float] = field(default_factory=list)  # advisor `send` -> its ack
    duplicates: int = 0
    late: int = 0  # delivered after the family had given up waiting
    lost_f2a: list[str] = field(default_factory=list)
    lost_a2f: list[str] = field(default_factory=list)
    ack_errors: Counter = field(default_factory=Counter)  # "family send: too_fast" -> count
    error_events: Counter = field(default_factory=Counter)  # `error` events about the connection
    failed_events: Counter = field(default_factory=Counter)  # `error` events repeating a failed ack
    events: Counter = field(default_factory=Counter)  # every server event, by namespace and name
    starts: list[float] = field(default_factory=list)  # `start` -> its ack
    joins: list[float] = field(default_factory=list)  # `start` ack -> conversation active
    accepts: list[float] = field(default_factory=list)  # `accept` -> its ack, won
    taken: int = 0  # accept answered "taken" (another advisor won)
    accepted_by: Counter = field(default_factory=Counter)  # advisor index -> chats won
    statuses: Counter = field(default_factory=Counter)  # conversation status in the start ack
    services: Counter = field(default_factory=Counter)  # conversation service_name in the start ack
    dropped: list[str] = field(default_factory=list)  # clients disconnected before the end
    problems: list[str] = field(default_factory=list)  # anything else worth telling

    def emitted(self, client_id: str) -> None:
        with self.lock:
            self.sent_at[client_id] = time.perf_counter()

    def delivered(self, client_id: str, into: list[float]) -> bool:
        """Record one delivery; False for a duplicate or an id we never sent."""
        now = time.perf_counter()
        with self.lock:
            if client_id in self.seen:
                self.duplicates += 1
                return False
            sent = self.sent_at.get(client_id)
            if sent is None:
                self.problems.append(f"a message with client_id {client_id!r} nobody sent")
                return False
            self.seen[client_id] = now - sent
            into.append(now - sent)
            return True

    def count(self, event: str) -> None:
        with self.lock:
            self.events[event] += 1

    def error_event(self, side: str, data) -> None:
        """An `error` event: one naming an event repeats that event's failed ack (docs/chat.md)."""
        with self.lock:
            self.events[f"{side}:error"] += 1
            if isinstance(data, dict) and data.get("event"):
                self.failed_events[f"{side} {data['event']}: {data.get('code')}"] += 1
            else:
                self.error_events[f"{side}: {data}"] += 1

    def problem(self, text: str) -> None:
        with self.lock:
            if len(self.problems) < 200:
                self.problems.append(text)


# python-engineio's client drops the connection when one long-polling answer carries more than
# 16 packets ("Unexpected packet from server, aborting"), which a burst of queue events does at
# once. Browsers' socket.io-client has no such cap, so the load's clients lift it.
CLIENT_MAX_PACKETS = 10_000


def _client():
    import socketio
    from engineio import payload
    payload.Payload.max_decode_packets = max(payload.Payload.max_decode_packets, CLIENT_MAX_PACKETS)
    return socketio.Client(reconnection=False, request_timeout=30)


class Advisor:
    """One console tab: available, accepting from the queue, replying to every family message."""

    def __init__(self, index: int, tally: Tally, transports: list[str], share: int = 1_000_000):
        self.index, self.tally, self.transports = index, tally, transports
        self.share = share  # stop accepting at this many chats, so the advisors share the families
        self.sio = _client()
        self.latest: list[dict] = []
        self.tried: set[str] = set()
        self.wake = threading.Event()
        self.stop = threading.Event()
        self.worker: threading.Thread | None = None
        self.sio.on("*", self._any, namespace=CONSOLE_NS)
        self.sio.on("queue", self._queue, namespace=CONSOLE_NS)
        self.sio.on("message", self._message, namespace=CONSOLE_NS)
        self.sio.on("error", self._error, namespace=CONSOLE_NS)
        self.sio.on("disconnect", self._disconnect, namespace=CONSOLE_NS)

    def _disconnect(self, reason=None) -> None:
        if not self.stop.is_set():
            with self.tally.lock:
                self.tally.dropped.append(f"advisor {self.index} ({reason})")

    def connect(self, url: str, cookie: str | None) -> None:
        self.sio.connect(url, headers={"Cookie": cookie} if cookie else {}, namespaces=[CONSOLE_NS],
                         transports=self.transports, wait_timeout=15)
        answer = self.sio.call("presence", {"status": "available"}, namespace=CONSOLE_NS, timeout=30)
        if not (isinstance(answer, dict) and answer.get("ok")):
            raise RuntimeError(f"advisor {self.index}: presence refused: {answer}")
        self.worker = threading.Thread(target=self._accept_loop, name=f"advisor-{self.index}", daemon=True)
        self.worker.start()

    def close(self) -> None:
        self.stop.set()
        self.wake.set()
        try:
            self.sio.disconnect()
        except Exception:  # already gone
            pass

    def _any(self, event, *args) -> None:
        self.tally.count(f"console:{event}")

    def _error(self, data) -> None:
        self.tally.error_event("console", data)

    def _queue(self, data) -> None:
        self.tally.count("console:queue")
        self.latest = list((data or {}).get("waiting") or [])
        self.wake.set()

    def _accept_loop(self) -> None:
        """Accept what the latest queue shows, one at a time, starting at this advisor's own
        offset in the queue so that the advisors do not all reach for the same chat, until
        this advisor has its share of the families (so each run spreads them alike)."""
        while not self.stop.is_set():
            self.wake.wait(0.5)
            self.wake.clear()
            waiting = [c["id"] for c in self.latest if c.get("id") not in self.tried]
            if not waiting or self.tally.accepted_by[self.index] >= self.share:
                continue
            shift = self.index % len(waiting)
            for chat_id in waiting[shift:] + waiting[:shift]:
                if self.stop.is_set():
                    return
                if self.tally.accepted_by[self.index] >= self.share:
                    break
                self.tried.add(chat_id)
                t0 = time.perf_counter()
                try:
                    answer = self.sio.call("accept", {"chat": chat_id}, namespace=CONSOLE_NS, timeout=30)
                except Exception as exc:  # a timeout: the server never answered
                    self.tally.problem(f"advisor {self.index}: accept {chat_id[:8]} got no answer ({exc!r})")
                    continue
                took = time.perf_counter() - t0
                if isinstance(answer, dict) and answer.get("ok"):
                    with self.tally.lock:
                        self.tally.accepts.append(took)
                        self.tally.accepted_by[self.index] += 1
                    continue
                code = (answer or {}).get("error", {}).get("code") if isinstance(answer, dict) else answer
                with self.tally.lock:
                    if code == "taken":
                        self.tally.taken += 1
                    else:
                        self.tally.ack_errors[f"advisor accept: {code}"] += 1

    def _message(self, data) -> None:
        self.tally.count("console:message")
        if not isinstance(data, dict) or data.get("sender") != "family":
            return
        client_id = data.get("client_id") or ""
        if not client_id.startswith("f") or not self.tally.delivered(client_id, self.tally.f2a):
            return
        reply = "r" + client_id[1:]
        self.tally.emitted(reply)
        t0 = time.perf_counter()

        def acked(answer=None):
            self._acked("advisor send", self.tally.a_ack, t0, answer)

        self.sio.emit("send", {"chat": data.get("chat"), "text": f"Thanks, noted ({client_id}).",
                               "client_id": reply}, namespace=CONSOLE_NS, callback=acked)

    def _acked(self, what: str, into: list[float], t0: float, answer) -> None:
        took = time.perf_counter() - t0
        with self.tally.lock:
            if isinstance(answer, dict) and answer.get("ok"):
                into.append(took)
            else:
                code = answer.get("error", {}).get("code") if isinstance(answer, dict) else repr(answer)
                self.tally.ack_errors[f"{what}: {code}"] += 1


class Family:
    """One widget: start a chat, wait for an advisor, then send and wait for each reply."""

    def __init__(self, index: int, tally: Tally, transports: list[str]):
        self.index, self.tally, self.transports = index, tally, transports
        self.sio = _client()
        self.active = threading.Event()
        self.replied = threading.Event()
        self.waiting_for: str | None = None
        self.chat_id: str | None = None
        self.started_at = 0.0
        self.ready_at = 0.0  # when an advisor joined
        self.done_at = 0.0
        self.sio.on("*", self._any, namespace=FAMILY_NS)
        self.sio.on("conversation", self._conversation, namespace=FAMILY_NS)
        self.sio.on("message", self._message, namespace=FAMILY_NS)
        self.sio.on("error", self._error, namespace=FAMILY_NS)
        self.sio.on("disconnect", self._disconnect, namespace=FAMILY_NS)
        self.closing = False

    def _disconnect(self, reason=None) -> None:
        if not self.closing:
            with self.tally.lock:
                self.tally.dropped.append(f"family {self.index} ({reason})")

    def connect(self, url: str, site: str) -> None:
        self.sio.connect(url, auth={"site": site, "token": None}, namespaces=[FAMILY_NS],
                         transports=self.transports, wait_timeout=15)

    def close(self) -> None:
        self.closing = True
        try:
            self.sio.disconnect()
        except Exception:
            pass

    def _any(self, event, *args) -> None:
        self.tally.count(f"chat:{event}")

    def _error(self, data) -> None:
        self.tally.error_event("chat", data)

    def _conversation(self, data) -> None:
        self.tally.count("chat:conversation")
        if isinstance(data, dict) and data.get("status") == "active" and not self.active.is_set():
            self.ready_at = time.perf_counter()
            self.active.set()

    def _message(self, data) -> None:
        self.tally.count("chat:message")
        if not isinstance(data, dict) or data.get("sender") != "advisor":
            return
        client_id = data.get("client_id") or ""
        if client_id.startswith("r") and self.tally.delivered(client_id, self.tally.a2f):
            if client_id == self.waiting_for:
                self.replied.set()
            else:
                with self.tally.lock:
                    self.tally.late += 1

    def start(self, form: dict) -> dict:
        """Send the pre-chat form; returns the ack."""
        t0 = time.perf_counter()
        answer = self.sio.call("start", form, namespace=FAMILY_NS, timeout=30)
        self.started_at = time.perf_counter()
        if not (isinstance(answer, dict) and answer.get("ok")):
            raise RuntimeError(f"family {self.index}: start refused: {answer}")
        conversation = answer.get("conversation") or {}
        self.chat_id = conversation.get("id")
        with self.tally.lock:
            self.tally.starts.append(self.started_at - t0)
            self.tally.statuses[conversation.get("status")] += 1
            self.tally.services[conversation.get("service_name")] += 1
        if conversation.get("status") == "active":
            self.ready_at = self.started_at
            self.active.set()
        return answer

    def end(self) -> None:
        self.sio.call("end", {}, namespace=FAMILY_NS, timeout=30)

    def converse(self, messages: int, timeout_s: float, deadline: float) -> None:
        for i in range(messages):
            if time.perf_counter() > deadline:
                self.tally.problem(f"family {self.index}: stopped at message {i} (the run's time limit)")
                break
            client_id, reply = f"f{self.index}-{i}", f"r{self.index}-{i}"
            self.waiting_for = reply
            self.replied.clear()
            self.tally.emitted(client_id)
            t0 = time.perf_counter()

            def acked(answer=None, t0=t0):
                took = time.perf_counter() - t0
                with self.tally.lock:
                    if isinstance(answer, dict) and answer.get("ok"):
                        self.tally.f_ack.append(took)
                    else:
                        code = answer.get("error", {}).get("code") if isinstance(answer, dict) else repr(answer)
                        self.tally.ack_errors[f"family send: {code}"] += 1

            self.sio.emit("send", {"text": f"Message {i} from family {self.index}: what happens next?",
                                   "client_id": client_id}, namespace=FAMILY_NS, callback=acked)
            if not self.replied.wait(timeout_s):
                with self.tally.lock:
                    (self.tally.lost_a2f if client_id in self.tally.seen else self.tally.lost_f2a).append(client_id)
        self.done_at = time.perf_counter()


@dataclass
class LoadConfig:
    families: int
    advisors: int
    messages: int
    form: dict  # the pre-chat form, with {i} in "name" for the family's number
    site: str = "demo-partner"
    join_timeout_s: float = 60.0  # every family accepted by then, or messaging starts without it
    message_timeout_s: float = 10.0  # a reply not back by then counts as lost
    run_limit_s: float = 120.0  # messaging stops after this, whatever is left


@dataclass
class LoadResult:
    tally: Tally
    connect_s: float = 0.0
    join_s: float = 0.0  # from the first start to the last family joined
    talk_s: float = 0.0  # from "go" to the last family done
    joined: int = 0
    client_cpu_s: float = 0.0  # this process's CPU time while the families talked
    server_cpu_s: float | None = None  # the server's, if the caller can tell (see `server_cpu`)


def run_load(url: str | list[str], cookies: list[str | None], config: LoadConfig, transports: list[str],
             server_cpu=lambda: None) -> LoadResult:
    """Run the whole exchange against the server at `url` (or spread over several servers: the
    n-th advisor and the n-th family go to url[n % len(url)]); cookies: one per advisor, signed in
    at its server. `server_cpu()` gives the servers' CPU seconds so far, or None."""
    urls = [url] if isinstance(url, str) else url
    tally = Tally()
    result = LoadResult(tally)
    share = -(-config.families // config.advisors)
    advisors = [Advisor(i, tally, transports, share) for i in range(config.advisors)]
    families = [Family(i, tally, transports) for i in range(config.families)]
    try:
        t0 = time.perf_counter()
        for advisor, cookie in zip(advisors, cookies):
            advisor.connect(urls[advisor.index % len(urls)], cookie)
        for family in families:
            family.connect(urls[family.index % len(urls)], config.site)
        result.connect_s = time.perf_counter() - t0

        go = threading.Event()
        deadline = [0.0]

        def family_life(family: Family) -> None:
            try:
                form = dict(config.form, name=config.form.get("name", "Family {i}").format(i=family.index))
                family.start(form)
                if not family.active.wait(config.join_timeout_s):
                    return
                go.wait()
                family.converse(config.messages, config.message_timeout_s, deadline[0])
            except Exception as exc:
                tally.problem(f"family {family.index}: {exc!r}")

        threads = [threading.Thread(target=family_life, args=(f,), name=f"family-{f.index}", daemon=True)
                   for f in families]
        t_start = time.perf_counter()
        for t in threads:
            t.start()
        join_by = t_start + config.join_timeout_s + 30
        while time.perf_counter() < join_by and not all(f.active.is_set() for f in families):
            if not any(t.is_alive() for t in threads):
                break
            time.sleep(0.01)
        ready = [f for f in families if f.active.is_set()]
        result.joined = len(ready)
        with tally.lock:
            tally.joins.extend(f.ready_at - f.started_at for f in ready)
        result.join_s = max((f.ready_at for f in ready), default=t_start) - t_start
        cpu_before, client_before = server_cpu(), time.process_time()
        t_go = time.perf_counter()
        deadline[0] = t_go + config.run_limit_s
        go.set()
        for t in threads:
            t.join(config.run_limit_s + config.message_timeout_s + 30)
        result.talk_s = max((f.done_at for f in ready), default=t_go) - t_go
        cpu_after, result.client_cpu_s = server_cpu(), time.process_time() - client_before
        if cpu_before is not None and cpu_after is not None:
            result.server_cpu_s = cpu_after - cpu_before
        time.sleep(0.2)  # let the last acks land
    finally:
        for client in advisors + families:
            client.close()
    return result


# --- the baseline server ---------------------------------------------------------------------

def serve_bare(port: int) -> None:
    """A bare Flask-SocketIO relay: rooms, an in-memory queue, nothing stored."""
    from flask import Flask, request
    from flask_socketio import Namespace, SocketIO, emit, join_room

    app = Flask("bare_chat")
    app.config["SECRET_KEY"] = "bench"
    socketio = SocketIO(app, async_mode="threading")
    lock = threading.Lock()
    waiting: dict[str, float] = {}  # chat id -> queued at (insertion order is queue order)
    chat_of: dict[str, str] = {}  # family sid -> chat id
    ids = itertools.count(1)

    def queue_event() -> dict:
        with lock:
            return {"waiting": [{"id": c, "service": "bare", "position": n} for n, c in enumerate(waiting, 1)]}

    def message(chat_id: str, sender: str, text: object, client_id: object) -> dict:
        return {"id": next(ids), "client_id": client_id, "sender": sender, "name": sender,
                "text": str(text), "at": time.time()}

    def relay(chat_id: str, msg: dict) -> None:
        socketio.emit("message", msg, to=f"chat:{chat_id}", namespace=FAMILY_NS)
        socketio.emit("message", {"chat": chat_id, **msg}, to=f"chat:{chat_id}", namespace=CONSOLE_NS)

    class Families(Namespace):
        def on_connect(self, auth=None):
            pass

        def on_start(self, data=None):
            chat_id = uuid.uuid4().hex
            with lock:
                waiting[chat_id] = time.time()
                chat_of[request.sid] = chat_id
            join_room(f"chat:{chat_id}")
            emit("queue", queue_event(), to="service", namespace=CONSOLE_NS)
            return {"ok": True, "token": chat_id,
                    "conversation": {"id": chat_id, "status": "waiting", "service_name": "Bare relay"},
                    "messages": []}

        def on_send(self, data=None):
            chat_id = chat_of.get(request.sid)
            if chat_id is None:
                return {"ok": False, "error": {"code": "no_chat"}}
            msg = message(chat_id, "family", data.get("text"), data.get("client_id"))
            relay(chat_id, msg)
            return {"ok": True, "message": msg}

        def on_end(self, data=None):
            with lock:
                waiting.pop(chat_of.get(request.sid, ""), None)
            emit("queue", queue_event(), to="service", namespace=CONSOLE_NS)
            return {"ok": True}

    class Console(Namespace):
        def on_connect(self, auth=None):
            join_room("service")
            emit("hello", {"user": {"name": "bare"}, "presence": "away", "limit": 1000, "services": []})
            emit("queue", queue_event())

        def on_presence(self, data=None):
            return {"ok": True, "presence": (data or {}).get("status")}

        def on_accept(self, data=None):
            chat_id = (data or {}).get("chat")
            with lock:
                won = waiting.pop(chat_id, None) is not None
            if not won:
                return {"ok": False, "error": {"code": "taken"}}
            join_room(f"chat:{chat_id}")
            emit("conversation", {"id": chat_id, "status": "active", "service_name": "Bare relay"},
                 to=f"chat:{chat_id}", namespace=FAMILY_NS)
            emit("queue", queue_event(), to="service", namespace=CONSOLE_NS)
            return {"ok": True, "chat": {"id": chat_id, "status": "active"}, "messages": []}

        def on_send(self, data=None):
            chat_id = (data or {}).get("chat")
            msg = message(chat_id, "advisor", data.get("text"), data.get("client_id"))
            relay(chat_id, msg)
            return {"ok": True, "message": {"chat": chat_id, **msg}}

    socketio.on_namespace(Families(FAMILY_NS))
    socketio.on_namespace(Console(CONSOLE_NS))

    @app.get("/")
    def alive():
        return "ok"

    socketio.run(app, host="127.0.0.1", port=port, allow_unsafe_werkzeug=True)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--serve-bare":
        serve_bare(int(sys.argv[2]))
    else:
        raise SystemExit("usage: python bench/_chatload.py --serve-bare PORT")
