"""The figures reports and the scorecard share, each one SQL query over the handoff log.

Every function takes `where` (clauses on `Contact`: which contacts count) and optionally
`months` (the first and last day of a run of months): with it, figures are split by the London
month the contact arrived in; without it, the bucket is None. Results are keyed (bucket, service).

What counts (docs/reports.md):
- offered: contacts put through to a service live, by phone or chat (video sessions start as chats);
- answered: those an advisor of that service answered; waits are the `waited_s` the channel
  logged when it was answered (time ringing, or waiting in the chat queue);
- callbacks in time: callback requests whose first try (a call that rang the family, or a reply
  in writing) came before the end of the next working day after the request was left;
- satisfaction: the 1-5 scores families gave after chats the service had.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import and_, case, func, literal, literal_column, or_, select
from sqlalchemy.orm import Session

from ..models import CallbackRequest, Chat, Contact, HandoffEvent
from .periods import london_day, london_midnight, london_month, reply_by_table

LIVE_CHANNELS = ("phone", "chat")
MESSAGE_CHANNELS = ("voicemail", "message")


def event_channel():
    return HandoffEvent.detail["channel"].as_string()


def _bucketed(session: Session, query, where, months):
    """`query` (which selects from Contact) limited to `where`, with a `bucket` column last."""
    bucket = london_month(session, Contact.received_at, *months) if months else literal(None)
    return query.add_columns(bucket.label("bucket")).where(*where)


def live():
    """An offer or answer on the phone or in a chat queue. (Phone dial outcomes logged before they
    carried a channel have none: they are the phone's too.)"""
    return or_(event_channel().in_(LIVE_CHANNELS), and_(event_channel().is_(None), Contact.channel == "phone"))


def _live_events(session: Session, kinds: tuple[str, ...], where, months, *columns):
    query = (select(HandoffEvent.service_id.label("service"), HandoffEvent.contact_id.label("contact"), *columns)
             .join(Contact, Contact.id == HandoffEvent.contact_id)
             .where(HandoffEvent.kind.in_(kinds), live()))
    return _bucketed(session, query, where, months)


def answer_counts(session: Session, where, months=None) -> dict[tuple, tuple[int, int]]:
    """(bucket, service) -> (contacts offered live, contacts answered)."""
    answered = case((HandoffEvent.kind == "answered", 1), else_=0)
    # One row per contact and service: was it answered?
    each = _live_events(session, ("offered", "answered"), where, months, func.max(answered).label("answered"))
    each = each.group_by(HandoffEvent.service_id, HandoffEvent.contact_id, each.selected_columns.bucket).subquery()
    query = (select(each.c.bucket, each.c.service, func.count(), func.sum(each.c.answered))
             .group_by(each.c.bucket, each.c.service))
    return {(bucket, service): (offered, int(answered or 0))
            for bucket, service, offered, answered in session.execute(query)}


def median_waits(session: Session, where, months=None) -> dict[tuple, float]:
    """(bucket, service) -> the median wait in seconds of the answered contacts."""
    waited = HandoffEvent.detail["waited_s"].as_integer()
    waits = (_live_events(session, ("answered",), where, months, waited.label("waited"))
             .where(waited.is_not(None)).subquery())
    ranked = select(waits.c.bucket, waits.c.service, waits.c.waited,
                    func.row_number().over(partition_by=(waits.c.bucket, waits.c.service),
                                           order_by=waits.c.waited).label("n"),
                    func.count().over(partition_by=(waits.c.bucket, waits.c.service)).label("of")).subquery()
    # The middle row, or the two middle rows' mean when there is an even number.
    query = (select(ranked.c.bucket, ranked.c.service, func.avg(ranked.c.waited))
             .where(ranked.c.n.in_([(ranked.c.of + 1) // 2, (ranked.c.of + 2) // 2]))
             .group_by(ranked.c.bucket, ranked.c.service))
    return {(bucket, service): float(median) for bucket, service, median in session.execute(query)}


def satisfaction(session: Session, where, months=None) -> dict[tuple, dict]:
    """(bucket, service) -> {"ratings": n, "average": mean, "scores": [count of 1s, ..., 5s]}."""
    scores = [func.sum(case((Chat.rating == n, 1), else_=0)) for n in range(1, 6)]
    query = _bucketed(session, select(Chat.service_id, func.count(Chat.rating), func.avg(Chat.rating), *scores)
                      .join(Contact, Contact.id == Chat.contact_id).where(Chat.rating.is_not(None)), where, months)
    query = query.group_by(Chat.service_id, query.selected_columns.bucket)
    out = {}
    for service, count, average, *rest in session.execute(query):
        *counts, bucket = rest
        out[(bucket, service)] = {"ratings": count, "average": float(average), "scores": [int(c) for c in counts]}
    return out


def callbacks_in_time(session: Session, where, months: tuple[date, date], now: datetime) -> dict[tuple, tuple[int, int]]:
    """(month, service) -> (callback requests due by now, those made in time), for the requests
    left in `months` (the first and last day) by the contacts `where` picks. A request is due once
    the end of the next working day after it was left has passed, or once it has been made."""
    first, last = months
    # A try is a call that rang the family (whatever came of it) or a reply in writing; ringing
    # the advisor's own phone first, or an advisor who did not pick up, is not one.
    outcome = HandoffEvent.detail["outcome"].as_string()
    first_try = (select(HandoffEvent.contact_id.label("contact"), func.min(HandoffEvent.at).label("at"))
                 .where(event_channel() == "callback", HandoffEvent.kind.in_(("answered", "no_answer", "failed",
                                                                              "completed")),
                        or_(outcome.is_(None), outcome != "advisor_unreached"))
                 .group_by(HandoffEvent.contact_id).subquery())
    due = reply_by_table(first, last)
    left = london_day(session, CallbackRequest.created_at, first, last)
    in_time = case((first_try.c.at <= due.c.due, 1), else_=0)
    month = func.substr(due.c.day, literal_column("1"), literal_column("7"))
    query = (select(month, CallbackRequest.service_id, func.count(), func.sum(in_time))
             .join(Contact, Contact.id == CallbackRequest.contact_id)
             .join(due, due.c.day == left)
             .outerjoin(first_try, first_try.c.contact == CallbackRequest.contact_id)
             .where(*where, CallbackRequest.created_at >= london_midnight(first),
                    CallbackRequest.created_at < london_midnight(last + timedelta(days=1)),
                    (first_try.c.at.is_not(None)) | (due.c.due <= now))
             .group_by(month, CallbackRequest.service_id))
    return {(bucket, service): (count, int(made or 0)) for bucket, service, count, made in session.execute(query)}
