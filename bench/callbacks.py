"""Benchmark: how long a voicemail takes to reach the advisor console's callback list.

In one process, on a fresh SQLite database (or --database-url) with the demo directory: a
Birmingham advisor's console is connected (Socket.IO test client) while families ring on a
Saturday night and are asked to leave a message. For each family the clock starts when the
recording webhooks are sent (Twilio's `<Record>` action and its recording status callback,
signed) and stops when the console receives the `callbacks` event listing that message with its
recording. The baseline, measured in the same run in alternating rounds, is a signed webhook
that does no work (`/voice/status` for an unknown call): the cost of Twilio's request itself.

    python bench/callbacks.py [--calls 200] [--database-url URL]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from frontdesk import create_app  # noqa: E402
from frontdesk.actions.staff import do_create_staff as create_staff  # noqa: E402
from frontdesk.devtools.demo_data import load_demo  # noqa: E402
from frontdesk.extensions import db, socketio  # noqa: E402
from frontdesk.platform.migrate import upgrade  # noqa: E402
from frontdesk.devtools.phone_simulator import FlaskTransport, Simulator, new_call, perform  # noqa: E402
from frontdesk.platform.twilio_webhooks import sign  # noqa: E402

TOKEN = "bench-twilio-auth-token"
FREEPHONE = "+448081570123"
SATURDAY_NIGHT = datetime(2026, 11, 28, 23, 30, tzinfo=timezone.utc)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="fd-bench-callbacks-")
    url = args.database_url or f"sqlite:///{folder}/fd.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "TWILIO_AUTH_TOKEN": TOKEN,
                      "FREEPHONE_NUMBER": FREEPHONE, "FRONTDESK_CLOCK": lambda: SATURDAY_NIGHT})
    with app.app_context():
        upgrade()
        load_demo(db.session)
        advisor = create_staff(db.session, f"bench-{time.time_ns()}@example.org", "Bench (Birmingham)", "advisor",
                               "bench-password-1", "birmingham-iass")
        db.session.commit()
        advisor_id = advisor.id
    http = app.test_client()
    with http.session_transaction() as session:
        session["_user_id"] = str(advisor_id)
    console = socketio.test_client(app, namespace="/console", flask_test_client=http)
    console.get_received("/console")
    transport = FlaskTransport(app.test_client(), "http://localhost", TOKEN)
    webhook = app.test_client()

    to_list, baseline = [], []
    for n in range(args.calls):
        sim = Simulator(transport, new_call(f"+4477009{n:05d}", FREEPHONE))
        sim.start()
        perform(sim, "say", "Sutton Coldfield")
        perform(sim, "press", "1")  # everyone closed: "leave a message after the tone"
        console.get_received("/console")
        started = time.perf_counter()
        perform(sim, "message", "Please ring me back about the annual review")
        listed = False
        for packet in console.get_received("/console"):
            if packet["name"] == "callbacks":
                listed = any(c["recording"] and c["phone"] and c["phone"].endswith(f"{n:05d}"[-3:])
                             for c in packet["args"][0]["later"] + packet["args"][0]["due"])
        if not listed:
            raise SystemExit(f"call {n}: the console never listed the message")
        to_list.append(time.perf_counter() - started)

        params = {"CallSid": f"CA{n:032d}", "CallStatus": "completed"}
        started = time.perf_counter()
        with app.app_context():
            webhook.post("/voice/status", data=params, base_url="http://localhost",
                         headers={"X-Twilio-Signature": sign("http://localhost/voice/status", params, TOKEN)})
        baseline.append(time.perf_counter() - started)
    console.disconnect(namespace="/console")

    ms = 1000
    print(f"{args.calls} voicemails, database {url.split(':')[0]}, one process (Flask test client, Socket.IO test client)")
    print(f"{'':34}{'p50 ms':>10}{'p99 ms':>10}{'mean ms':>10}")
    for label, values in (("voicemail -> console list", to_list), ("bare signed webhook (baseline)", baseline)):
        print(f"{label:34}{percentile(values, .5) * ms:10.1f}{percentile(values, .99) * ms:10.1f}"
              f"{statistics.fmean(values) * ms:10.1f}")
    print(f"ratio to the baseline: p50 {percentile(to_list, .5) / percentile(baseline, .5):.1f}x, "
          f"p99 {percentile(to_list, .99) / percentile(baseline, .99):.1f}x")
    print("(the voicemail figure covers two webhooks: the <Record> action and the recording status callback)")


if __name__ == "__main__":
    main()
