"""Benchmark: the incoming-call webhook against a bare Flask endpoint, same server, same run.

Starts one HTTP server (werkzeug, threaded, HTTP/1.1 keep-alive) in its own process, serving
the front desk on a fresh database with the demo directory, plus a bare endpoint that returns
fixed TwiML. A client process sends signed Twilio-format `POST /voice/incoming` requests (a new
CallSid each, callers from a pool so some are returning callers; each writes its contact and
call, and reads the caller's last area) and plain POSTs to the bare endpoint, in alternating
rounds so both see the same machine. Prints requests per second and p50/p99 latency for each,
and the webhook's throughput as a share of the bare endpoint's (target: at least 70 %).

    python bench/voice.py [--requests 2000] [--clients 4] [--database-url URL]
"""
from __future__ import annotations

import argparse
import http.client
import multiprocessing
import random
import statistics
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

from _demo_db import free_port, fresh_database

from frontdesk.platform.twilio_webhooks import sign

TOKEN = "bench-twilio-auth-token"
BARE_TWIML = ('<?xml version="1.0" encoding="UTF-8"?><Response><Say language="en-GB">Hello.</Say>'
              '<Gather action="/bare" input="dtmf speech"/></Response>')


def serve(database_url: str, port: int, ready) -> None:
    """The server process: the whole app plus the bare endpoint, on one werkzeug server."""
    from flask import Blueprint, Response
    from werkzeug.serving import WSGIRequestHandler, make_server

    from frontdesk import create_app
    from frontdesk.devtools.demo_data import load_demo
    from frontdesk.extensions import db
    from frontdesk.platform.migrate import upgrade

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url,
                      "SECRET_KEY": "bench", "TWILIO_AUTH_TOKEN": TOKEN, "FREEPHONE_NUMBER": "+448081570123"})
    bench = Blueprint("bench", __name__)

    @bench.post("/bare")
    def bare():
        return Response(BARE_TWIML, mimetype="text/xml")

    app.register_blueprint(bench)
    app.config["CSRF_EXEMPT_BLUEPRINTS"] += ("bench",)  # like the webhooks: no form token

    with app.app_context():
        upgrade()
        load_demo(db.session)
        db.session.commit()

    class KeepAlive(WSGIRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_request(self, *args) -> None:
            pass

    server = make_server("127.0.0.1", port, app, threaded=True, request_handler=KeepAlive)
    ready.set()
    server.serve_forever()


def incoming_requests(n: int, port: int, seed: int) -> list[tuple[str, bytes, dict]]:
    """Signed Twilio-format incoming-call requests, made before any timing starts."""
    rng = random.Random(seed)
    callers = [f"+447700900{i:03d}" for i in range(1000)]
    out = []
    for _ in range(n):
        params = {"AccountSid": "AC" + "0" * 32, "ApiVersion": "2010-04-01", "CallSid": "CA" + uuid.uuid4().hex,
                  "CallStatus": "ringing", "Direction": "inbound", "From": rng.choice(callers),
                  "To": "+448081570123", "FromCountry": "GB", "ToCountry": "GB"}
        signature = sign(f"http://127.0.0.1:{port}/voice/incoming", params, TOKEN)
        out.append(("/voice/incoming", urlencode(params).encode(), {"X-Twilio-Signature": signature}))
    return out


def bare_requests(n: int) -> list[tuple[str, bytes, dict]]:
    body = urlencode({"CallSid": "CA" + "0" * 32, "From": "+447700900000"}).encode()
    return [("/bare", body, {})] * n


def run(port: int, requests: list[tuple[str, bytes, dict]], clients: int) -> tuple[float, list[float]]:
    """Send the requests over `clients` keep-alive connections; returns (seconds, latencies)."""
    latencies: list[float] = []
    lock = threading.Lock()
    chunks = [requests[i::clients] for i in range(clients)]

    def client(chunk) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        for path, body, headers in chunk:
            t0 = time.perf_counter()
            conn.request("POST", path, body=body, headers={
                "Content-Type": "application/x-www-form-urlencoded", **headers})
            answer = conn.getresponse()
            answer.read()
            mine.append(time.perf_counter() - t0)
            if answer.status != 200:
                raise RuntimeError(f"{path} answered {answer.status}")
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(c,)) for c in chunks]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start, latencies


def summary(label: str, seconds: float, latencies: list[float]) -> float:
    ordered = sorted(latencies)
    rate = len(ordered) / seconds
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[int(len(ordered) * 0.99) - 1] * 1000
    print(f"{label:<44} {rate:>8,.0f} requests/s   p50 {p50:>6.2f} ms   p99 {p99:>6.2f} ms")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests per endpoint")
    parser.add_argument("--clients", type=int, default=4, help="concurrent keep-alive connections")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temporary folder; "
                                               "PostgreSQL gets a fresh schema, dropped afterwards")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, fresh_database(args.database_url, Path(tmp)) as url:
        port = free_port()
        ready = multiprocessing.Event()
        server = multiprocessing.Process(target=serve, args=(url, port, ready), daemon=True)
        server.start()
        if not ready.wait(120):
            raise SystemExit("the server did not start")
        try:
            run(port, bare_requests(200), args.clients)  # warm both paths up
            run(port, incoming_requests(200, port, seed=1), args.clients)
            per_round = max(1, args.requests // args.rounds)
            webhook = incoming_requests(per_round * args.rounds, port, seed=2)
            times = {"bare": [0.0, []], "incoming": [0.0, []]}
            for r in range(args.rounds):
                for name, batch in (("bare", bare_requests(per_round)),
                                    ("incoming", webhook[r * per_round:(r + 1) * per_round])):
                    seconds, latencies = run(port, batch, args.clients)
                    times[name][0] += seconds
                    times[name][1] += latencies
        finally:
            server.terminate()
        print(f"{per_round * args.rounds:,} requests to each, {args.clients} keep-alive clients, "
              f"{args.rounds} alternating rounds; database {url.split(':')[0]}\n")
        bare = summary("bare Flask endpoint, fixed TwiML", *times["bare"])
        ours = summary("POST /voice/incoming (signed, writes the call)", *times["incoming"])
        share = ours / bare
        print(f"\nwebhook throughput = {share:.0%} of the bare endpoint   target >= 70 %: "
              f"{'met' if share >= 0.70 else 'NOT met'}")


if __name__ == "__main__":
    main()
