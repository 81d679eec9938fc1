"""Benchmark: web chat message delivery (p50/p99, messages/s) against a bare Flask-SocketIO relay.

Starts a bare Flask-SocketIO relay server (same async mode, same Werkzeug server, rooms and an
in-memory queue, no database) and then a real front desk (`frontdesk demo load`, `frontdesk
serve`) on a fresh database, each in its own process on a free loopback port, and runs the
same load against each in turn (bench/_chatload.py): M advisors sign in, connect to /console,
set themselves available and accept waiting chats (each up to its share of the families); N
families connect to /chat, start a chat, wait for an advisor, then all at once send K messages,
each answered by their advisor before the next. Prints the delivery latency each way (emit to
the other side's `message` event), the send acks, the join times, messages per second, the
server's CPU time per message, and Frontdesk's figures as a multiple of the relay's.

Families give no recognisable place ("Nowhere in particular", topic "other"), so they go to
whichever national service is open now by the real clock (the national helpline, else the
out-of-hours team). When nothing is open (late at night), they start with a worried message
instead, which routes to the 24-hour urgent duty line. The advisors are made for that service.

    python bench/chat.py [--families 20] [--advisors 4] [--messages 20] [--database-url URL]
                         [--transport auto|websocket|polling]
"""
from __future__ import annotations

import argparse
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _demo_db import free_port, fresh_database  # noqa: E402
from _chatload import CLIENT_MAX_PACKETS, Family, LoadConfig, LoadResult, Tally, run_load, transport  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SITE = "demo-partner"
PASSWORD = "bench-advisor-password"
EVERYDAY = {"place": "Nowhere in particular", "topic": "other", "consent": True, "name": "Family {i}",
            "message": "Hello, I would like some advice please."}
URGENT = dict(EVERYDAY, message="Hello, I am worried my son is not safe at school.")


def frontdesk_command() -> str:
    local = ROOT / ".venv" / "bin" / "frontdesk"
    found = str(local) if local.exists() else shutil.which("frontdesk", path=str(Path(sys.executable).parent))
    if not found:
        raise SystemExit("no `frontdesk` command: run this with the project's .venv/bin/python")
    return found


