"""Figures for issue 13, personal data kept only as long as needed and every look recorded truly.

In one process, on a fresh demo database (SQLite, or --database-url) with 30 days of made-up
history: families chat (an urgent worry, the child's age, a name), a supervisor transfers each chat
with a note and a national advisor closes it with another; Saturday-night callers leave
voicemails, and on Monday an advisor opens, accepts, shows a number, plays a voicemail and records
a callback's outcome with a note. Twilio's REST API is recorded, not called: it refuses the first
deletion (503) and no longer has one recording (404). Then `frontdesk retention run` runs when all
of it is due, and again the next day.

Measured: what is left of the families' words and the advisors' notes; the voicemails still at
Twilio; what the run says; which looks reach the audit log; Twilio's link in the console's
payloads; the audit log's clock; the address a sign-in behind a proxy is recorded with.

    python bench/security_records.py [--database-url URL]

BEFORE holds the same figures measured with this very script on the code before the fix
(commit 857e5b8, on this machine: the script copied into a checkout of that commit).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlalchemy import JSON, String, func, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402
from twilio.http.response import Response  # noqa: E402

from frontdesk import create_app  # noqa: E402
from frontdesk.actions.sites import do_add_site  # noqa: E402
from frontdesk.cli import main as cli  # noqa: E402
from frontdesk.devtools.demo_data import demo_password, load_demo  # noqa: E402
from frontdesk.devtools.demo_history import load_history  # noqa: E402
from frontdesk.extensions import db  # noqa: E402
from frontdesk.models import AuditEntry, Base, CallbackRequest, DecisionRecord, RulebookVersion, StaffUser  # noqa: E402
from frontdesk.platform.migrate import upgrade  # noqa: E402
from routing_rules import default_rulebook_path  # noqa: E402
from _demo_db import fresh_database  # noqa: E402
from tests.support import (ACCOUNT, FREEPHONE, PARTNER, SITE, TWILIO_TOKEN, Advisor, Clock, Family,  # noqa: E402
                           Phone, RecordingTwilio)

CHATS, VOICEMAILS = 10, 10
RISK = "he wants to die"
NOTES = ("excluded twice this term", "sent the IPSEA guide", "spoke to dad about the review")
PERSONAL_TABLES = ("contacts", "decisions", "handoff_events", "chats", "chat_messages", "callback_requests",
                   "phone_calls", "audit_log")
LOADED_AT = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)  # the demo is loaded, by the app's clock
LOOKS = ("open a chat", "accept a chat", "show a family's number", "play a voicemail")

BEFORE = {  # `python bench/security_records.py --raw` in a checkout of 857e5b8, 1 December 2026
    "family_text": "52 of 102", "left_at_twilio": "1", "run_says": "exit 0, not reported", "looks": "0 of 4",
    "twilio_links": "10", "wall_clock": "3", "proxy_ip": "the proxy's", "forged_ip": "no",
}
ROWS = {
    "family_text": f"Fields holding a family's words or an advisor's note after a due retention run, of those "
                   f"before it ({CHATS} chats, {VOICEMAILS} voicemails, 30 days of history)",
    "left_at_twilio": f"Voicemails still at Twilio after two daily runs (of {VOICEMAILS}; Twilio refuses one deletion, "
                      "has lost one)",
    "run_says": "What the first run says when Twilio refuses a deletion (exit status, report)",
    "looks": "Looks at a family's data in the console in the audit log (open, accept, full number, voicemail)",
    "twilio_links": f"Voicemails whose Twilio link reaches the console (of {VOICEMAILS})",
    "wall_clock": "Audit entries and first publications timed by the wall clock, not the app's (of 3)",
    "proxy_ip": "Address a sign-in behind one proxy is audited with (X-Forwarded-For: the client)",
    "forged_ip": "A forged X-Forwarded-For believed, no proxy trusted (the default)",
}


class Twilio(RecordingTwilio):
    """Twilio's REST API recorded: the first deletion is refused (503); `missing` recordings are
    gone already (404); every other deletion succeeds."""

    def __init__(self):
        super().__init__()
        self.deleted: set[str] = set()
        self.missing: set[str] = set()
        self.refuse_next_delete = True

    def request(self, method, uri, params=None, data=None, headers=None, auth=None, timeout=None,
                allow_redirects=False):
        if method != "DELETE":
            return super().request(method, uri, params, data, headers, auth, timeout, allow_redirects)
        sid = uri.rsplit("/", 1)[-1].removesuffix(".json")
        if self.refuse_next_delete:
            self.refuse_next_delete = False
            return Response(503, json.dumps({"code": 20503, "message": "Service unavailable", "status": 503}))
        if sid in self.missing:
            return Response(404, json.dumps({"code": 20404, "message": "not found", "status": 404}))
        self.deleted.add(sid)
        return Response(204, "")


def _cells_with(session, needles: tuple[str, ...]) -> int:
    """Cells (a row's text or JSON column) of the personal tables holding any of `needles`, plus the
    decisions still holding a child's age."""
    found = 0
    for table in Base.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, (String, JSON))] if table.name in PERSONAL_TABLES else []
        for row in session.execute(select(*columns)) if columns else ():
            found += sum(1 for value in row if value is not None and any(
                n.lower() in (value if isinstance(value, str) else json.dumps(value)).lower() for n in needles))
    ages = session.scalars(select(DecisionRecord.payload)).all()
    return found + sum(1 for payload in ages if (payload.get("contact") or {}).get("age") is not None)


