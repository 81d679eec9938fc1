"""Benchmark: replaying a draft rulebook over 100,000 logged contacts (target: at most 10 s).

Fills a fresh SQLite database (or --database-url) with the demo directory and N contacts, each
with the decision the default rulebook made for it (the full decision JSON, trace included, as
the handoff log keeps it): contacts across October, on every channel, from the same realistic
mix as bench/route.py. Then replays a draft (the default rulebook without its local-IASS rule)
over the month with `frontdesk.replay.replay`. The baseline, measured in the same run, is reading
the same rows with the same query and doing nothing with them.

    python bench/replay.py [--contacts 100000] [--database-url URL]
"""
from __future__ import annotations

import sys
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from route import make_contacts  # noqa: E402

from frontdesk.directory.snapshot import builtin_snapshot  # noqa: E402
from _demo_db import demo_app  # noqa: E402

from frontdesk.extensions import db  # noqa: E402
from frontdesk.models import Contact, DecisionRecord  # noqa: E402
from frontdesk.rules.replay import _first_decisions, replay  # noqa: E402
from frontdesk.resolve import resolve_contact  # noqa: E402
from frontdesk.rules.store import check_rulebook  # noqa: E402
from routing_rules import default_rulebook_path, evaluate, load_rulebook  # noqa: E402

OCTOBER = datetime(2026, 10, 1, tzinfo=timezone.utc)


def fill(count: int) -> None:
    """N contacts across October with the default rulebook's decisions, inserted in bulk."""
    snapshot = builtin_snapshot()
    rulebook = load_rulebook(default_rulebook_path().read_text(encoding="utf-8"))
    contacts, decisions = [], []
    for n, inp in enumerate(make_contacts(count, seed=11)):
        at = OCTOBER + timedelta(seconds=(n * 26.7) % (31 * 86400))
        inp = inp.__class__(**{**inp.__dict__, "received_at": at})
        decision = evaluate(rulebook, resolve_contact(inp, snapshot.places), snapshot.directory, at)
        contact_id = uuid.uuid4().hex
        contacts.append({"id": contact_id, "channel": inp.channel, "channel_ref": None, "received_at": at,
                         "given": inp.given(), "authority_code": decision.contact.local_authority.code,
                         "topic": decision.contact.topic, "urgent": decision.contact.urgent, "created_at": at})
        first = decision.targets[0]
        decisions.append({"contact_id": contact_id, "decided_at": at, "rule": decision.rule,
                          "rulebook_version": decision.rulebook_version, "first_kind": first.kind,
                          "first_service": first.service, "payload": decision.to_json()})
        if len(contacts) == 5000:
            _insert(contacts, decisions)
            contacts, decisions = [], []
    _insert(contacts, decisions)


def _insert(contacts: list[dict], decisions: list[dict]) -> None:
    if contacts:
        db.session.execute(Contact.__table__.insert(), contacts)
        db.session.execute(DecisionRecord.__table__.insert(), decisions)
        db.session.commit()


def main() -> None:
    args, app, url = demo_app(__doc__, "replay")
    with app.app_context():
        started = time.perf_counter()
        fill(args.contacts)
        print(f"filled {args.contacts:,} contacts with their decisions in {time.perf_counter() - started:.1f} s "
              f"(database {url.split(':')[0]})")
        since, until = OCTOBER, OCTOBER + timedelta(days=31)
        text = default_rulebook_path().read_text(encoding="utf-8")
        draft = check_rulebook(db.session, text[:text.index("  - id: local-iass")]
                               + text[text.index("  - id: national\n"):], "draft.yaml")

        started = time.perf_counter()
        rows = sum(len(batch) for batch in db.session.execute(
            _first_decisions(since, until).execution_options(yield_per=2000)).partitions())
        read_s = time.perf_counter() - started
        db.session.rollback()

        started = time.perf_counter()
        result = replay(db.session, draft, since, until)
        replay_s = time.perf_counter() - started

    print(f"baseline: read {rows:,} contacts and their first decisions: {read_s:.2f} s")
    print(f"replay:   {result.total:,} contacts in {replay_s:.2f} s ({result.total / replay_s:,.0f} a second); "
          f"{result.changed:,} would have gone elsewhere")
    print(f"replay / baseline: {replay_s / read_s:.1f}x; target <= 10 s for 100,000: "
          f"{'met' if replay_s <= 10 * args.contacts / 100_000 else 'NOT met'}")


if __name__ == "__main__":
    main()
