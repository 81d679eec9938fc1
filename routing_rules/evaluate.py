"""Evaluate a rulebook: a resolved contact, a directory snapshot and a moment in, a Decision out."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .contact import ResolvedContact
from .directory import Directory, Service
from .hours import LONDON
from .rulebook import LOCAL_IASS, Conditions, Rule, Rulebook


@dataclass(frozen=True, slots=True)
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

    def to_json(self) -> dict:
        return {"service": self.service, "name": self.name, "kind": self.kind,
                "local_authority": self.local_authority, "channel": self.channel,
                "address": self.address, "timeout_s": self.timeout_s,
                "opens_at": self.opens_at.isoformat() if self.opens_at else None}


@dataclass(frozen=True, slots=True)
class TraceStep:
    """One rule considered: whether it matched and why. The reason's parts are joined only
    when someone reads it, so deciding stays fast and the text is there for every decision."""

    rule: str
    matched: bool
    parts: tuple = ()

    @property
    def reason(self) -> str:
        return "".join(map(str, self.parts))

    def to_json(self) -> dict:
        return {"rule": self.rule, "matched": self.matched, "reason": self.reason}


@dataclass(frozen=True, slots=True)
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


def _conditions_fail(c: Conditions, contact: ResolvedContact) -> str | None:
    """Why the conditions do not hold for `contact`, or None when they do."""
    if c.urgent is not None and c.urgent != contact.urgent:
        return "contact is urgent" if contact.urgent else "contact is not urgent"
    if c.topics is not None and contact.topic not in c.topics:
        return f"topic is {contact.topic}, not {'/'.join(sorted(c.topics))}"
    if c.channels is not None and contact.channel not in c.channels:
        return f"channel is {contact.channel}, not {'/'.join(sorted(c.channels))}"
    la = contact.local_authority
    if c.authority == "known" and not la.known:
        return "local authority not known" + (" (ambiguous)" if la.candidates else "")
    if c.authority == "unknown" and la.known:
        return f"local authority is known ({la.name})"
    if isinstance(c.authority, frozenset) and la.code not in c.authority:
        return f"local authority {la.code or 'unknown'} not listed"
    if c.age_min is not None and (contact.age is None or contact.age < c.age_min):
        return f"age {contact.age} below {c.age_min}" if contact.age is not None else "age not given"
    if c.age_max is not None and (contact.age is None or contact.age > c.age_max):
        return f"age {contact.age} above {c.age_max}" if contact.age is not None else "age not given"
    return None


def _service(ref: str, contact: ResolvedContact, directory: Directory) -> Service | None:
    if ref == LOCAL_IASS:
        return directory.iass_for(contact.local_authority.code)
    return directory.services.get(ref)


class _Availability:
    """Whether each service can take the contact now, worked out once per evaluation."""

    def __init__(self, channel: str, at: datetime):
        self.channel, self.at = channel, at
        self._seen: dict[str, object | None] = {}

    def why_not(self, ref: str, service: Service | None) -> object | None:
        """Why a target cannot take the contact now, or None when it can."""
        if service is None:
            return "no local IASS for this contact" if ref == LOCAL_IASS else f"service {ref} not in the directory"
        if service.id not in self._seen:
            self._seen[service.id] = self._check(service)
        return self._seen[service.id]

    def _check(self, service: Service) -> object | None:
        if not service.accepts(self.channel):
            return f"{service.id} takes no {self.channel} contacts"
        if not service.is_open(self.at):
            return _Closed(service, self.at)
        return None


class _Closed:
    """"<service> closed (opens <when>)", worked out when the trace is read."""

    __slots__ = ("service", "at")

    def __init__(self, service: Service, at: datetime):
        self.service, self.at = service, at

    def __str__(self) -> str:
        nxt = self.service.hours.next_opening(self.at)
        return f"{self.service.id} closed" + (f" (opens {_fmt(nxt)})" if nxt else "")


def _live_target(service: Service, channel: str, timeout_s: int) -> DecisionTarget:
    return DecisionTarget(service.id, service.name, service.kind, service.local_authority,
                          channel, service.address(channel), timeout_s)


def _callback_target(refs: tuple[str, ...], contact: ResolvedContact, directory: Directory,
                     at: datetime) -> DecisionTarget:
    """The service that answers a message or voicemail: the first of `refs` that exists.

    Never fails: when none of them exists it falls back to any national, then any, service.
    """
    service = next((s for s in (_service(r, contact, directory) for r in refs) if s), None)
    if service is None:
        ordered = sorted(directory.services.values(), key=lambda s: (s.kind != "national", s.id))
        service = ordered[0] if ordered else None
    if service is None:
        return DecisionTarget("none", "the helpline", "callback", None, "callback", None, 0)
    opens = None if service.is_open(at) else service.hours.next_opening(at)
    return DecisionTarget(service.id, service.name, "callback", service.local_authority,
                          "callback", service.phone, 0, opens)


def _try_rule(rule: Rule, contact: ResolvedContact, directory: Directory, at: datetime,
              available: _Availability) -> tuple[tuple[DecisionTarget, ...] | None, tuple]:
    """The rule's targets and the reason's parts, or None and why it does not apply."""
    reason = _conditions_fail(rule.when, contact)
    if reason:
        return None, (reason,)
    if rule.callback:
        target = _callback_target(rule.callback, contact, directory, at)
        return (target,), ("message for ", target.service)
    first, *rest = rule.targets
    service = _service(first.service, contact, directory)
    why = available.why_not(first.service, service)
    if why:
        return None, (why,)
    chosen = [_live_target(service, contact.channel, first.timeout_s)]
    skipped: list = []
    for t in rest:
        s = _service(t.service, contact, directory)
        why = available.why_not(t.service, s)
        if why or s.id in {c.service for c in chosen}:
            skipped += ["; skipped: ", why or f"{t.service} already a target"]
        else:
            chosen.append(_live_target(s, contact.channel, t.timeout_s))
    return tuple(chosen), (" then ".join(c.service for c in chosen), *skipped)


def evaluate(rulebook: Rulebook, contact: ResolvedContact, directory: Directory,
             at: datetime | None = None) -> Decision:
    """Route `contact` at `at` (default: when it was received).

    Promises: the first rule whose conditions hold and whose first target can take the
    contact decides; every rule considered appears in the trace with its reason; an urgent
    contact always carries emergency signposting; and a decision always has a target — the
    rulebook's last rule is a catch-all callback, and callbacks never fail to find a service.
    """
    at = at or contact.received_at
    trace: list[TraceStep] = []
    chosen: Rule | None = None
    targets: tuple[DecisionTarget, ...] = ()
    available = _Availability(contact.channel, at)
    for rule in rulebook.rules:
        found, reason = _try_rule(rule, contact, directory, at, available)
        trace.append(TraceStep(rule.id, found is not None, reason))
        if found is not None:
            chosen, targets = rule, found
            break
    if chosen is None:  # only reachable with a rulebook that skipped validation
        chosen = rulebook.rules[-1]
        targets = (_callback_target(rulebook.callback_to, contact, directory, at),)
        trace.append(TraceStep("(no rule matched)", True, ("callback",)))
    fallback = targets[0] if targets[0].kind == "callback" else \
        _callback_target(rulebook.callback_to, contact, directory, at)
    signposting = rulebook.signposting.get(chosen.signpost) if chosen.signpost else None
    if contact.urgent and not signposting:
        signposting = rulebook.urgent_signposting
    return Decision(contact=contact, rule=chosen.id, targets=targets, when_none_answer=fallback,
                    signposting=signposting, rulebook_version=rulebook.version,
                    decided_at=at, trace=tuple(trace))
