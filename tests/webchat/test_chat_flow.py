"""A chat from the widget to an advisor and on: routing, accept, transfer, fallback, reconnection."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from frontdesk.models import AuditEntry, CallbackRequest, Chat, ChatMessage, HandoffEvent
from webchat.sweeper import sweep_once


def _events(own_session, chat_id: str) -> list[tuple[str, str | None]]:
    """The chat's handoff log. (The test shares the handlers' session: end the read after.)"""
    chat = own_session.get(Chat, chat_id)
    found = [(e.kind, e.service_id) for e in own_session.scalars(
        select(HandoffEvent).where(HandoffEvent.contact_id == chat.contact_id).order_by(HandoffEvent.id))]
    own_session.rollback()
    return found


def test_a_family_is_queued_with_their_local_iass_and_only_its_advisors_see_it(family, advisor):
    ben, nadia = advisor("ben"), advisor("nadia")
    ack = family().start(place="Sutton Coldfield", name="Priya")
    assert ack["ok"], ack
    conversation = ack["conversation"]
    assert conversation["status"] == "waiting"
    assert conversation["service_name"] == "Birmingham SENDIASS"
    assert conversation["queue"]["position"] == 1 and conversation["queue"]["wait_s"] > 0
    waiting = ben.latest("queue")["waiting"]
    assert [(w["id"], w["area"], w["topic_label"]) for w in waiting] == [
        (conversation["id"], "Birmingham", "EHC plans and needs assessments")]
    assert waiting[0]["preview"] == "My son's EHC plan review is late"
    assert all(not q["waiting"] for q in nadia.events("queue"))


def test_second_family_in_the_queue_is_told_they_are_second(family, clock):
    first = family()
    first.start()
    clock.set(clock.at + timedelta(seconds=20))
    second = family()
    ack = second.start(message="Is my daughter entitled to transport?")
    assert ack["conversation"]["queue"]["position"] == 2
    first.emit("end")  # the one in front leaves: the second moves up
    assert second.latest("conversation")["queue"]["position"] == 1


def test_exactly_one_advisor_wins_a_chat_and_the_family_sees_their_first_name(own_session, family, advisor):
    ben, bea = advisor("ben"), advisor("bea")
    tab = family()
    chat_id = tab.start()["conversation"]["id"]
    first = ben.emit("accept", {"chat": chat_id})
    second = bea.emit("accept", {"chat": chat_id})
    assert first["ok"] and first["chat"]["advisor"]["name"].startswith("Ben")
    assert second == {"ok": False, "error": {"code": "taken",
                                             "message": "another advisor has already accepted this chat"}}
    conversation = tab.latest("conversation")
    assert conversation["status"] == "active" and conversation["advisor"] == {"first_name": "Ben"}
    assert "Ben has joined the chat." in [m["text"] for m in tab.events("message")]
    assert bea.latest("queue")["waiting"] == []
    assert _events(own_session, chat_id) == [("offered", "birmingham-iass"), ("answered", "birmingham-iass")]


def test_messages_flow_both_ways_with_typing_and_read_receipts(own_session, family, advisor):
    ben = advisor("ben")
    tab = family()
    chat_id = tab.start()["conversation"]["id"]
    ben.emit("accept", {"chat": chat_id})
    tab.events("message")
    reply = ben.emit("send", {"chat": chat_id, "text": "Hello, I'm Ben. How old is your son?", "client_id": "b1"})
    assert reply["ok"]
    assert [m["text"] for m in tab.events("message")] == ["Hello, I'm Ben. How old is your son?"]
    tab.client.emit("typing", {"typing": True}, namespace="/chat")
    assert ben.latest("typing") == {"chat": chat_id, "typing": True}
    sent = tab.emit("send", {"text": "He is 9", "client_id": "f1"})
    assert sent["ok"] and sent["message"]["sender"] == "family"
    assert ben.latest("message")["text"] == "He is 9"
    assert tab.emit("read", {"upto": reply["message"]["id"]}) == {"ok": True, "upto": reply["message"]["id"]}
    assert ben.latest("read") == {"chat": chat_id, "upto": reply["message"]["id"]}
    assert ben.emit("read", {"chat": chat_id, "upto": sent["message"]["id"]})["ok"]
    assert tab.latest("read") == {"upto": sent["message"]["id"]}
    again = tab.emit("send", {"text": "He is 9", "client_id": "f1"})  # resent after a dropped connection
    assert again["message"]["id"] == sent["message"]["id"]
    assert own_session.scalar(select(ChatMessage.id).where(ChatMessage.client_id == "f1", ChatMessage.chat_id == chat_id))


def test_reloading_the_page_resumes_the_conversation_with_its_history(family, advisor):
    ben = advisor("ben")
    first_tab = family()
    ack = first_tab.start()
    ben.emit("accept", {"chat": ack["conversation"]["id"]})
    ben.emit("send", {"chat": ack["conversation"]["id"], "text": "Hi, Ben here", "client_id": "b1"})
    first_tab.client.disconnect(namespace="/chat")

    reloaded = family(ack["token"])
    assert reloaded.latest("conversation")["advisor"] == {"first_name": "Ben"}
    texts = [m["text"] for m in reloaded.latest("history")["messages"]]
    assert texts == ["My son's EHC plan review is late", "Ben has joined the chat.", "Hi, Ben here"]
    assert reloaded.emit("send", {"text": "Sorry, my connection dropped", "client_id": "f2"})["ok"]
    assert ben.latest("message")["text"] == "Sorry, my connection dropped"


def test_a_forged_or_foreign_token_resumes_nothing(family):
    ack = family().start()
    forged = family(ack["token"][:-4] + "AAAA")
    assert forged.latest("error")["code"] == "bad_token"
    assert forged.emit("send", {"text": "hello", "client_id": "x"})["error"]["code"] == "no_chat"


def test_transfer_is_a_warm_handoff_the_next_advisor_sees(own_session, family, advisor):
    ben, nadia = advisor("ben"), advisor("nadia")
    tab = family()
    chat_id = tab.start()["conversation"]["id"]
    ben.emit("accept", {"chat": chat_id})
    note = "Mum asking about a tribunal deadline; EHC plan finalised 3 Nov."
    moved = ben.emit("transfer", {"chat": chat_id, "service": "national-helpline", "note": note})
    assert moved == {"ok": True, "service_name": "National SEND helpline"}

    conversation = tab.latest("conversation")
    assert conversation["status"] == "waiting" and conversation["service_name"] == "National SEND helpline"
    queued = nadia.latest("queue")["waiting"]
    assert queued[0]["id"] == chat_id
    assert queued[0]["transferred"]["note"] == note and queued[0]["transferred"]["from_name"] == "Birmingham SENDIASS"
    taken = nadia.emit("accept", {"chat": chat_id})
    assert taken["chat"]["transfers"][0]["note"] == note
    assert taken["chat"]["transfers"][0]["from"] == "Birmingham SENDIASS"
    # Ben's service no longer has the chat: he can neither write to it nor open it.
    assert ben.emit("send", {"chat": chat_id, "text": "still here?", "client_id": "b9"})["error"]["code"] == "not_found"
    assert ben.emit("open", {"chat": chat_id})["error"]["code"] == "not_found"
    assert _events(own_session, chat_id) == [("offered", "birmingham-iass"), ("answered", "birmingham-iass"),
                                    ("transferred", "national-helpline"), ("offered", "national-helpline"),
                                    ("answered", "national-helpline")]
    audited = own_session.scalar(select(AuditEntry).where(AuditEntry.action == "transfer"))
    assert (audited.actor, audited.target, audited.detail["to"]) == ("ben@bham.example", f"chat:{chat_id}",
                                                                      "national-helpline")


def test_transfer_needs_a_note_and_an_open_service(family, advisor, clock):
    ben = advisor("ben")
    chat_id = family().start()["conversation"]["id"]
    ben.emit("accept", {"chat": chat_id})
    assert ben.emit("transfer", {"chat": chat_id, "service": "national-helpline", "note": " "})["error"]["code"] == "invalid"
    assert ben.emit("transfer", {"chat": chat_id, "service": "nowhere", "note": "x"})["error"]["code"] == "invalid"
    clock.set("2026-11-25T10:30:00+00:00")  # the tribunal line opens at 10:00 ...
    clock.set("2026-11-25T09:30:00+00:00")  # ... so at 09:30 it is closed
    closed = ben.emit("transfer", {"chat": chat_id, "service": "tribunal-legal-line", "note": "tribunal"})
    assert closed["error"] == {"code": "closed", "message": "SEND tribunal and legal advice line is closed now"}


def test_an_unanswered_chat_moves_along_the_fallbacks_then_offers_a_message(own_session, app, family, advisor, clock):
    ben, nadia = advisor("ben"), advisor("nadia")
    for someone in (ben, nadia):  # signed in and available, but nobody answers
        someone.emit("presence", {"status": "available"})
    tab = family()
    chat_id = tab.start()["conversation"]["id"]
    clock.set(clock.at + timedelta(seconds=119))
    assert sweep_once(app) == 0  # nobody gives up before the minimum wait
    clock.set(clock.at + timedelta(seconds=2))
    assert sweep_once(app) == 1
    assert tab.latest("conversation")["service_name"] == "National SEND helpline"
    assert "Sorry for the wait. We are now trying National SEND helpline." in [m["text"] for m in tab.events("message")]
    assert nadia.latest("queue")["waiting"][0]["id"] == chat_id

    for _ in range(2):  # national, then out of hours, both unanswered
        clock.set(clock.at + timedelta(seconds=121))
        assert sweep_once(app) == 1
    conversation = tab.latest("conversation")
    assert conversation["status"] == "offline"
    assert conversation["opening"]["service_name"] == "Birmingham SENDIASS"
    assert conversation["opening"]["hours"] == "Mon–Fri 09:00–17:00"
    assert _events(own_session, chat_id) == [
        ("offered", "birmingham-iass"), ("no_answer", "birmingham-iass"), ("offered", "national-helpline"),
        ("no_answer", "national-helpline"), ("offered", "out-of-hours"), ("no_answer", "out-of-hours"),
        ("offered", "birmingham-iass")]

    left = tab.emit("offline_message", {"name": "Priya", "email": "priya@example.org",
                                        "message": "Please call me about the review."})
    assert left["ok"] and left["conversation"]["status"] == "left_message"
    request = own_session.scalar(select(CallbackRequest).where(CallbackRequest.contact_id == own_session.get(Chat, chat_id).contact_id))
    assert (request.service_id, request.channel, request.email, request.reason) == (
        "birmingham-iass", "chat", "priya@example.org", "no_answer")
    # what the family asked first comes with the message: the advisor calling back needn't ask again
    assert request.message == "My son's EHC plan review is late\n\nPlease call me about the review."


def test_two_sweeps_at_once_move_a_chat_once(own_session, app, family, advisor, clock):
    advisor("ben").emit("presence", {"status": "available"})
    chat_id = family().start()["conversation"]["id"]
    chat = own_session.get(Chat, chat_id)
    stale_hop = chat.hop
    own_session.rollback()
    clock.set(clock.at + timedelta(seconds=121))
    advisor("nadia").emit("presence", {"status": "available"})  # someone is there where it moves next
    assert sweep_once(app) == 1
    assert sweep_once(app) == 0  # moved once, however often swept
    from sqlalchemy.orm.attributes import set_committed_value

    from frontdesk.actions._queue_moves import claim_move
    from frontdesk.platform.refusals import MoveLost
    set_committed_value(chat, "hop", stale_hop)  # as a second worker read it, before the first moved it
    try:
        claim_move(own_session, chat, status="offline")
        raise AssertionError("a stale move went through")
    except MoveLost:
        pass
    own_session.rollback()
    assert own_session.get(Chat, chat_id).service_id == "national-helpline"


def test_when_everyone_is_closed_the_family_can_leave_a_message(own_session, family, clock):
    clock.set("2026-11-28T23:30:00+00:00")  # Saturday night: even out of hours has closed
    tab = family()
    ack = tab.start(place="B73 5AA")
    conversation = ack["conversation"]
    assert conversation["status"] == "offline"
    assert conversation["opening"]["service_name"] == "Birmingham SENDIASS"
    assert conversation["opening"]["opens_text"] == "from 9 a.m. on Monday the 30th of November"
    refused = tab.emit("offline_message", {"name": "Priya", "message": "Call me"})
    assert refused["error"]["field"] == "email"  # an email or a phone number is needed
    bad_phone = tab.emit("offline_message", {"name": "Priya", "phone": "12", "message": "Call me"})
    assert bad_phone["error"]["field"] == "phone"
    assert tab.emit("offline_message", {"name": "Priya", "phone": "0121 496 0000", "message": "Call me"})["ok"]
    request = own_session.scalar(select(CallbackRequest))
    assert (request.phone, request.reason) == ("+441214960000", "closed")
    assert request.message == "My son's EHC plan review is late\n\nCall me"  # the question comes with it
    assert request.due_at.isoformat() == "2026-11-30T09:00:00+00:00"


def test_a_place_in_two_councils_is_asked_about(family):
    tab = family()
    ack = tab.start(place="Newcastle")
    assert ack["error"]["code"] == "choose_place"
    names = {c["name"] for c in ack["error"]["candidates"]}
    assert {"Newcastle upon Tyne", "Staffordshire"} <= names
    code = next(c["code"] for c in ack["error"]["candidates"] if c["name"] == "Newcastle upon Tyne")
    chosen = tab.start(place="Newcastle", local_authority=code)
    assert chosen["conversation"]["service_name"] == "Newcastle upon Tyne SENDIASS"


def test_the_family_ends_the_chat_the_advisor_closes_it_and_the_survey_is_kept(own_session, family, advisor):
    ben = advisor("ben")
    tab = family()
    chat_id = tab.start()["conversation"]["id"]
    ben.emit("accept", {"chat": chat_id})
    assert tab.emit("survey", {"rating": 5})["error"]["code"] == "invalid"  # not before the end
    ended = tab.emit("end")
    assert ended["conversation"]["status"] == "ended"
    assert ben.latest("chat")["family_ended"] is True
    assert ben.emit("send", {"chat": chat_id, "text": "Are you there?", "client_id": "b2"})["error"]["code"] == "closed"
    assert ben.emit("close", {"chat": chat_id, "outcome": "not-a-code"})["error"]["code"] == "invalid"
    assert ben.emit("close", {"chat": chat_id, "outcome": "advice_given", "note": "Explained review timescales"})["ok"]
    assert ben.latest("mine") == {"chats": []}
    assert tab.emit("survey", {"rating": 0})["error"]["field"] == "rating"
    assert tab.emit("survey", {"rating": 4, "comment": "Helpful, thank you"})["ok"]
    chat = own_session.get(Chat, chat_id)
    assert (chat.outcome, chat.rating, chat.rating_comment) == ("advice_given", 4, "Helpful, thank you")
    assert _events(own_session, chat_id)[-1] == ("completed", "birmingham-iass")


def test_a_family_leaving_the_queue_is_logged_as_abandoned(own_session, family, advisor):
    ben = advisor("ben")
    tab = family()
    chat_id = tab.start()["conversation"]["id"]
    tab.emit("end")
    assert ben.latest("queue")["waiting"] == []
    assert _events(own_session, chat_id)[-1] == ("abandoned", "birmingham-iass")


def test_chat_text_and_contact_details_are_wiped_after_the_retention_period(app, own_session, family, clock):
    from frontdesk.actions.retention import do_run_retention as purge_caller_data
    clock.set("2026-11-28T23:30:00+00:00")  # all closed: the family leaves a message
    tab = family()
    chat_id = tab.start(name="Priya")["conversation"]["id"]
    tab.emit("offline_message", {"name": "Priya", "email": "priya@example.org", "message": "Please call me"})
    own_session.get(Chat, chat_id).created_at = clock.at  # (rows carry the wall-clock time they were made)
    own_session.commit()
    with app.app_context():
        assert purge_caller_data(own_session, clock.at + timedelta(days=89), 90, 30).counts["chat_messages"] == 0
        counts = purge_caller_data(own_session, clock.at + timedelta(days=91), 90, 30).counts
    own_session.commit()
    assert counts["chats"] == 1 and counts["chat_messages"] >= 2 and counts["callback_requests"] == 1
    chat = own_session.get(Chat, chat_id)
    assert chat.family_name is None and {m.text for m in chat.messages} == {""}
    assert chat.contact.given == {} and chat.contact.authority_code == "E08000025"  # the count stays, anonymous
    request = own_session.scalar(select(CallbackRequest).where(CallbackRequest.contact_id == chat.contact_id))
    assert (request.email, request.name, request.message) == (None, None, None)
    assert ("completed", "birmingham-iass") in _events(own_session, chat_id)  # the anonymous log stays


def test_when_the_local_iass_is_closed_the_family_is_told_when_it_opens(family, clock):
    clock.set("2026-11-25T18:30:00+00:00")  # Wednesday evening: Birmingham SENDIASS closed, national open
    tab = family()
    ack = tab.start()
    assert ack["conversation"]["service_name"] == "National SEND helpline"
    assert ("Birmingham SENDIASS is closed at the moment; it opens at 9 a.m. tomorrow. Meanwhile we are "
            "connecting you to National SEND helpline.") in [m["text"] for m in ack["messages"]]


def test_a_chat_whose_advisor_has_gone_goes_back_to_the_front_of_the_queue(app, own_session, family, advisor, clock):
    app.config["CHAT_MIN_WAIT_S"] = 3600  # (no chat moves on to a fallback during this test)
    ben, bea = advisor("ben"), advisor("bea")
    ben.emit("heartbeat")
    bea.emit("presence", {"status": "available"})
    tab = family()
    chat_id = tab.start()["conversation"]["id"]
    clock.set(clock.at + timedelta(seconds=30))
    family().start(message="Another family, waiting")
    assert ben.emit("accept", {"chat": chat_id})["ok"]
    clock.set(clock.at + timedelta(minutes=1))
    assert sweep_once(app) == 0  # a beat a minute ago: still there
    bea.emit("heartbeat")
    clock.set(clock.at + timedelta(minutes=2))
    bea.emit("heartbeat")
    assert sweep_once(app) == 1  # Ben's console has been silent for three minutes
    conversation = tab.latest("conversation")
    assert conversation["status"] == "waiting" and conversation["queue"]["position"] == 1
    assert "Sorry, Ben has been disconnected. We are finding another advisor for you." in [
        m["text"] for m in tab.events("message")]
    details = ben.latest("chat")  # the chat as its old console sees it now: back in the queue, nobody's
    assert (details["status"], details["advisor"]) == ("waiting", None)
    assert ben.latest("mine") == {"chats": []}  # when Ben's console comes back, the chat is no longer his
    assert bea.emit("accept", {"chat": chat_id})["ok"]
    assert ("transferred", "birmingham-iass") in _events(own_session, chat_id)


def test_a_family_is_not_kept_waiting_where_nobody_is_signed_in_to_answer(own_session, app, family, advisor, clock):
    nadia = advisor("nadia")
    nadia.emit("presence", {"status": "available"})  # the national helpline has someone; Birmingham has nobody
    tab = family()
    chat_id = tab.start()["conversation"]["id"]
    assert sweep_once(app) == 1  # at once, not after the two minutes a staffed queue waits
    assert tab.latest("conversation")["service_name"] == "National SEND helpline"
    assert [c["id"] for c in nadia.latest("queue")["waiting"]] == [chat_id]
    assert ("no_answer", "birmingham-iass") in _events(own_session, chat_id)  # the log shows nobody answered
    clock.set(clock.at + timedelta(seconds=60))
    assert sweep_once(app) == 0  # Nadia is there: the chat waits for her
