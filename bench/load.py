"""Benchmark: a mixed load on one server, then on two servers sharing PostgreSQL and Redis.

On loopback, bounded in time and count. A fresh PostgreSQL schema with the demo directory; the
servers are `frontdesk serve --production` (Gunicorn, one gthread worker each), their clocks
shifted to a Wednesday at 11:00 in London so that the national helpline is open whenever this
runs. For each set-up, at the same time:
- calls: C callers, each ringing again and again: a signed Twilio `POST /voice/incoming`, then the
  caller's answer to "where do you live?" (`/voice/location`): two webhooks a call, with routing,
  the handoff log and a decision each;
- chats: F families start chats (the widget's `start`), A advisors of the national helpline accept
  them from their consoles (`accept`), and each family exchanges K messages with its advisor.
With two servers every other client, and every other caller, uses the second server, so every
chat crosses between servers through Redis half of the time.

Printed per kind: throughput, p50 and p99, and errors (must be 0); the two-server/one-server
ratio; then how many open widget connections one server holds while a few chats still get their
messages delivered within 50 ms at the 99th percentile (idle families connected, as many pages
with the widget open, in steps).

    python bench/load.py [--calls 6] [--families 24] [--advisors 6] [--messages 10]
                         [--connections 250,500,1000] [--database-url postgresql+psycopg://...]
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlencode

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _chatload import Family, LoadConfig, Tally, run_load  # noqa: E402
from _demo_db import free_port, fresh_database  # noqa: E402
from chat import EVERYDAY, ROOT, SITE, Servers, frontdesk_command, make_advisors, pct, sign_in  # noqa: E402

from frontdesk.platform.clock import LONDON  # noqa: E402
from frontdesk.platform.twilio_webhooks import sign  # noqa: E402

TOKEN = "bench-load-twilio-token"
TRANSPORTS = ["websocket"]


def wednesday_11_shift() -> int:
    """Seconds from now to the coming Wednesday at 11:00 in London."""
    day = datetime.now(LONDON).date()
    day += timedelta(days=(2 - day.weekday()) % 7 or 7)
    target = datetime(day.year, day.month, day.day, 11, tzinfo=LONDON)
    return int((target - datetime.now(timezone.utc)).total_seconds())


class Caller(threading.Thread):
    """Rings one server again and again until told to stop: incoming call, then "Leeds"."""

    def __init__(self, url: str, stop: threading.Event, limit: int):
        super().__init__(daemon=True)
        self.url, self.stop, self.limit = url, stop, limit
        self.latencies: list[float] = []
        self.errors: list[str] = []

    def _post(self, http: requests.Session, path: str, params: dict) -> str | None:
        headers = {"X-Twilio-Signature": sign(self.url + path, params, TOKEN),
                   "Content-Type": "application/x-www-form-urlencoded"}
        t0 = time.perf_counter()
        try:
            answer = http.post(self.url + path, data=urlencode(params), headers=headers, timeout=30)
        except requests.RequestException as exc:
            self.errors.append(f"{path}: {exc!r}"[:200])
            return None
        self.latencies.append(time.perf_counter() - t0)
        if answer.status_code != 200 or "<Response>" not in answer.text:
            self.errors.append(f"{path}: HTTP {answer.status_code}")
            return None
        return answer.text

    def run(self) -> None:
        with requests.Session() as http:
            for _ in range(self.limit):
                if self.stop.is_set():
                    return
                call = {"AccountSid": "AC" + "0" * 32, "CallSid": "CA" + uuid.uuid4().hex, "CallStatus": "in-progress",
                        "Direction": "inbound", "From": "+447700900123", "To": "+448081570123"}
                first = self._post(http, "/voice/incoming", call)
                action = re.search(r'<Gather[^>]*action="([^"]+)"', first or "")
                if action:
                    self._post(http, action.group(1).replace("&amp;", "&"), dict(call, SpeechResult="Leeds"))


def tree_cpu(servers: Servers, names: list[str]) -> float:
    """CPU seconds used so far by the named servers: each Gunicorn master and its worker."""
    total = 0.0
    for name in names:
        pid = servers.procs[name].pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            children = []
        for each in [pid, *map(int, children)]:
            try:
                fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            except (OSError, ValueError, IndexError):
                pass
    return total


def servers_env(database_url: str, redis: bool) -> dict:
    env = dict(os.environ, FRONTDESK_DATABASE_URL=database_url, FRONTDESK_SECRET_KEY="bench-load",
               FRONTDESK_TWILIO_AUTH_TOKEN=TOKEN, FRONTDESK_CHAT_MESSAGES_PER_MINUTE="100000",
               FRONTDESK_CLOCK_SHIFT_S=str(wednesday_11_shift()), FRONTDESK_LOG_LEVEL="WARNING",
               FRONTDESK_SOCKETIO_CHANNEL=f"bench-load-{uuid.uuid4().hex[:8]}")
    env.pop("FRONTDESK_REDIS_URL", None)
    if redis:
        env["FRONTDESK_REDIS_URL"] = "redis://127.0.0.1:6379/0"
    return env


def start_servers(servers: Servers, env: dict, count: int, threads: int, tag: str) -> list[str]:
    urls = []
    for n in range(count):
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        servers.start(f"{tag}-{n}", [frontdesk_command(), "serve", "--production", "--port", str(port),
                                     "--threads", str(threads)], env, url, "/readyz")
        urls.append(url)
    return urls


def mixed(servers: Servers, urls: list[str], emails: list[str], args, tag: str) -> dict:
    cookies = [sign_in(urls[n % len(urls)], email) for n, email in enumerate(emails)]
    stop = threading.Event()
    callers = [Caller(urls[n % len(urls)], stop, args.max_calls) for n in range(args.calls)]
    names = [f"{tag}-{n}" for n in range(len(urls))]
    cpu0 = tree_cpu(servers, names)
    t0 = time.perf_counter()
    for caller in callers:
        caller.start()
    chats = run_load(urls, cookies, LoadConfig(families=args.families, advisors=args.advisors, messages=args.messages,
                                               form=EVERYDAY, run_limit_s=args.time_limit), TRANSPORTS)
    stop.set()
    for caller in callers:
        caller.join(30)
    wall = time.perf_counter() - t0
    cpu = tree_cpu(servers, names) - cpu0
    tally = chats.tally
    webhooks = [x for c in callers for x in c.latencies]
    delivered = tally.f2a + tally.a2f
    # Not errors: "taken", when two advisors reached for the same chat and one lost (the queue working).
    errors = [e for c in callers for e in c.errors] + [f"{k} x{v}" for k, v in tally.ack_errors.items()] \
        + [f"lost {m}" for m in tally.lost_f2a + tally.lost_a2f] + tally.dropped + tally.problems \
        + [f"{k} x{v}" for k, v in tally.failed_events.items() if not k.endswith(": taken")]
    if chats.joined < args.families:
        errors.append(f"only {chats.joined} of {args.families} families were answered")
    return {"wall": wall, "cpu": cpu, "errors": errors, "kinds": [
        ("call webhook", webhooks, len(webhooks) / wall),
        ("chat start", tally.starts, len(tally.starts) / max(chats.join_s, 1e-9)),
        ("advisor accept", tally.accepts, len(tally.accepts) / max(chats.join_s, 1e-9)),
        ("message delivery", delivered, len(delivered) / max(chats.talk_s, 1e-9)),
        ("message send ack", tally.f_ack + tally.a_ack, len(tally.f_ack + tally.a_ack) / max(chats.talk_s, 1e-9)),
    ], "ops": len(webhooks) + len(tally.starts) + len(tally.accepts) + len(delivered)}


def report(title: str, result: dict) -> None:
    print(f"\n{title}: {result['wall']:.1f} s, server CPU {result['cpu']:.1f} s, "
          f"{result['ops'] / result['wall']:,.0f} operations/s in all")
    print(f"  {'kind':<18} {'count':>7} {'per s':>8} {'p50 ms':>8} {'p99 ms':>8}")
    for kind, values, rate in result["kinds"]:
        p50, p99 = pct(values, 0.50), pct(values, 0.99)
        print(f"  {kind:<18} {len(values):>7,} {rate:>8,.1f} {p50 or 0:>8.1f} {p99 or 0:>8.1f}")
    print(f"  errors: {len(result['errors'])}" + (f" — {result['errors'][:5]}" if result["errors"] else ""))


def capacity(url: str, emails: list[str], steps: list[int], probe_families: int, messages: int) -> list[tuple]:
    """With N idle widget connections held open, the delivery p99 of a few live chats."""
    idle: list[Family] = []
    out = []
    try:
        for target in steps:
            failed = 0
            while len(idle) < target:
                family = Family(10_000 + len(idle), Tally(), TRANSPORTS)
                try:
                    family.connect(url, SITE)
                    idle.append(family)
                except Exception:
                    failed += 1
                    if failed > 20:
                        break
            cookies = [sign_in(url, email) for email in emails]
            probe = run_load(url, cookies, LoadConfig(families=probe_families, advisors=len(emails), messages=messages,
                                                      form=EVERYDAY, run_limit_s=60), TRANSPORTS)
            delivered = probe.tally.f2a + probe.tally.a2f
            lost = len(probe.tally.lost_f2a + probe.tally.lost_a2f)
            out.append((len(idle), pct(delivered, 0.50), pct(delivered, 0.99), lost, failed))
            print(f"  {len(idle):>6,} open connections: delivery p50 {pct(delivered, 0.5) or 0:.1f} ms, "
                  f"p99 {pct(delivered, 0.99) or 0:.1f} ms, lost {lost}, connections refused {failed}")
            if failed > 20 or (pct(delivered, 0.99) or 1e9) > 50:
                break
    finally:
        for family in idle:
            family.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=6, help="concurrent callers (C)")
    parser.add_argument("--max-calls", type=int, default=400, help="calls each caller makes at most")
    parser.add_argument("--families", type=int, default=24, help="families chatting (F)")
    parser.add_argument("--advisors", type=int, default=6, help="advisors accepting (A)")
    parser.add_argument("--messages", type=int, default=10, help="messages each family sends, each answered (K)")
    parser.add_argument("--time-limit", type=float, default=60.0, help="messaging stops after this many seconds")
    parser.add_argument("--connections", default="250,500,1000", help="open widget connections to hold, in steps")
    parser.add_argument("--database-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/test",
                        help="PostgreSQL (a fresh schema is made and dropped)")
    args = parser.parse_args()
    steps = [int(n) for n in args.connections.split(",") if n.strip()]
    folder = Path(tempfile.mkdtemp(prefix="frontdesk-load-"))
    servers = Servers(folder)
    try:
        with fresh_database(args.database_url, folder) as database_url:
            loaded = subprocess.run([frontdesk_command(), "demo", "load"], env=servers_env(database_url, False),
                                    cwd=ROOT, capture_output=True, text=True)
            if loaded.returncode:
                raise SystemExit(f"frontdesk demo load failed:\n{loaded.stdout}{loaded.stderr}")
            _, emails = make_advisors(database_url, "National SEND helpline", args.advisors)
            print(f"{args.calls} callers (2 webhooks a call), {args.families} families x {args.messages} messages, "
                  f"{args.advisors} advisors; servers: frontdesk serve --production (Gunicorn gthread, 400 threads); "
                  f"PostgreSQL; clients in this process, on the same {os.cpu_count()} cores")

            one = start_servers(servers, servers_env(database_url, False), 1, 400, "one")
            single = mixed(servers, one, emails, args, "one")
            servers.stop_all()
            report("one server, no Redis", single)

            two = start_servers(servers, servers_env(database_url, True), 2, 400, "two")
            double = mixed(servers, two, emails, args, "two")
            servers.stop_all()
            report("two servers, Redis", double)
            print(f"\nscaling, two servers / one: {double['ops'] / double['wall'] / (single['ops'] / single['wall']):.2f}x "
                  f"operations/s (same cores for servers, PostgreSQL, Redis and clients)")

            print(f"\nopen widget connections on one server (--threads {max(steps) + 200}), with 4 live chats "
                  f"x 20 messages measured at each step:")
            url = start_servers(servers, servers_env(database_url, False), 1, max(steps) + 200, "cap")[0]
            held = capacity(url, emails[:2], steps, 4, 20)
            servers.stop_all()
            fine = [n for n, _, p99, lost, _ in held if p99 is not None and p99 <= 50 and not lost]
            print(f"most open connections with delivery p99 <= 50 ms: {max(fine) if fine else 'none of the steps'}")
    finally:
        servers.stop_all()


if __name__ == "__main__":
    main()
