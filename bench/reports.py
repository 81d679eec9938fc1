"""Benchmark: the reports dashboard and the scorecard over a large handoff log.

Fills a fresh SQLite database (or --database-url) with the demo directory and about N made-up
contacts over 120 days (frontdesk.demo_history: decisions, handoff events, chats with ratings,
callback requests), then times, in the same run:
- the dashboard's seven reports for the last 28 days and for all 120 days (SQL aggregates);
- one month's scorecard for every local IASS with its six-month trend;
- the baseline: the naive way, loading the same 120 days' contacts and events into Python and
  counting contacts per day and each service's offered/answered contacts there.

    python bench/reports.py [--contacts 100000] [--database-url URL]
"""
from __future__ import annotations

import sys
import time
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from frontdesk.devtools.demo_history import load_history  # noqa: E402
from frontdesk.platform.clock import LONDON  # noqa: E402
from _demo_db import demo_app  # noqa: E402

from frontdesk.extensions import db  # noqa: E402
from frontdesk.models import Contact, HandoffEvent  # noqa: E402
from frontdesk.reports.dashboard import build  # noqa: E402
from frontdesk.reports.scope import Scope  # noqa: E402
from frontdesk.reports.scorecard import build_scorecards  # noqa: E402
from frontdesk.reports.standards import parse_standards  # noqa: E402

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)
DAYS = 120


def timed(run):
    started = time.perf_counter()
    result = run()
    return result, time.perf_counter() - started


def naive(scope: Scope) -> tuple[Counter, Counter]:
    """Rows into Python: contacts per day, and (service, kind) counts of live offers and answers."""
    days, per_service = Counter(), Counter()
    for (at,) in db.session.execute(select(Contact.received_at).where(*scope.contact_filters())):
        days[at.astimezone(LONDON).date()] += 1
    seen = set()
    query = (select(HandoffEvent.contact_id, HandoffEvent.service_id, HandoffEvent.kind, HandoffEvent.detail)
             .join(Contact, Contact.id == HandoffEvent.contact_id).where(*scope.contact_filters()))
    for contact, service, kind, detail in db.session.execute(query):
        if kind in ("offered", "answered") and detail.get("channel") in ("phone", "chat") \
                and (contact, service, kind) not in seen:
            seen.add((contact, service, kind))
            per_service[(service, kind)] += 1
    return days, per_service


def main() -> None:
    args, app, url = demo_app(__doc__, "reports")
    # per_day is a weekday's; a weekend day has a third of it: 5.67 weekdays' worth a week.
    per_day = round(args.contacts / (DAYS * (5 + 2 * 0.33) / 7))
    with app.app_context():
        made, fill_s = timed(lambda: load_history(db.session, NOW, DAYS, per_day=per_day))
        db.session.commit()
        events = db.session.query(HandoffEvent).count()
        print(f"filled {made:,} contacts ({events:,} handoff events) over {DAYS} days in {fill_s:.1f} s "
              f"(database {url.split(':')[0]}; about {per_day} a weekday)")
        today = NOW.astimezone(LONDON).date()
        month = Scope(today - timedelta(days=27), today)
        everything = Scope(today - timedelta(days=DAYS), today)
        _, month_s = timed(lambda: build(db.session, month))
        tables, all_s = timed(lambda: build(db.session, everything))
        cards, card_s = timed(lambda: build_scorecards(db.session, date(2026, 10, 1),
                                                                    parse_standards(None), NOW))
        (days, per_service), naive_s = timed(lambda: naive(everything))
    counted = sum(r["total"] for r in tables[0].rows)
    assert counted == sum(days.values()), (counted, sum(days.values()))
    offered = sum(r["offered"] for r in tables[3].rows)
    assert offered == sum(n for (_, kind), n in per_service.items() if kind == "offered")
    print(f"dashboard, 28 days:        {month_s:.2f} s (7 reports)")
    print(f"dashboard, {DAYS} days:       {all_s:.2f} s ({counted:,} contacts)")
    print(f"scorecard, October + trend: {card_s:.2f} s ({len(cards.cards)} local services x 6 months x 4 standards)")
    print(f"baseline (rows into Python, 2 of the 7 reports, {DAYS} days): {naive_s:.2f} s")
    print(f"dashboard ({DAYS} days, all 7) / baseline (2): {all_s / naive_s:.2f}x")


if __name__ == "__main__":
    main()
