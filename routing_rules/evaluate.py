"""Evaluate a rulebook: a resolved contact, a directory snapshot and a moment in, a Decision out."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from .contact import ResolvedContact
from .directory import Directory, Service
from .hours import LONDON, LocalMoment
from .rulebook import LOCAL_IASS, Conditions, Rule, Rulebook


# The result classes are frozen dataclasses with a hand-written __init__ that fills the
# instance dict in one call. The generated one calls object.__setattr__ for every field, and
# with a TraceStep per rule considered that was a third of the time an evaluation took.


@dataclass(frozen=True)
class DecisionTarget:
    """One place to offer the contact, in order. `kind` is the service's kind, or "callback"."""

    service: str
    name: str
    kind: str
    local_authority: str | None
    channel: str
    address: str | None
    timeout_s: int
    opens_at: datetime | None = None

    def __init__(self, service: str, name: str, kind: str, local_authority: str | None, channel: str,
                 address: str | None, timeout_s: int, opens_at: datetime | None = None):
        self.__dict__.update(service=service, name=name, kind=kind, local_authority=local_authority,
                             channel=channel, address=address, timeout_s=timeout_s, opens_at=opens_at)

    def to_json(self) -> dict:
        return {"service": self.service, "name": self.name, "kind": self.kind,
                "local_authority": self.local_authority, "channel": self.channel,
                "address": self.address, "timeout_s": self.timeout_s,
                "opens_at": self.opens_at.isoformat() if self.opens_at else None}


@dataclass(frozen=True)
class TraceStep:
    """One rule considered: whether it matched and why. The reason's parts are joined only
    when someone reads it, so deciding stays fast and the text is there for every decision."""

    rule: str
    matched: bool
    parts: tuple = ()

    def __init__(self, rule: str, matched: bool, parts: tuple = ()):
        fields = self.__dict__  # made for every rule considered, so the quickest way in
        fields["rule"], fields["matched"], fields["parts"] = rule, matched, parts

    @property
    def reason(self) -> str:
        return "".join(map(str, self.parts))

    def to_json(self) -> dict:
        return {"rule": self.rule, "matched": self.matched, "reason": self.reason}


@dataclass(frozen=True)
class Decision:
    """Where a contact goes: live targets in order, then what happens when none answers."""

    contact: ResolvedContact
    rule: str
    targets: tuple[DecisionTarget, ...]
    when_none_answer: DecisionTarget
    signposting: str | None
    rulebook_version: str
    decided_at: datetime
    trace: tuple[TraceStep, ...]

    def __init__(self, contact: ResolvedContact, rule: str, targets: tuple[DecisionTarget, ...],
                 when_none_answer: DecisionTarget, signposting: str | None, rulebook_version: str,
                 decided_at: datetime, trace: tuple[TraceStep, ...]):
        self.__dict__.update(contact=contact, rule=rule, targets=targets, when_none_answer=when_none_answer,
                             signposting=signposting, rulebook_version=rulebook_version,
                             decided_at=decided_at, trace=trace)

    @property
    def is_callback(self) -> bool:
        return self.targets[0].kind == "callback"

    def to_json(self) -> dict:
        return {"contact": self.contact.to_json(), "rule": self.rule,
                "targets": [t.to_json() for t in self.targets],
                "when_none_answer": {"action": "callback", **self.when_none_answer.to_json()},
                "signposting": self.signposting, "rulebook_version": self.rulebook_version,
                "decided_at": self.decided_at.isoformat(),
                "trace": [s.to_json() for s in self.trace]}


def _fmt(at: datetime) -> str:
    return at.astimezone(LONDON).strftime("%a %d %b %H:%M")


@lru_cache(maxsize=256)
def _one_of(values: frozenset[str]) -> str:
    return "/".join(sorted(values))


def _conditions_fail(c: Conditions, contact: ResolvedContact) -> tuple | None:
    """Why the conditions do not hold for `contact` (the reason's parts), or None when they do."""
    if c.urgent is not None and c.urgent != contact.urgent:
        return ("contact is urgent",) if contact.urgent else ("contact is not urgent",)
    if c.topics is not None and contact.topic not in c.topics:
        return "topic is ", contact.topic, ", not ", _one_of(c.topics)
    if c.channels is not None and contact.channel not in c.channels:
        return "channel is ", contact.channel, ", not ", _one_of(c.channels)
    la = contact.local_authority
    if c.authority == "known" and not la.known:
        return ("local authority not known" + (" (ambiguous)" if la.candidates else ""),)
    if c.authority == "unknown" and la.known:
        return (f"local authority is known ({la.name})",)
    if isinstance(c.authority, frozenset) and la.code not in c.authority:
        return (f"local authority {la.code or 'unknown'} not listed",)
    if c.age_min is not None and (contact.age is None or contact.age < c.age_min):
        return (f"age {contact.age} below {c.age_min}" if contact.age is not None else "age not given",)
    if c.age_max is not None and (contact.age is None or contact.age > c.age_max):
        return (f"age {contact.age} above {c.age_max}" if contact.age is not None else "age not given",)
    return None


