"""Two workers behind one name: chats, claims and crashes across them (PostgreSQL and Redis)."""
from __future__ import annotations

import threading
import uuid

from sqlalchemy import select

from frontdesk.models import CallbackRequest, Chat, ChatMessage, Contact, HandoffEvent
from frontdesk.models.base import utcnow

from .clients import ConsoleTab, FamilyTab

BIRMINGHAM_ADVISOR = "advisor@birmingham.frontdesk.example"
SUPERVISOR = "supervisor@frontdesk.example"


def _chat_across(cluster, family_on: int, advisor_on: int):
    """A family on one worker starts a chat that an advisor on the other accepts."""
    family = FamilyTab(cluster.urls[family_on])
    started = family.start("Sutton Coldfield", "Our son's EHC plan review is overdue.")
    chat_id = started["conversation"]["id"]
    assert started["conversation"]["status"] == "waiting" and "Birmingham" in started["conversation"]["service_name"]
    advisor = ConsoleTab(cluster.urls[advisor_on], BIRMINGHAM_ADVISOR)
    advisor.accept_when_queued(chat_id)
    family.wait_for("conversation", lambda c: c["status"] == "active" and c["advisor"]["first_name"])
    return family, advisor, chat_id, started["token"]


def test_a_family_on_one_worker_chats_with_an_advisor_on_the_other(cluster):
    family, advisor, chat_id, _ = _chat_across(cluster, family_on=0, advisor_on=1)
    sent = family.send("Is there anything we can do?")
    got = advisor.wait_for("message", lambda m: m.get("client_id") == sent["client_id"])
    assert got["chat"] == chat_id and got["text"] == "Is there anything we can do?"
    reply = advisor.send(chat_id, "Yes: you can ask the council for a date in writing.")
    assert family.wait_for("message", lambda m: m.get("client_id") == reply["client_id"])["sender"] == "advisor"
    family.close()
    advisor.close()


def test_a_callback_claimed_on_one_worker_cannot_be_claimed_on_the_other(cluster):
    with cluster.session() as db:
        at = utcnow()
        contact = Contact(id=uuid.uuid4().hex, channel="phone", received_at=at, given={}, topic="other", urgent=False)
        db.add(contact)
        db.flush()
        request = CallbackRequest(contact_id=contact.id, service_id="birmingham-iass", phone="+447700900123",
                                  due_at=at, reason="no_answer", status="open", created_at=at)
        db.add(request)
        db.commit()
        callback_id = request.id
    tabs = [ConsoleTab(cluster.urls[0], BIRMINGHAM_ADVISOR), ConsoleTab(cluster.urls[1], SUPERVISOR)]
    answers: list[dict] = [{}, {}]
    together = threading.Barrier(2)

    def claim(n: int) -> None:
        together.wait()
        answers[n] = tabs[n].call("claim_callback", {"callback": callback_id})

    threads = [threading.Thread(target=claim, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(a["ok"] for a in answers) == [False, True], answers
    loser = answers[0] if not answers[0]["ok"] else answers[1]
    assert loser["error"]["code"] == "taken"
    # The one who lost sees, on its own worker, who has it.
    winner_name = "Ben" if answers[0]["ok"] else "Sam"
    loser_tab = tabs[0] if not answers[0]["ok"] else tabs[1]
    loser_tab.wait_for("callbacks", lambda data: any(
        c["id"] == callback_id and c["status"] == "claimed" and c["claimed_by"]["name"].startswith(winner_name)
        for c in data["due"] + data["later"]))
    with cluster.session() as db:
        assert db.get(CallbackRequest, callback_id).status == "claimed"
    for tab in tabs:
        tab.close()


def test_killing_a_worker_loses_nothing_and_the_family_carries_on_from_the_other(cluster):
    family, advisor, chat_id, token = _chat_across(cluster, family_on=0, advisor_on=1)
    said = [family.send(f"Message {n} before the crash")["client_id"] for n in range(3)]
    for client_id in said:
        advisor.wait_for("message", lambda m, c=client_id: m.get("client_id") == c)
    answered = advisor.send(chat_id, "I'm reading your messages now.")

    cluster.kill(0)  # the family's worker goes, with its WebSocket
    again = FamilyTab(cluster.urls[1], token=token)  # the widget reconnects; the proxy sends it to the other
    history = again.wait_for("history")
    texts = [m["text"] for m in history["messages"]]
    assert [t for t in texts if t.startswith("Message ")] == [f"Message {n} before the crash" for n in range(3)]
    assert "I'm reading your messages now." in texts and answered["client_id"] in [m["client_id"] for m in history["messages"]]
    assert again.wait_for("conversation")["status"] == "active"
    after = again.send("Thank you, still here.")
    assert advisor.wait_for("message", lambda m: m.get("client_id") == after["client_id"])["chat"] == chat_id

    with cluster.session() as db:
        chat = db.get(Chat, chat_id)
        kinds = [e.kind for e in db.scalars(select(HandoffEvent).where(HandoffEvent.contact_id == chat.contact_id)
                                            .order_by(HandoffEvent.id))]
        stored = db.scalars(select(ChatMessage.client_id).where(ChatMessage.chat_id == chat_id)).all()
    assert kinds == ["offered", "answered"]
    assert set(said) | {answered["client_id"], after["client_id"]} <= set(stored)
    again.close()
    advisor.close()
