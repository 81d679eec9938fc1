"""Starting a chat: limits that slow a flood (per browser, per network address, per partner site)
and never a family in danger, and a retried start that never opens a second conversation."""
from __future__ import annotations

from sqlalchemy import func, select

from frontdesk.models import Chat, Contact


def _refusal(ack: dict) -> dict:
    assert ack["ok"] is False, ack
    error = ack["error"]
    assert error["code"] == "too_fast"
    return error


def test_fresh_browsers_from_one_address_can_start_only_so_many_chats(app, family, own_session):
    app.config["CHAT_STARTS_PER_ADDRESS"] = 3
    for n in range(3):  # three browsers with no family token, one network address
        assert family(address="203.0.113.7").start(message=f"Question {n}")["ok"]
    assert family(address="203.0.113.8").start()["ok"]  # another address is not held back
    error = _refusal(family(address="203.0.113.7").start(message="He said he wants to hurt himself"))  # still limited
    assert "from your network" in error["message"]
    assert "999" in error["signposting"] and error["phone"] == "0808 157 0123"  # a family in danger is not left alone
    assert own_session.scalar(select(func.count(Chat.id))) == 4
    assert own_session.scalar(select(func.count(Contact.id))) == 4  # nothing of the refused start was kept
    hashes = set(own_session.scalars(select(Chat.client_hash)))
    assert len(hashes) == 2 and all(len(h) == 64 and "203.0.113" not in h for h in hashes)  # pseudonyms


def test_one_partner_site_can_start_only_so_many_chats_in_ten_minutes(app, family, clock):
    app.config.update(CHAT_STARTS_PER_SITE=2)
    assert family().start()["ok"] and family().start()["ok"]
    assert "from this website" in _refusal(family().start())["message"]
    clock.set(clock.at.replace(minute=11))  # ten minutes on, the site may start chats again
    assert family().start()["ok"]


def test_the_browser_limit_still_holds_with_a_family_token(family):
    tab = family()
    for _ in range(6):
        assert tab.start()["ok"]
        tab.emit("end")
    assert "in the last hour" in _refusal(tab.start())["message"]


def test_a_start_retried_after_its_answer_was_lost_finds_the_chat_it_opened(family, own_session):
    first = family().start(start_id="4f1d2c9a-start")
    assert first["ok"]
    again = family().start(start_id="4f1d2c9a-start")  # a new connection: the widget reconnected and retried
    assert again["ok"] and again["conversation"]["id"] == first["conversation"]["id"]
    assert [m["text"] for m in again["messages"]] == [m["text"] for m in first["messages"]]
    assert own_session.scalar(select(func.count(Chat.id))) == 1
    other = family().start(start_id="a-different-start")
    assert other["ok"] and other["conversation"]["id"] != first["conversation"]["id"]
