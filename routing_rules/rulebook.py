"""Load and check a rulebook: YAML in, a validated `Rulebook` out, or every problem by line."""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jsonschema
from rapidfuzz import process

from .contact import CONTACT_CHANNELS, TOPICS
from .yamlsource import LocatedData, SourceProblem, load_located

LOCAL_IASS = "local_iass"  # a target that means "the family's own local IASS"
DEFAULT_TIMEOUT_S = 30
_GSS = re.compile(r"^E(06|08|09|10)\d{6}$")


class RulebookError(Exception):
    """A rulebook that cannot be used; `problems` lists each with file and line."""

    def __init__(self, problems: list[SourceProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True, slots=True)
class Target:
    service: str
    timeout_s: int


@dataclass(frozen=True, slots=True)
class Conditions:
    urgent: bool | None = None
    topics: frozenset[str] | None = None
    channels: frozenset[str] | None = None
    authority: str | frozenset[str] | None = None  # "known", "unknown" or a set of codes
    age_min: int | None = None
    age_max: int | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    description: str
    when: Conditions
    targets: tuple[Target, ...]      # live targets: dialled / queued in order
    callback: tuple[str, ...]        # or: take a message for the first of these services
    signpost: str | None
    line: int


@dataclass(frozen=True)
class Rulebook:
    title: str
    rules: tuple[Rule, ...]
    signposting: dict[str, str]
    callback_to: tuple[str, ...]
    timeout_s: int
    version: str
    source: str
    filename: str

    @property
    def urgent_signposting(self) -> str | None:
        """The signposting text of the urgent rule (the first rule, by validation)."""
        first = self.rules[0]
        return self.signposting.get(first.signpost) if first.signpost else None


def schema() -> dict:
    """The published JSON Schema for rulebooks."""
    return json.loads(resources.files(__package__).joinpath("rulebook.schema.json").read_text())


_VALIDATOR = jsonschema.Draft202012Validator(schema())


def rulebook_version(text: str) -> str:
    """The content hash that names a rulebook version."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def default_rulebook_path() -> Path:
    return Path(str(resources.files(__package__).joinpath("default_rulebook.yaml")))


def load_rulebook_file(path: str | Path, services: set[str] | None = None) -> Rulebook:
    """Read and check the rulebook at `path` (see `load_rulebook`)."""
    path = Path(path)
    return load_rulebook(path.read_text(encoding="utf-8"), str(path), services)


def _did_you_mean(word: str, choices) -> str:
    best = process.extractOne(str(word), list(choices), score_cutoff=60)
    return f" (did you mean '{best[0]}'?)" if best else ""


def _schema_problems(doc: LocatedData, filename: str) -> list[SourceProblem]:
    problems = []
    for err in sorted(_VALIDATOR.iter_errors(doc.data), key=lambda e: list(map(str, e.absolute_path))):
        path = tuple(err.absolute_path)
        where = ".".join(str(p) for p in path) or "the rulebook"
        if err.validator == "additionalProperties":
            allowed = list(err.schema.get("properties", {}))
            extra = [k for k in err.instance if k not in allowed] if isinstance(err.instance, dict) else []
            for key in extra:
                problems.append(SourceProblem(filename, doc.line_of(path + (key,)),
                                              f"unknown setting '{key}' in {where}{_did_you_mean(key, allowed)}"))
            continue
        if err.validator == "oneOf" and path and path[0] == "rules" and len(path) == 2:
            message = "a rule needs either 'targets' or 'callback', not both"
        else:
            message = f"{where}: {err.message}"
        problems.append(SourceProblem(filename, doc.line_of(path), message))
    return problems


def _as_set(value) -> frozenset[str]:
    return frozenset([value] if isinstance(value, str) else value)


def load_rulebook(text: str, filename: str = "<rulebook>", services: set[str] | None = None) -> Rulebook:
    """Parse and check a rulebook.

    Checks the schema, then the meaning: unique rule ids, known topics, channels and
    signposting names, service ids known to `services` (when given), an urgent rule first
    and a catch-all callback rule last, so that no contact can meet a dead end.
    Raises `RulebookError` listing every problem with its file and line.
    """
    doc, problems = load_located(text, filename)
    if doc is None:
        raise RulebookError(problems)
    if not isinstance(doc.data, dict):
        raise RulebookError([SourceProblem(filename, 1, "a rulebook is a mapping with 'rulebook' and 'rules'")])
    problems = _schema_problems(doc, filename)
    if problems:
        raise RulebookError(problems)

    data = doc.data
    defaults = data.get("defaults", {})
    signposting = data.get("signposting", {})
    timeout = defaults.get("timeout_s", DEFAULT_TIMEOUT_S)
    known_services = None if services is None else set(services) | {LOCAL_IASS}

    def check_service(sid: str, path: tuple) -> None:
        if known_services is not None and sid not in known_services:
            problems.append(SourceProblem(filename, doc.line_of(path),
                                          f"unknown service '{sid}'{_did_you_mean(sid, known_services)}"))

    callback_to = tuple(defaults.get("callback_to", [LOCAL_IASS]))
    for i, sid in enumerate(callback_to):
        check_service(sid, ("defaults", "callback_to", i))

    rules: list[Rule] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(data["rules"]):
        path = ("rules", i)
        line = doc.line_of(path)
        if raw["id"] in seen:
            problems.append(SourceProblem(filename, doc.line_of(path + ("id",)),
                                          f"rule id '{raw['id']}' is already used on line {seen[raw['id']]}"))
        seen.setdefault(raw["id"], line)
        when = raw.get("when", {})
        for key, allowed in (("topic", TOPICS), ("channel", CONTACT_CHANNELS)):
            for value in _as_set(when.get(key, ())):
                if value not in allowed:
                    problems.append(SourceProblem(filename, doc.line_of(path + ("when", key)),
                                                  f"unknown {key} '{value}'{_did_you_mean(value, allowed)}"))
        authority = when.get("local_authority")
        if authority is not None and authority not in ("known", "unknown"):
            authority = _as_set(authority)
            for code in authority:
                if not _GSS.match(code):
                    problems.append(SourceProblem(filename, doc.line_of(path + ("when", "local_authority")),
                                                  f"'{code}' is not a local authority GSS code (like E08000025), "
                                                  "nor 'known' or 'unknown'"))
        age = when.get("age", {})
        targets = tuple(Target(t["service"], t.get("timeout_s", timeout)) for t in raw.get("targets", []))
        for j, t in enumerate(targets):
            check_service(t.service, path + ("targets", j, "service"))
        callback = tuple(raw.get("callback", ()))
        for j, sid in enumerate(callback):
            check_service(sid, path + ("callback", j))
        signpost = raw.get("signpost")
        if signpost is not None and signpost not in signposting:
            problems.append(SourceProblem(filename, doc.line_of(path + ("signpost",)),
                                          f"no signposting text named '{signpost}'"
                                          f"{_did_you_mean(signpost, signposting)}"))
        rules.append(Rule(
            id=raw["id"], description=raw.get("description", ""), line=line,
            when=Conditions(
                urgent=when.get("urgent"),
                topics=_as_set(when["topic"]) if "topic" in when else None,
                channels=_as_set(when["channel"]) if "channel" in when else None,
                authority=authority, age_min=age.get("min"), age_max=age.get("max")),
            targets=targets, callback=callback, signpost=signpost))

    first, last = rules[0], rules[-1]
    if first.when.urgent is not True or not first.signpost or not first.targets:
        problems.append(SourceProblem(filename, first.line,
                                      "the first rule must take urgent contacts (when: {urgent: true}) "
                                      "to a live target, with a signpost for emergency advice"))
    if last.when != Conditions() or not last.callback:
        problems.append(SourceProblem(filename, last.line,
                                      "the last rule must catch every contact (no 'when') and take a "
                                      "callback, so that no contact meets a dead end"))
    if problems:
        raise RulebookError(problems)
    return Rulebook(title=data["rulebook"], rules=tuple(rules), signposting=dict(signposting),
                    callback_to=callback_to, timeout_s=timeout, version=rulebook_version(text),
                    source=text, filename=filename)