class Servers:
    """The server processes this run started; each is stopped (by its own id) at the end."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.procs: dict[str, subprocess.Popen] = {}

    def start(self, name: str, argv: list[str], env: dict, url: str, path: str) -> None:
        log = open(self.folder / f"{name}.log", "wb")
        proc = subprocess.Popen(argv, env=env, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT)
        log.close()
        self.procs[name] = proc
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise SystemExit(f"{name} server exited at start:\n{self.log(name)[-3000:]}")
            try:
                if requests.get(url + path, timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise SystemExit(f"{name} server did not answer within 60 s:\n{self.log(name)[-3000:]}")

    def stop(self, name: str) -> None:
        proc = self.procs.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)

    def stop_all(self) -> None:
        for name in list(self.procs):
            self.stop(name)

    def cpu(self, name: str) -> float | None:
        """CPU seconds (user + system) the server process has used so far; None off Linux."""
        try:
            fields = Path(f"/proc/{self.procs[name].pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, KeyError, ValueError, IndexError):
            return None

    def log(self, name: str) -> str:
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""


def source_version() -> str:
    """The commit measured (and whether the server's code in the work tree differs from it)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)bench"],
                               cwd=ROOT, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "(commit unknown)"
    return f"at {head}{' + local changes' if dirty else ''}" if head else "(commit unknown)"


def probe_route(url: str, transports: list[str]) -> tuple[dict, str, str]:
    """Start (and end) one chat to see where families are routed now: (form, status, service name)."""
    for form in (EVERYDAY, URGENT):
        family = Family(-1, Tally(), transports)
        try:
            family.connect(url, SITE)
            conversation = family.start(dict(form, name="Probe"))["conversation"]
            family.end()
        finally:
            family.close()
        if conversation["status"] == "waiting":
            return form, conversation["status"], conversation["service_name"]
    raise SystemExit(f"no chat service is open now: the probe chat went {conversation['status']}")


def make_advisors(database_url: str, service_name: str, count: int) -> tuple[str, list[str]]:
    """Advisor accounts for the service (limit 1000 chats each); returns (service id, emails)."""
    from sqlalchemy import create_engine, select
    from sqlalchemy.orm import Session

    from frontdesk.actions.staff import do_create_staff as create_staff
    from frontdesk.models import Service

    engine = create_engine(database_url)
    try:
        with Session(engine) as session:
            service_id = session.scalar(select(Service.id).where(Service.name == service_name))
            if service_id is None:
                raise SystemExit(f"no service named {service_name!r}")
            emails = []
            for i in range(count):
                email = f"bench-advisor-{i}@bench.example"
                user = create_staff(session, email, f"Advisor{i} (bench)", "advisor", PASSWORD, service_id)
                user.max_chats = 1000
                emails.append(email)
            session.commit()
        return service_id, emails
    finally:
        engine.dispose()


def sign_in(url: str, email: str) -> str:
    """Sign in through the form like a browser; returns the Cookie header for the console."""
    http = requests.Session()
    page = http.get(f"{url}/signin", timeout=30)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    if page.status_code != 200 or token is None:
        raise SystemExit(f"GET /signin answered {page.status_code} without a form token")
    answer = http.post(f"{url}/signin", data={"csrf_token": token.group(1), "email": email, "password": PASSWORD,
                                              "next": ""}, allow_redirects=False, timeout=30)
    if answer.status_code != 302:
        raise SystemExit(f"POST /signin for {email} answered {answer.status_code}")
    return "; ".join(f"{c.name}={c.value}" for c in http.cookies)


def stored_counts(database_url: str) -> dict:
    """What the database holds after the run: bench messages by sender, and any stored twice."""
    from sqlalchemy import create_engine, func, select
    from sqlalchemy.orm import Session

    from frontdesk.models import ChatMessage

    engine = create_engine(database_url)
    try:
        with Session(engine) as session:
            rows = dict(session.execute(select(ChatMessage.sender, func.count()).where(
                ChatMessage.client_id.is_not(None)).group_by(ChatMessage.sender)).all())
            twice = session.scalar(select(func.count()).select_from(
                select(ChatMessage.chat_id, ChatMessage.client_id).where(ChatMessage.client_id.is_not(None))
                .group_by(ChatMessage.chat_id, ChatMessage.client_id).having(func.count() > 1).subquery()))
        return {"family": rows.get("family", 0), "advisor": rows.get("advisor", 0), "twice": twice or 0}
    finally:
        engine.dispose()


def log_summary(text: str) -> tuple[Counter, list[str]]:
    """HTTP statuses of the Werkzeug request lines, and the tracebacks and warnings in a server log."""
    statuses = Counter(m.group(1) for m in re.finditer(r'HTTP/1\.[01]" (\d{3}) ', text))
    trouble, lines = [], text.splitlines()
    for n, line in enumerate(lines):
        if line.startswith("Traceback"):
            block = [lines[n - 1]] if n else []
            for follow in lines[n:]:
                block.append(follow)
                if follow and not follow.startswith((" ", "Traceback", "During", "The above")):
                    break
            trouble.append("\n".join(block))
        elif re.search(r"\b(ERROR|CRITICAL)\b|database is locked", line) and not line.startswith(" "):
            trouble.append(line)
    return statuses, trouble


# --- reporting ---------------------------------------------------------------------------------

def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)] * 1000


def ms(value: float | None) -> str:
    return "—" if value is None else f"{value:,.1f}"


def ratio(ours: float | None, base: float | None) -> str:
    return "—" if not ours or not base else f"{ours / base:.1f}x"


def rate(result: LoadResult) -> float:
    t = result.tally
    return (len(t.f2a) + len(t.a2f)) / result.talk_s if result.talk_s > 0 else 0.0


def rounds(result: LoadResult, first: bool) -> str:
    """Round-trip (both legs) p50/p99 of the first message of every family, or of all the others:
    the first round starts at once for every family, the later ones drift apart."""
    seen = result.tally.seen
    trips = [seen[f"f{k}"] + seen[f"r{k}"] for k in {cid[1:] for cid in seen if cid[0] == "f"}
             if f"r{k}" in seen and (k.endswith("-0") == first)]
    return f"{ms(pct(trips, .5))} {ms(pct(trips, .99)):>10}" if trips else "—"


