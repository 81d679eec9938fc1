"""Every request that writes queues for the write lock, as the webhooks do: staff pages never
fail with "database is locked" while calls are being written (on SQLite; on PostgreSQL the same
requests simply run)."""
from __future__ import annotations

import re
import threading
import uuid

import pytest
from sqlalchemy import select

from frontdesk.actions.staff import do_create_staff
from frontdesk.models import Contact
from frontdesk.platform.transactions import begin_writing, transaction
from tests.support import MUM, PASSWORD, Phone, post_signed

CALL = {"AccountSid": "AC" + "0" * 32, "From": MUM, "To": "+448081570123", "CallStatus": "ringing",
        "Direction": "inbound"}


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def _calls_keep_coming(app, stop: threading.Event, done: list) -> None:
    """A stream of new calls, each answered and asked where the family lives: a write after a write."""
    client = app.test_client()
    while not stop.is_set():
        sid = "CA" + uuid.uuid4().hex
        post_signed(client, "/voice/incoming", {**CALL, "CallSid": sid})
        post_signed(client, "/voice/location?n=1", {**CALL, "CallSid": sid, "SpeechResult": "Leeds"})
        done.append(sid)


def _an_advisors_shift(app, contact_id: str, chat_id: str, statuses: list) -> None:
    """Sign in, read a transcript and a contact (each look is audited), sign out; again and again."""
    for _ in range(6):
        http = app.test_client()
        for method, path, data in [("GET", "/signin", None), ("POST", "/signin", "signin"),
                                   ("GET", f"/console/chats/{chat_id}", None),
                                   ("GET", f"/api/v1/contacts/{contact_id}", None),
                                   ("GET", f"/console/chats/{chat_id}", None), ("POST", "/signout", "signout")]:
            try:
                if data == "signin":
                    answer = http.post(path, data={"email": "ben@bham.example", "password": PASSWORD,
                                                   "csrf_token": token})
                elif data == "signout":
                    answer = http.post(path, data={"csrf_token": token})
                else:
                    answer = http.get(path)
                    if path == "/signin":
                        token = _csrf(answer.get_data(as_text=True))
                statuses.append((path, answer.status_code))
            except Exception as exc:  # what a server would answer with a 500
                statuses.append((path, f"500 {type(exc).__name__}: {exc}"))


def test_staff_pages_never_fail_while_calls_are_being_written(app, own_session, family):
    do_create_staff(own_session, "ben@bham.example", "Ben (Birmingham SENDIASS)", "advisor", PASSWORD, "birmingham-iass")
    own_session.commit()
    chat_id = family().start()["conversation"]["id"]
    Phone(app).call().do("say", "Sutton Coldfield").do("press", "1")  # routed to Birmingham: Ben may see it
    contact_id = own_session.scalar(select(Contact.id).where(Contact.channel == "phone"))
    stop, calls, statuses = threading.Event(), [], []
    writers = [threading.Thread(target=_calls_keep_coming, args=(app, stop, calls)) for _ in range(3)]
    shifts = [threading.Thread(target=_an_advisors_shift, args=(app, contact_id, chat_id, statuses)) for _ in range(2)]
    for thread in writers + shifts:
        thread.start()
    for thread in shifts:
        thread.join()
    stop.set()
    for thread in writers:
        thread.join()
    failed = [(path, status) for path, status in statuses if not isinstance(status, int) or status >= 500]
    assert failed == [] and len(statuses) == 2 * 6 * 6
    assert {status for _, status in statuses} <= {200, 302}
    assert len(calls) > 0  # the calls kept coming all along


def test_a_transaction_that_began_reading_cannot_become_a_writer_by_surprise(db):
    db.execute(select(Contact.id).limit(1))
    with pytest.raises(RuntimeError, match="began reading"):
        begin_writing(db)
    db.rollback()
    begin_writing(db)
    begin_writing(db)  # a second time in the same transaction: nothing more to do


def test_a_view_says_how_it_uses_the_database_only_in_the_known_ways():
    with pytest.raises(ValueError, match="one of write, read, own"):
        transaction("sometimes")