def _audited(session, act) -> int:
    """How many audit entries `act()` added."""
    session.rollback()
    before = session.scalar(select(func.count()).select_from(AuditEntry))
    act()
    session.rollback()
    return session.scalar(select(func.count()).select_from(AuditEntry)) - before


def _chats(app, session, clock) -> list[str]:
    """Urgent chats taken by the supervisor on the urgent line, transferred with a note to the
    national helpline, closed there with another."""
    sam = Advisor(app, session.scalar(select(StaffUser).where(StaffUser.role == "supervisor")))
    nadia = Advisor(app, session.scalar(select(StaffUser).where(StaffUser.service_id == "national-helpline")))
    made = []
    for n in range(CHATS):
        clock.set(datetime(2026, 11, 25, 11, n, tzinfo=timezone.utc))  # Wednesday morning
        tab = Family(app)
        chat = tab.start(name=f"Parent{n}", age=7, message=f"Arlo{n}'s EHC plan is late and {RISK}")["conversation"]["id"]
        sam.emit("accept", {"chat": chat})
        sam.emit("transfer", {"chat": chat, "service": "national-helpline", "note": f"Mum says {NOTES[0]}"})
        nadia.emit("accept", {"chat": chat})
        nadia.emit("close", {"chat": chat, "outcome": "advice_given", "note": NOTES[1]})
        tab.client.disconnect(namespace="/chat")
        made.append(chat)
    sam.client.disconnect(namespace="/console")
    nadia.client.disconnect(namespace="/console")
    return made


def _looks(app, session, clock) -> tuple[int, int]:
    """Each look once (a waiting chat opened and accepted, a number shown, a voicemail played):
    how many reached the audit log, and how many callback payloads carried Twilio's link."""
    clock.set("2026-11-30T09:05:00+00:00")  # Monday: Birmingham SENDIASS is open
    ben = Advisor(app, session.scalar(select(StaffUser).where(StaffUser.service_id == "birmingham-iass")))
    listed = ben.latest("callbacks")
    links = sum(1 for cb in listed["due"] + listed["later"]
                if cb["recording"] and "twilio.com" in (cb["recording"]["url"] or ""))
    tab = Family(app)
    waiting = tab.start(message="My son's EHC plan review is late")["conversation"]["id"]
    callback = next(cb["id"] for cb in listed["due"] if cb["recording"])
    ben.emit("claim_callback", {"callback": callback})
    looks = [lambda: ben.emit("open", {"chat": waiting}), lambda: ben.emit("accept", {"chat": waiting}),
             lambda: ben.emit("callback_number", {"callback": callback}),
             lambda: ben.http.get(f"/console/callbacks/{callback}/voicemail")]
    audited = sum(min(1, _audited(session, look)) for look in looks)
    ben.emit("close", {"chat": waiting, "outcome": "advice_given", "note": NOTES[2]})
    ben.emit("callback_outcome", {"callback": callback, "outcome": "connected", "note": NOTES[2]})
    tab.client.disconnect(namespace="/chat")
    ben.client.disconnect(namespace="/console")
    return audited, links


def _clock_entries(session, clock, runner) -> int:
    """Audit entries written from the command line at a moment of the app's clock, and the rulebook's
    first publication (at `load_demo`): how many are not at the app's time."""
    session.rollback()
    last = session.scalar(select(func.max(AuditEntry.id)))
    clock.set("2027-01-04T10:00:00+00:00")
    runner.invoke(cli, ["directory", "export", "--format", "csv", "-o", "-"])
    runner.invoke(cli, ["rules", "publish", str(default_rulebook_path())])
    session.rollback()
    off = [abs((at - clock.at).total_seconds()) > 60 for at in session.scalars(
        select(AuditEntry.at).where(AuditEntry.id > last))]
    first_published = session.scalar(select(RulebookVersion.published_at))
    off.append(abs((first_published - LOADED_AT).total_seconds()) > 60)
    return sum(off)