def report(config: dict, bare: LoadResult, ours: LoadResult, extra: dict) -> None:
    rows = [("family -> advisor", "f2a"), ("advisor -> family", "a2f"), ("family send -> ack", "f_ack"),
            ("advisor send -> ack", "a_ack"), ("start -> ack", "starts"), ("start ack -> advisor joined", "joins"),
            ("accept -> ack (won)", "accepts")]
    print(f"\n{'':<30} {'bare relay':>21}   {'frontdesk':>21}   {'frontdesk / bare':>17}")
    print(f"{'latency, ms':<30} {'p50':>10} {'p99':>10}   {'p50':>10} {'p99':>10}   {'p50':>8} {'p99':>8}")
    for label, key in rows:
        b, o = getattr(bare.tally, key), getattr(ours.tally, key)
        b50, b99, o50, o99 = pct(b, .5), pct(b, .99), pct(o, .5), pct(o, .99)
        print(f"{label:<30} {ms(b50):>10} {ms(b99):>10}   {ms(o50):>10} {ms(o99):>10}   "
              f"{ratio(o50, b50):>8} {ratio(o99, b99):>8}")
    print(f"{'round trip, first message':<30} {rounds(bare, True):>21}   {rounds(ours, True):>21}")
    print(f"{'round trip, later messages':<30} {rounds(bare, False):>21}   {rounds(ours, False):>21}")
    b_rate, o_rate = rate(bare), rate(ours)
    print(f"\n{'messages/s (both ways)':<30} {b_rate:>21,.1f}   {o_rate:>21,.1f}   "
          f"{(o_rate / b_rate if b_rate else 0):>16.0%}")
    counts = [
        ("messages delivered", lambda r: f"{len(r.tally.f2a)} + {len(r.tally.a2f)}"),
        ("messaging time, s", lambda r: f"{r.talk_s:.2f}"),
        ("server CPU per message, ms", lambda r: "—" if r.server_cpu_s is None else
         f"{r.server_cpu_s * 1000 / max(1, len(r.tally.f2a) + len(r.tally.a2f)):.2f}"),
        ("CPU busy: server / clients", lambda r: ("—" if r.server_cpu_s is None else f"{r.server_cpu_s / r.talk_s:.0%}")
         + f" / {r.client_cpu_s / r.talk_s:.0%}" if r.talk_s else "—"),
        ("families joined", lambda r: f"{r.joined}/{config['families']} in {r.join_s:.2f} s"),
        ("accepts won / taken", lambda r: f"{len(r.tally.accepts)} / {r.tally.taken}"),
        ("chats per advisor", lambda r: " ".join(str(r.tally.accepted_by[i]) for i in range(config["advisors"]))),
        ("lost f->a / a->f", lambda r: f"{len(r.tally.lost_f2a)} / {len(r.tally.lost_a2f)}"),
        ("late / duplicate", lambda r: f"{r.tally.late} / {r.tally.duplicates}"),
        ("clients dropped", lambda r: f"{len(r.tally.dropped)}"),
        ("connect all clients, s", lambda r: f"{r.connect_s:.2f}"),
    ]
    print()
    for label, show in counts:
        print(f"{label:<30} {show(bare):>21}   {show(ours):>21}")
    for name, result in (("bare relay", bare), ("frontdesk", ours)):
        t = result.tally
        for what, found in (("ack errors", t.ack_errors), ("error events", t.error_events),
                            ("error events repeating a failed ack", t.failed_events)):
            if found:
                print(f"{name} {what}: " + ", ".join(f"{k} x{v}" for k, v in found.most_common()))
        if t.dropped:
            print(f"{name}: dropped: " + ", ".join(t.dropped[:10]))
        for problem in t.problems[:10]:
            print(f"{name}: {problem}")
        if len(t.problems) > 10:
            print(f"{name}: ... and {len(t.problems) - 10} more problems")
    busy = [name for name, r in (("bare relay", bare), ("frontdesk", ours))
            if r.talk_s and r.client_cpu_s / r.talk_s > .85]
    if busy:
        print(f"note: the clients used most of a core during the {' and '.join(busy)} run, so those figures are "
              f"partly the clients' own limit (a floor for that server's capacity)")
    print("\nfrontdesk events received: " + ", ".join(f"{k} {v}" for k, v in sorted(ours.tally.events.items())))
    stored = extra.get("stored")
    if stored:
        print(f"frontdesk stored: {stored['family']} family and {stored['advisor']} advisor messages with a "
              f"client_id (expected {len(ours.tally.f2a) + len(ours.tally.lost_f2a)} and "
              f"{len(ours.tally.a2f) + len(ours.tally.lost_a2f)}); stored twice: {stored['twice']}")
    for name in ("bare", "frontdesk"):
        statuses, trouble = extra[f"{name}_log"]
        print(f"{name} server log: HTTP " + (", ".join(f"{k} x{v}" for k, v in sorted(statuses.items())) or "none")
              + f"; {len(trouble)} tracebacks or errors")
        for item in trouble[:3]:
            print("    " + item.replace("\n", "\n    ")[-1500:])
    both = [(pct(getattr(ours.tally, k), q), pct(getattr(bare.tally, k), q))
            for k in ("f2a", "a2f") for q in (.5, .99)]
    print(f"\nfrontdesk vs the bare relay: delivery p50 {ratio(*both[0])} / {ratio(*both[2])} "
          f"(to advisor / to family), p99 {ratio(*both[1])} / {ratio(*both[3])}; "
          f"throughput {(o_rate / b_rate if b_rate else 0):.0%} of the relay's")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=20, help="concurrent widget clients (N)")
    parser.add_argument("--advisors", type=int, default=4, help="advisors in the service's console (M)")
    parser.add_argument("--messages", type=int, default=20, help="messages each family sends (K), each answered")
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temporary folder; "
                                               "PostgreSQL gets a fresh schema, dropped afterwards")
    parser.add_argument("--message-timeout", type=float, default=10.0,
                        help="seconds to wait for a reply before counting the message lost")
    parser.add_argument("--transport", choices=("auto", "websocket", "polling"), default="auto",
                        help="auto: websocket if websocket-client is installed, else long-polling")
    parser.add_argument("--time-limit", type=float, default=90.0, help="messaging stops after this many seconds")
    args = parser.parse_args()
    if min(args.families, args.advisors, args.messages) < 1:
        parser.error("--families, --advisors and --messages must be at least 1")
    transport_name, transports = transport(args.transport)
    load = dict(families=args.families, advisors=args.advisors, messages=args.messages,
                message_timeout_s=args.message_timeout, run_limit_s=args.time_limit)
    folder = Path(tempfile.mkdtemp(prefix="frontdesk-chat-bench-"))
    servers = Servers(folder)
    extra: dict = {}
    try:
        with fresh_database(args.database_url, folder) as database_url:
            # The baseline: the relay, with the everyday form (it routes nothing).
            port = free_port()
            url = f"http://127.0.0.1:{port}"
            servers.start("bare", [sys.executable, str(Path(__file__).with_name("_chatload.py")), "--serve-bare",
                                   str(port)], dict(os.environ), url, "/")
            bare = run_load(url, [None] * args.advisors, LoadConfig(form=EVERYDAY, **load), transports,
                            lambda: servers.cpu("bare"))
            servers.stop("bare")
            extra["bare_log"] = log_summary(servers.log("bare"))

            # The front desk: fresh database, demo directory, advisors for wherever chats go now.
            env = dict(os.environ, FRONTDESK_DATABASE_URL=database_url, FRONTDESK_SECRET_KEY="bench",
                       FRONTDESK_CHAT_MESSAGES_PER_MINUTE="100000")
            env.pop("FRONTDESK_REDIS_URL", None)
            frontdesk = frontdesk_command()
            loaded = subprocess.run([frontdesk, "demo", "load"], env=env, cwd=ROOT, capture_output=True, text=True)
            if loaded.returncode:
                raise SystemExit(f"frontdesk demo load failed:\n{loaded.stdout}{loaded.stderr}")
            port = free_port()
            url = f"http://127.0.0.1:{port}"
            servers.start("frontdesk", [frontdesk, "serve", "--port", str(port)], env, url, "/signin")
            form, _, service_name = probe_route(url, transports)
            service_id, emails = make_advisors(database_url, service_name, args.advisors)
            cookies = [sign_in(url, email) for email in emails]
            ours = run_load(url, cookies, LoadConfig(form=form, **load), transports, lambda: servers.cpu("frontdesk"))
            servers.stop("frontdesk")
            extra["frontdesk_log"] = log_summary(servers.log("frontdesk"))
            extra["stored"] = stored_counts(database_url)

        scheme = database_url.split(":")[0].split("+")[0]
        how = "an everyday question" if form is EVERYDAY else "a worried message (nothing else open now)"
        print(f"{args.families} families, {args.advisors} advisors, {args.messages} messages per family, each "
              f"answered before the next ({args.families * args.messages * 2:,} messages per server)")
        print(f"transport: {transport_name}; Flask-SocketIO async mode threading, Werkzeug server, "
              f"one process each; clients in this process")
        if "polling" in transports:
            print(f"clients take up to {CLIENT_MAX_PACKETS:,} packets per poll answer (python-engineio's client "
                  f"default of 16 drops the connection when a burst of events is queued)")
        print(f"frontdesk {source_version()}: database {scheme}; chats routed to {service_name} ({service_id}) "
              f"by {how}; bench advisors' limit 1000 chats"
              + ("; server CPU below leaves out PostgreSQL's own" if scheme == "postgresql" else ""))
        services = ", ".join(f"{k} x{v}" for k, v in ours.tally.services.items())
        statuses = ", ".join(f"{k} x{v}" for k, v in ours.tally.statuses.items())
        print(f"frontdesk start acks: {statuses}; {services}")
        report(vars(args), bare, ours, extra)
    finally:
        servers.stop_all()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
