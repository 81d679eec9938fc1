"""The written contract of the Socket.IO events on /chat and /console (see docs/chat.md).

`chat.schema.json` and `console.schema.json` beside this file are JSON Schemas (draft 2020-12),
one per namespace. Under `events`, each event the server sends, by name, with the schema of its
data; under `acks`, each event a client sends that is answered with an acknowledgement, by name,
with the schema of that acknowledgement (`{ok: true, ...}`, or `{ok: false, error}`);
`x-unacknowledged` names the client events answered with nothing (`typing`). Shared shapes
(a message, a conversation, a chat's details, a callback, an error...) are in each file's `$defs`.

The tests check every event and acknowledgement their Socket.IO clients receive:

    check_event("/chat", "conversation", data)   # raises EventContractError if it does not fit
    check_ack("/console", "accept", ack)
"""
from __future__ import annotations

import json
from functools import cache
from importlib import resources

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource

SCHEMA_FILES = {"/chat": "chat.schema.json", "/console": "console.schema.json"}
NAMESPACES = tuple(SCHEMA_FILES)


class EventContractError(ValueError):
    """Data that does not fit the contract, or an event that has none. `problems` holds
    (JSON path, what is wrong) pairs, empty when the event has no schema at all."""

    def __init__(self, message: str, namespace: str, name: str, kind: str, problems: tuple = ()):
        super().__init__(message)
        self.namespace, self.name, self.kind, self.problems = namespace, name, kind, problems


@cache
def schema(namespace: str) -> dict:
    """The whole JSON Schema of one namespace ("/chat" or "/console")."""
    if namespace not in SCHEMA_FILES:
        raise EventContractError(f"no event contract for the namespace {namespace!r}: there are "
                                 f"{', '.join(NAMESPACES)}", namespace, "", "namespace")
    text = resources.files(__name__).joinpath(SCHEMA_FILES[namespace]).read_text(encoding="utf-8")
    return json.loads(text)


def event_names(namespace: str) -> list[str]:
    """The events the server sends on `namespace`."""
    return sorted(schema(namespace)["properties"]["events"]["properties"])


def ack_names(namespace: str) -> list[str]:
    """The client events on `namespace` that are answered with an acknowledgement."""
    return sorted(schema(namespace)["properties"]["acks"]["properties"])


def unacknowledged_names(namespace: str) -> list[str]:
    """The client events on `namespace` that are answered with nothing."""
    return sorted(schema(namespace).get("x-unacknowledged", {}))


@cache
def _registry(namespace: str) -> Registry:
    document = schema(namespace)
    return Registry().with_resource(document["$id"], Resource.from_contents(document))


@cache
def _validator(namespace: str, section: str, name: str) -> Draft202012Validator:
    pointer = f"{schema(namespace)['$id']}#/properties/{section}/properties/{name}"
    return Draft202012Validator({"$ref": pointer}, registry=_registry(namespace))


def _explain(error: ValidationError) -> str:
    """One error as a person reads it: the deepest reason, and the alternatives of an anyOf."""
    error = best_match([error])
    if error.validator in ("anyOf", "oneOf") and error.context:
        reasons = sorted({f"{e.json_path}: {e.message}" for e in error.context})
        return f"{error.message} ({'; '.join(reasons)})"
    return error.message


def _check(namespace: str, section: str, name: str, data: object) -> object:
    kind, what = ("event", "event") if section == "events" else ("ack", "acknowledgement of")
    known = schema(namespace)["properties"][section]["properties"]
    file = SCHEMA_FILES[namespace]
    if name not in known:
        if section == "acks" and name in unacknowledged_names(namespace):
            why = f"'{name}' is answered with no acknowledgement (x-unacknowledged in {file})"
        else:
            why = f"there is no schema for it in {file} ({section}: {', '.join(sorted(known))})"
        raise EventContractError(f"{namespace} {what} '{name}' is not in the event contract: {why}",
                                 namespace, name, kind)
    errors = sorted(_validator(namespace, section, name).iter_errors(data), key=lambda e: list(e.absolute_path))
    if not errors:
        return data
    problems = tuple((best_match([e]).json_path, _explain(e)) for e in errors)
    lines = "\n".join(f"  at {path}: {problem}" for path, problem in problems)
    raise EventContractError(f"{namespace} {what} '{name}' does not fit the event contract "
                             f"({file}, {section}/{name}):\n{lines}", namespace, name, kind, problems)


def check_event(namespace: str, name: str, data: object) -> object:
    """Check the data of event `name`, sent by the server on `namespace`, against its schema.
    Returns the data; raises EventContractError when it does not fit or has no schema."""
    return _check(namespace, "events", name, data)


def check_ack(namespace: str, event: str, data: object) -> object:
    """Check the acknowledgement of the client's event `event` on `namespace` against its
    schema. Returns the data; raises EventContractError when it does not fit or has no schema."""
    return _check(namespace, "acks", event, data)
