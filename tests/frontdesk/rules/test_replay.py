"""Replaying a draft rulebook over logged contacts, before it is published."""
from __future__ import annotations

import json

import pytest

from frontdesk.cli import main
from frontdesk.contacts.input import ContactInput
from frontdesk.platform.clock import parse_time
from frontdesk.actions._handoff_log import new_contact, record_decision
from frontdesk.rules.replay import replay
from frontdesk.rules.decide import decide
from frontdesk.rules.store import active_rulebook, check_rulebook
from routing_rules import default_rulebook_path

DEFAULT = default_rulebook_path().read_text(encoding="utf-8")
# The draft: no local-IASS rule, so families go to the national helpline while it is open.
NO_LOCAL = DEFAULT[:DEFAULT.index("  - id: local-iass")] + DEFAULT[DEFAULT.index("  - id: national\n"):]

CONTACTS = [  # (channel, received_at, what the family said)
    ("phone", "2026-10-07T10:00:00+00:00", {"place": "Sutton Coldfield", "topic": "ehc_plan"}),
    ("chat", "2026-10-07T11:30:00+00:00", {"postcode": "B73 5AA", "message": "his annual review"}),
    ("chat", "2026-10-08T09:15:00+00:00", {"place": "Leeds", "topic": "transport"}),
    ("phone", "2026-10-10T21:00:00+00:00", {"place": "Leeds"}),  # Saturday night: out of hours
    ("chat", "2026-10-09T12:00:00+00:00", {"place": "Nowhere in particular", "message": "he is not safe"}),
    ("phone", "2026-11-02T10:00:00+00:00", {"place": "Leeds"}),  # outside the period replayed
]


@pytest.fixture
def logged(db):
    """The contacts above, each decided by the active rulebook and logged."""
    for channel, at, said in CONTACTS:
        inp = ContactInput(channel=channel, received_at=parse_time(at), **said)
        contact = new_contact(inp)
        db.add(contact)
        db.flush()
        record_decision(db, contact, decide(db, inp))
    db.commit()


def _october(db, rulebook):
    return replay(db, rulebook, parse_time("2026-10-01"), parse_time("2026-11-01"))


def test_replaying_the_rulebook_in_force_changes_nothing(db, logged):
    result = _october(db, active_rulebook(db))
    assert (result.total, result.changed, dict(result.moves)) == (5, 0, {})


def test_a_draft_shows_which_contacts_it_would_move_and_where(db, logged):
    result = _october(db, check_rulebook(db, NO_LOCAL, "draft.yaml"))
    assert (result.total, result.changed) == (5, 3)
    assert dict(result.moves) == {("birmingham-iass", "national-helpline"): 2, ("leeds-iass", "national-helpline"): 1}
    example = result.examples[("birmingham-iass", "national-helpline")][0]
    assert (example["was_rule"], example["rule"]) == ("local-iass", "national")


def test_rules_replay_in_the_terminal(runner, db, logged, tmp_path):
    draft = tmp_path / "draft.yaml"
    draft.write_text(NO_LOCAL)
    out = runner.invoke(main, ["rules", "replay", str(draft), "--since", "2026-10-01", "--until", "2026-11-01"])
    assert out.exit_code == 0, out.output
    assert "5 contacts replayed; 3 would have gone elsewhere (60.0%)." in out.output
    assert "2  birmingham-iass -> national-helpline" in out.output
    as_json = runner.invoke(main, ["rules", "replay", str(draft), "--since", "2026-10-01", "--until", "2026-11-01",
                                   "--json"])
    body = json.loads(as_json.output[as_json.output.index("{"):])
    assert body["changed"] == 3 and body["moves"][0]["contacts"] == 2


def test_a_broken_draft_is_refused_with_file_and_line(runner, db, tmp_path):
    draft = tmp_path / "draft.yaml"
    draft.write_text(DEFAULT.replace("service: national-helpline", "service: natonal-helpline", 1))
    out = runner.invoke(main, ["rules", "replay", str(draft), "--since", "2026-10-01", "--until", "2026-11-01"])
    assert out.exit_code == 1 and "draft.yaml:" in out.output and "national-helpline" in out.output