class _Now:
    """One evaluation's contact, directory and London-local moment. Services are looked up,
    and whether each can take the contact worked out, at most once per evaluation."""

    __slots__ = ("contact", "directory", "moment", "_why")

    def __init__(self, contact: ResolvedContact, directory: Directory, moment: LocalMoment):
        self.contact, self.directory, self.moment = contact, directory, moment
        self._why: dict[str, object | None] = {}

    def service(self, ref: str) -> Service | None:
        """The service a target names; `local_iass` means the contact's own local IASS."""
        if ref == LOCAL_IASS:
            return self.directory.iass_for(self.contact.local_authority.code)
        return self.directory.services.get(ref)

    def why_not(self, ref: str, service: Service | None) -> object | None:
        """Why a target cannot take the contact now, or None when it can."""
        if service is None:
            return "no local IASS for this contact" if ref == LOCAL_IASS else f"service {ref} not in the directory"
        if service.id in self._why:
            return self._why[service.id]
        channel = self.contact.channel
        if not service.accepts(channel):
            why: object | None = f"{service.id} takes no {channel} contacts"
        elif not service.hours.is_open(self.moment):
            why = _Closed(service, self.moment)
        else:
            why = None
        self._why[service.id] = why
        return why


class _Closed:
    """"<service> closed (opens <when>)", worked out when the trace is read."""

    __slots__ = ("service", "moment")

    def __init__(self, service: Service, moment: LocalMoment):
        self.service, self.moment = service, moment

    def __str__(self) -> str:
        nxt = self.service.hours.next_opening(self.moment)
        return f"{self.service.id} closed" + (f" (opens {_fmt(nxt)})" if nxt else "")


def _live_target(service: Service, channel: str, timeout_s: int) -> DecisionTarget:
    return DecisionTarget(service.id, service.name, service.kind, service.local_authority,
                          channel, service.address(channel), timeout_s)


def _callback_target(refs: tuple[str, ...], now: _Now) -> DecisionTarget:
    """The service that answers a message or voicemail: the first of `refs` that exists.

    Never fails: when none of them exists it falls back to any national, then any, service.
    """
    service = None
    for ref in refs:
        service = now.service(ref)
        if service:
            break
    if service is None:
        ordered = sorted(now.directory.services.values(), key=lambda s: (s.kind != "national", s.id))
        service = ordered[0] if ordered else None
    if service is None:
        return DecisionTarget("none", "the helpline", "callback", None, "callback", None, 0)
    opens = None if service.hours.is_open(now.moment) else service.hours.next_opening(now.moment)
    return DecisionTarget(service.id, service.name, "callback", service.local_authority,
                          "callback", service.phone, 0, opens)


def _targets(rule: Rule, now: _Now) -> tuple[tuple[DecisionTarget, ...] | None, tuple]:
    """The targets of a rule whose conditions hold, and the reason's parts; or None and why
    its first target cannot take the contact now."""
    contact = now.contact
    if rule.callback:
        target = _callback_target(rule.callback, now)
        return (target,), ("message for ", target.service)
    first = rule.targets[0]
    service = now.service(first.service)
    why = now.why_not(first.service, service)
    if why:
        return None, (why,)
    chosen = [_live_target(service, contact.channel, first.timeout_s)]
    ids = [service.id]
    skipped: list = []
    for t in rule.targets[1:]:
        s = now.service(t.service)
        why = now.why_not(t.service, s)
        if why or s.id in ids:
            skipped += ["; skipped: ", why or f"{t.service} already a target"]
        else:
            chosen.append(_live_target(s, contact.channel, t.timeout_s))
            ids.append(s.id)
    return tuple(chosen), (" then ".join(ids), *skipped)


def evaluate(rulebook: Rulebook, contact: ResolvedContact, directory: Directory,
             at: datetime | None = None) -> Decision:
    """Route `contact` at `at` (default: when it was received).

    Promises: the first rule whose conditions hold and whose first target can take the
    contact decides; every rule considered appears in the trace with its reason; an urgent
    contact always carries emergency signposting; and a decision always has a target — the
    rulebook's last rule is a catch-all callback, and callbacks never fail to find a service.
    """
    at = at or contact.received_at
    now = _Now(contact, directory, LocalMoment.of(at))
    trace: list[TraceStep] = []
    chosen: Rule | None = None
    targets: tuple[DecisionTarget, ...] = ()
    for rule in rulebook.rules:
        found = None
        reason = _conditions_fail(rule.when, contact)
        if reason is None:
            found, reason = _targets(rule, now)
        trace.append(TraceStep(rule.id, found is not None, reason))
        if found is not None:
            chosen, targets = rule, found
            break
    if chosen is None:  # only reachable with a rulebook that skipped validation
        chosen = rulebook.rules[-1]
        targets = (_callback_target(rulebook.callback_to, now),)
        trace.append(TraceStep("(no rule matched)", True, ("callback",)))
    fallback = targets[0] if targets[0].kind == "callback" else \
        _callback_target(rulebook.callback_to, now)
    signposting = rulebook.signposting.get(chosen.signpost) if chosen.signpost else None
    if contact.urgent and not signposting:
        signposting = rulebook.urgent_signposting
    return Decision(contact, chosen.id, targets, fallback, signposting, rulebook.version, at, tuple(trace))
