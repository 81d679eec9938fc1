"""The figures reports and the scorecard share, each one SQL query over the handoff log.

Every function takes `where` (clauses on `Contact`: which contacts count) and optionally
`period` (a day table from `periods.day_table`): with it, figures are split by the month the
contact arrived in; without it, the bucket is None. Results are keyed (bucket, service id).

What counts (docs/reports.md):
- offered: contacts put through to a service live, by phone or chat (video sessions start as chats);
- answered: those an advisor of that service answered; waits are the `waited_s` the channel
  logged when it was answered (time ringing, or waiting in the chat queue);
- callbacks in time: callback requests whose first call or reply came before the end of the
  next working day after the request was left;
- satisfaction: the 1-5 scores families gave after chats the service had.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, case, func, literal, select
from sqlalchemy.orm import Session

from ..models import CallbackRequest, Chat, Contact, HandoffEvent

LIVE_CHANNELS = ("phone", "chat")
MESSAGE_CHANNELS = ("voicemail", "message")


def event_channel():
    return HandoffEvent.detail["channel"].as_string()


def _bucketed(query, where, period):
    """`query` (which selects from Contact) limited to `where`, with a `bucket` column first."""
    if period is None:
        return query.add_columns(literal(None).label("bucket")).where(*where)
    return (query.add_columns(period.c.month.label("bucket"))
            .join(period, and_(Contact.received_at >= period.c.start, Contact.received_at < period.c.end))
            .where(*where))


def _live_events(kind: str, where, period, *columns):
    query = (select(HandoffEvent.service_id.label("service"), HandoffEvent.contact_id.label("contact"), *columns)
             .join(Contact, Contact.id == HandoffEvent.contact_id)
             .where(HandoffEvent.kind == kind, event_channel().in_(LIVE_CHANNELS)))
    return _bucketed(query, where, period)


def answer_counts(session: Session, where, period=None) -> dict[tuple, tuple[int, int]]:
    """(bucket, service) -> (contacts offered live, contacts answered)."""
    offers = _live_events("offered", where, period).distinct().subquery()
    answers = _live_events("answered", where, period).distinct().subquery()
    query = (select(offers.c.bucket, offers.c.service, func.count(offers.c.contact), func.count(answers.c.contact))
             .outerjoin(answers, and_(answers.c.service == offers.c.service, answers.c.contact == offers.c.contact,
                                      answers.c.bucket.is_not_distinct_from(offers.c.bucket)))
             .group_by(offers.c.bucket, offers.c.service))
    return {(bucket, service): (offered, answered) for bucket, service, offered, answered in session.execute(query)}


def median_waits(session: Session, where, period=None) -> dict[tuple, float]:
    """(bucket, service) -> the median wait in seconds of the answered contacts."""
    waited = HandoffEvent.detail["waited_s"].as_integer()
    waits = _live_events("answered", where, period, waited.label("waited")).where(waited.is_not(None)).subquery()
    ranked = select(waits.c.bucket, waits.c.service, waits.c.waited,
                    func.row_number().over(partition_by=(waits.c.bucket, waits.c.service),
                                           order_by=waits.c.waited).label("n"),
                    func.count().over(partition_by=(waits.c.bucket, waits.c.service)).label("of")).subquery()
    # The middle row, or the two middle rows' mean when there is an even number.
    query = (select(ranked.c.bucket, ranked.c.service, func.avg(ranked.c.waited))
             .where(ranked.c.n.in_([(ranked.c.of + 1) // 2, (ranked.c.of + 2) // 2]))
             .group_by(ranked.c.bucket, ranked.c.service))
    return {(bucket, service): float(median) for bucket, service, median in session.execute(query)}


def satisfaction(session: Session, where, period=None) -> dict[tuple, dict]:
    """(bucket, service) -> {"ratings": n, "average": mean, "scores": [count of 1s, ..., 5s]}."""
    scores = [func.sum(case((Chat.rating == n, 1), else_=0)) for n in range(1, 6)]
    query = _bucketed(select(Chat.service_id, func.count(Chat.rating), func.avg(Chat.rating), *scores)
                      .join(Contact, Contact.id == Chat.contact_id).where(Chat.rating.is_not(None)), where, period)
    query = query.group_by(Chat.service_id, query.selected_columns.bucket)
    out = {}
    for service, count, average, *rest in session.execute(query):
        *counts, bucket = rest
        out[(bucket, service)] = {"ratings": count, "average": float(average), "scores": [int(c) for c in counts]}
    return out


def callbacks_in_time(session: Session, where, period, now: datetime) -> dict[tuple, tuple[int, int]]:
    """(bucket, service) -> (callback requests due by now, those made in time). A request is
    due once its reply-by time has passed or it has been made; `period` is required (it holds
    each day's reply-by time) and requests count in the month they were left."""
    first_try = (select(HandoffEvent.contact_id.label("contact"), func.min(HandoffEvent.at).label("at"))
                 .where(event_channel() == "callback").group_by(HandoffEvent.contact_id).subquery())
    in_time = case((first_try.c.at <= period.c.reply_by, 1), else_=0)
    query = (select(period.c.month, CallbackRequest.service_id, func.count(), func.sum(in_time))
             .join(Contact, Contact.id == CallbackRequest.contact_id)
             .join(period, and_(CallbackRequest.created_at >= period.c.start, CallbackRequest.created_at < period.c.end))
             .outerjoin(first_try, first_try.c.contact == CallbackRequest.contact_id)
             .where(*where, (first_try.c.at.is_not(None)) | (period.c.reply_by <= now))
             .group_by(period.c.month, CallbackRequest.service_id))
    return {(bucket, service): (due, int(made or 0)) for bucket, service, due, made in session.execute(query)}