def _signed_in_ip(settings: dict, session, trusted: int) -> str:
    """Sign the demo admin in through a proxy at 10.0.0.2 for a client at 203.0.113.7: whose address
    the audit log has."""
    app = create_app({**settings, "TRUSTED_PROXIES": trusted})
    http, proxy, forwarded = app.test_client(), {"REMOTE_ADDR": "10.0.0.2"}, {"X-Forwarded-For": "203.0.113.7"}
    form = http.get("/signin", environ_base=proxy, headers=forwarded).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form).group(1)
    http.post("/signin", data={"email": "admin@frontdesk.example", "password": demo_password(), "csrf_token": token},
              environ_base=proxy, headers=forwarded)
    session.rollback()
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "sign_in").order_by(AuditEntry.id.desc())).first()
    with app.app_context():
        db.engine.dispose()
    return {"10.0.0.2": "the proxy's", "203.0.113.7": "the client's"}.get(entry.detail.get("ip"), "none")



def measure(database_url: str | None = None) -> dict[str, str]:
    """Every figure, measured on a fresh database (a SQLite file, or a new schema at `database_url`)."""
    with tempfile.TemporaryDirectory(prefix="fd-bench-records-") as folder, \
            fresh_database(database_url, Path(folder)) as url:
        return _measure(url)


def _measure(url: str) -> dict[str, str]:
    """No app context is held while the families and staff act: each request and Socket.IO event
    gets its own, as in a server."""
    clock, twilio = Clock(), Twilio()
    clock.set(LOADED_AT)
    settings = {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
                "FREEPHONE_NUMBER": FREEPHONE, "FRONTDESK_CLOCK": clock, "TWILIO_ACCOUNT_SID": ACCOUNT,
                "TWILIO_HTTP_CLIENT": twilio}
    app = create_app(settings)
    runner = app.test_cli_runner()
    with app.app_context():
        upgrade()
        load_demo(db.session)
        load_history(db.session, clock.at, 30)
        do_add_site(db.session, "Westmere Parent Carer Forum", [PARTNER], key=SITE)
        db.session.commit()
        engine = db.engine
    figures = {}
    with Session(engine) as session:
        _chats(app, session, clock)
        clock.set("2026-11-28T23:30:00+00:00")  # Saturday night: everyone closed, callers leave messages
        for n in range(VOICEMAILS):
            Phone(app).call(f"+4477009001{n:02d}").do("say", "Sutton Coldfield").do("press", "1").do(
                "message", f"Please ring me about Arlo{n}")
        audited, links = _looks(app, session, clock)
        figures["looks"], figures["twilio_links"] = f"{audited} of {len(LOOKS)}", str(links)
        session.rollback()
        sids = set(session.scalars(select(CallbackRequest.recording_sid).where(
            CallbackRequest.recording_sid.is_not(None))))
        twilio.missing.add(sorted(sids)[0])  # deleted at Twilio already (by hand, or by a run whose end was lost)

        words = (RISK, *NOTES, "Arlo", "Parent", "+4477009001")
        held = _cells_with(session, words)
        due = max(clock.at, datetime.now(timezone.utc)) + timedelta(days=91)  # rows carry the wall clock's time too
        clock.set(due)
        first = runner.invoke(cli, ["retention", "run"])
        session.rollback()
        figures["family_text"] = f"{_cells_with(session, words)} of {held}"
        figures["run_says"] = f"exit {first.exit_code}, " + (
            "reported" if "could not be deleted" in first.output else "not reported")
        clock.set(due + timedelta(days=1))
        runner.invoke(cli, ["retention", "run"])
        figures["left_at_twilio"] = str(len(sids - twilio.deleted - twilio.missing))
        figures["wall_clock"] = str(_clock_entries(session, clock, runner))
        figures["proxy_ip"] = _signed_in_ip(settings, session, 1)
        figures["forged_ip"] = "yes" if _signed_in_ip(settings, session, 0) == "the client's" else "no"
    with app.app_context():
        db.engine.dispose()
    return figures


def figures(database_url: str | None = None) -> list[tuple[str, str, str]]:
    """(figure, before the fix, now) for each row."""
    now = measure(database_url)
    return [(ROWS[key], BEFORE[key], now[key]) for key in ROWS]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--raw", action="store_true", help="print the measured figures only, as JSON")
    args = parser.parse_args()
    if args.raw:
        print(json.dumps(measure(args.database_url)))
    else:
        for row in figures(args.database_url):
            print(" | ".join(row))
