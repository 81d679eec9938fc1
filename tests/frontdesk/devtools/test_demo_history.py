"""The demo's made-up history: enough for every report, and written once."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from frontdesk.platform.clock import parse_time
from frontdesk.devtools.demo_history import load_history
from frontdesk.models import Contact, HandoffEvent
from frontdesk.reports.dashboard import build
from frontdesk.reports.scope import Scope

NOW = parse_time("2026-11-26T09:00:00+00:00")


def test_a_fortnight_of_history_fills_every_report_once(db):
    made = load_history(db, NOW, days=14, per_day=40)
    db.commit()
    assert 300 < made < 700  # about 40 a weekday, a third of that at weekends
    assert load_history(db, NOW, days=14) == 0
    assert db.scalar(select(func.count()).select_from(Contact)) == made
    # Every live answer says how long the family waited; nothing happens before the contact arrived.
    answered = [e for e in db.scalars(select(HandoffEvent).where(HandoffEvent.kind == "answered"))
                if e.detail["channel"] != "callback"]
    assert answered and all("waited_s" in e.detail for e in answered)
    early = db.scalar(select(func.count()).select_from(HandoffEvent).join(Contact).where(
        HandoffEvent.at < Contact.received_at))
    assert early == 0
    tables = {t.name: t for t in build(db, Scope(date(2026, 11, 12), date(2026, 11, 26)))}
    assert all(tables[name].rows for name in tables)
    assert sum(r["total"] for r in tables["contacts"].rows) == made
    rates = [r["answer_rate"] for r in tables["answers"].rows if r["offered"] >= 5]
    assert min(rates) < 80 < max(rates)  # some services meet the standard, some do not
