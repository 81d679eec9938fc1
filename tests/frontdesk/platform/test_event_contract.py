"""The written event contract (frontdesk/platform/event_contract): the schemas are sound, they
refuse what a client would not understand, and the server sends and answers nothing without one."""
from __future__ import annotations

import ast
import copy
import json
import re
from configparser import ConfigParser
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from frontdesk.platform import event_contract as contract
from frontdesk.platform.event_contract import EventContractError, check_ack, check_event

ROOT = Path(__file__).resolve().parents[3]
SERVER_CODE = [*sorted((ROOT / "frontdesk").rglob("*.py")), *sorted((ROOT / "webchat").rglob("*.py"))]

# --- examples of what the server sends, as the code builds them ---------------------------------

CHAT_ID = "5f1c0a9be2d84c7a9a4e1b2c3d4e5f60"
AT = "2026-11-25T11:00:00+00:00"
MESSAGE = {"id": 7, "client_id": "c-1", "sender": "family", "name": "You", "text": "My son's EHC plan review is late",
           "at": AT}
CONVERSATION = {"id": CHAT_ID, "status": "waiting", "service_name": "Birmingham SENDIASS",
                "queue": {"position": 1, "wait_s": 120}, "advisor": None, "urgent": False, "video": False,
                "signposting": None, "opening": None, "rated": False}
OFFLINE = {**CONVERSATION, "status": "offline", "queue": None,
           "opening": {"service_name": "Birmingham SENDIASS", "opens_at": "2026-11-30T09:00:00+00:00",
                       "opens_text": "from 9 a.m. on Monday the 30th of November", "hours": "Mon–Fri 09:00–17:00"}}
CHAT = {"id": CHAT_ID, "status": "active", "service": "birmingham-iass", "service_name": "Birmingham SENDIASS",
        "advisor": {"id": 1, "name": "Ben (Birmingham SENDIASS)"}, "family_name": "Sam", "area": "Birmingham",
        "topic": "ehc_plan", "topic_label": "EHC plans and needs assessments", "age": 9, "urgent": False,
        "video": False, "family_ended": False, "started_at": AT,
        "decision": {"rule": "local-iass", "reason": "birmingham-iass then national-helpline",
                     "targets": [{"name": "Birmingham SENDIASS", "kind": "local_iass"}]},
        "transfers": [{"from": "National SEND helpline", "to": "Birmingham SENDIASS", "note": "Local question",
                       "by": "Nadia (national)", "at": AT}],
        "earlier": [{"id": "0" * 32, "at": "2026-11-20T10:00:00.123456+00:00", "channel": "chat",
                     "service_name": "Birmingham SENDIASS", "topic_label": "Support at school",
                     "outcome": "advice_given"}],
        "outcome": None}
QUEUE_ITEM = {"id": CHAT_ID, "service": "birmingham-iass", "service_name": "Birmingham SENDIASS",
              "area": "Birmingham", "topic": "ehc_plan", "topic_label": "EHC plans and needs assessments",
              "urgent": False, "waiting_since": AT, "position": 1, "preview": "My son's EHC plan review is late",
              "transferred": {"from": "national-helpline", "from_name": "National SEND helpline", "note": "Local",
                              "by": "Nadia (national)"},
              "video": False}
CALLBACK = {"id": 3, "service": "birmingham-iass", "service_name": "Birmingham SENDIASS", "channel": "phone",
            "reason": "closed", "created_at": AT, "due_at": AT, "area": "Birmingham",
            "topic_label": "Something else", "name": None, "phone": "07••• ••• 123", "email": None, "message": None,
            "recording": {"url": "/console/callbacks/3/voicemail", "duration_s": 31}, "status": "claimed",
            "claimed_by": {"id": 1, "name": "Ben (Birmingham SENDIASS)"}, "attempts": 1, "max_attempts": 3,
            "next_try_at": None, "outcome": "no_answer", "can_call": True}
HELLO = {"user": {"id": 1, "name": "Ben (Birmingham SENDIASS)", "role": "advisor", "service": "birmingham-iass",
                  "phone": "+441214960999", "service_name": "Birmingham SENDIASS"},
         "presence": "away", "limit": 3, "services": [{"id": "birmingham-iass", "name": "Birmingham SENDIASS"}],
         "outcomes": [{"code": "advice_given", "label": "Advice or information given"}],
         "canned": [{"title": "Hello", "text": "Hello, how can I help?"}]}
VIDEO = {"mode": "twilio", "room": "fd-" + "a" * 24, "identity": "advisor-1", "token": "eyJ0eXAiOiJKV1Qi"}

# (namespace, "event" or "ack", name, data): one of each kind of shape, every one valid
VALID = [
    ("/chat", "event", "conversation", CONVERSATION),
    ("/chat", "event", "conversation", OFFLINE),
    ("/chat", "event", "history", {"messages": [MESSAGE], "read_upto": 0}),
    ("/chat", "event", "message", {**MESSAGE, "sender": "system", "client_id": None, "name": "Frontdesk"}),
    ("/chat", "event", "typing", {"typing": True, "name": "Ben"}),
    ("/chat", "event", "read", {"upto": 7}),
    ("/chat", "event", "video_signal", {"signal": {"type": "offer", "sdp": "v=0"}}),
    ("/chat", "event", "error", {"code": "bad_token", "message": "that conversation can't be resumed"}),
    ("/chat", "event", "error", {"code": "invalid", "message": "the message is empty", "field": "text",
                                 "event": "send"}),
    ("/chat", "ack", "start", {"ok": True, "token": "t.o.k", "family": "f.a.m", "conversation": CONVERSATION,
                               "messages": [MESSAGE]}),
    ("/chat", "ack", "start", {"ok": False, "error": {"code": "choose_place", "message": "Which one?", "candidates": [
        {"code": "E08000025", "name": "Birmingham"}, {"code": "E08000029", "name": "Solihull"}]}}),
    ("/chat", "ack", "send", {"ok": True, "message": MESSAGE}),
    ("/chat", "ack", "survey", {"ok": True}),
    ("/chat", "ack", "video_join", {"ok": True, "video": {"mode": "p2p", "room": "fd-" + "b" * 24,
                                                          "identity": "family-5f1c0a9be2d8"}}),
    ("/console", "event", "hello", HELLO),
    ("/console", "event", "queue", {"waiting": [QUEUE_ITEM]}),
    ("/console", "event", "mine", {"chats": [CHAT]}),
    ("/console", "event", "chat", CHAT),
    ("/console", "event", "message", {"chat": CHAT_ID, **MESSAGE}),
    ("/console", "event", "typing", {"chat": CHAT_ID, "typing": False}),
    ("/console", "event", "read", {"chat": CHAT_ID, "upto": 7}),
    ("/console", "event", "callbacks", {"due": [CALLBACK], "later": []}),
    ("/console", "event", "video_signal", {"chat": CHAT_ID, "signal": {"type": "ready"}}),
    ("/console", "event", "error", {"code": "not_found", "message": "no such chat", "event": "open"}),
    ("/console", "ack", "accept", {"ok": True, "chat": CHAT, "messages": [MESSAGE]}),
    ("/console", "ack", "accept", {"ok": False, "error": {"code": "taken", "message": "another advisor has it"}}),
    ("/console", "ack", "set_phone", {"ok": True, "phone": "0121 496 0999"}),
    ("/console", "ack", "callback_outcome", {"ok": True, "callback": {**CALLBACK, "status": "done",
                                                                        "outcome": "connected"}}),
    ("/console", "ack", "video_join", {"ok": True, "video": VIDEO}),
    ("/console", "ack", "heartbeat", {"ok": True}),
]


OPTIONAL = {"field"}  # the only field the server leaves out (of an error, when no form field is at fault)


def _check(namespace: str, kind: str, name: str, data) -> None:
    (check_event if kind == "event" else check_ack)(namespace, name, data)


def _paths(data, path=()):
    """Every key path in `data` (not inside a WebRTC signal, whose fields are the browsers' own)."""
    if isinstance(data, dict) and path[-1:] != ("signal",):
        for key, value in data.items():
            yield (*path, key)
            yield from _paths(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _paths(value, (*path, i))


def _changed(data, path, change):
    data = copy.deepcopy(data)
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    change(parent, path[-1])
    return data


def _label(case) -> str:
    namespace, kind, name, _ = case
    return f"{namespace} {kind} {name}"


# --- the schemas themselves -----------------------------------------------------------------------

@pytest.mark.parametrize("namespace", contract.NAMESPACES)
def test_the_schemas_are_valid_json_schema_and_every_reference_resolves(namespace):
    document = contract.schema(namespace)
    Draft202012Validator.check_schema(document)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert document["x-namespace"] == namespace
    resolver = contract._registry(namespace).resolver(document["$id"])
    refs = re.findall(r'"\$ref": "([^"]+)"', json.dumps(document))
    assert refs
    for ref in refs:
        resolver.lookup(ref)  # raises if it points nowhere
    for name in contract.event_names(namespace):
        contract._validator(namespace, "events", name)
    for name in contract.ack_names(namespace):
        contract._validator(namespace, "acks", name)


@pytest.mark.parametrize("namespace", contract.NAMESPACES)
def test_every_object_in_the_schemas_refuses_undocumented_fields(namespace):
    def walk(node, path):
        if isinstance(node, dict):
            if "properties" in node and node.get("type") == "object" and path[-1:] != ("signal",):
                assert node.get("additionalProperties") is False, "/".join(path)
            for key, value in node.items():
                walk(value, (*path, key))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, (*path, str(i)))
    walk(contract.schema(namespace), ())


def test_the_two_namespaces_describe_their_shared_shapes_alike():
    chat, console = (contract.schema(ns)["$defs"] for ns in contract.NAMESPACES)
    for shared in ("utc_time", "chat_id", "message", "signal", "succeeded", "bare_ok"):
        assert {k: v for k, v in chat[shared].items() if k != "description"} == \
               {k: v for k, v in console[shared].items() if k != "description"}, shared
    assert set(console["chat_message"]["properties"]) == {"chat", *chat["message"]["properties"]}
    chat_video, console_video = dict(chat["video_join"]), dict(console["video_join"])
    assert chat_video.pop("properties").keys() == console_video.pop("properties").keys()
    assert chat_video == console_video


def test_the_schemas_are_installed_with_the_package():
    config = ConfigParser()
    config.read(ROOT / "setup.cfg")
    assert "platform/event_contract/*.json" in config["options.package_data"]["frontdesk"].split()
    for namespace in contract.NAMESPACES:
        assert (ROOT / "frontdesk/platform/event_contract" / contract.SCHEMA_FILES[namespace]).is_file()


# --- what they accept and refuse ----------------------------------------------------------------------

@pytest.mark.parametrize("case", VALID, ids=_label)
def test_what_the_server_sends_fits(case):
    namespace, kind, name, data = case
    assert (check_event if kind == "event" else check_ack)(namespace, name, data) is data


@pytest.mark.parametrize("case", VALID, ids=_label)
def test_a_field_removed_renamed_or_of_the_wrong_type_fails(case):
    namespace, kind, name, data = case
    paths = list(_paths(data))
    assert paths
    for path in paths:
        removed = _changed(data, path, lambda parent, key: parent.pop(key))
        renamed = _changed(data, path, lambda parent, key: parent.__setitem__(f"{key}_x", parent.pop(key)))
        wrong = _changed(data, path, lambda parent, key: parent.__setitem__(
            key, "not a list" if isinstance(parent[key], list) else []))
        changes = [("renamed", renamed), ("of the wrong type", wrong)]
        if path[-1] not in OPTIONAL:
            changes.append(("removed", removed))
        for how, changed in changes:
            try:
                _check(namespace, kind, name, changed)
            except EventContractError as exc:
                assert f"'{name}'" in str(exc) and exc.problems
            else:
                pytest.fail(f"{namespace} {kind} {name} with {'.'.join(map(str, path))} {how} still fits")


def test_the_error_says_which_event_which_path_and_what_is_wrong():
    bad = {**CONVERSATION, "queue": {"position": "1", "wait_s": 120}}
    with pytest.raises(EventContractError) as caught:
        check_event("/chat", "conversation", bad)
    text = str(caught.value)
    assert "/chat event 'conversation'" in text and "chat.schema.json" in text
    assert "$.queue.position" in text and "'1' is not of type 'integer'" in text
    assert caught.value.problems and caught.value.kind == "event"

    with pytest.raises(EventContractError) as caught:
        check_ack("/console", "accept", {"ok": True, "chat": {**CHAT, "surprise": 1}, "messages": [MESSAGE]})
    assert "acknowledgement of 'accept'" in str(caught.value) and "'surprise' was unexpected" in str(caught.value)
    assert caught.value.kind == "ack"


@pytest.mark.parametrize("namespace, kind, name, data", [
    ("/chat", "event", "conversation", {**CONVERSATION, "queue": None}),  # waiting, so it has a place
    ("/chat", "event", "conversation", {**CONVERSATION, "status": "active", "queue": None}),  # and an advisor
    ("/chat", "event", "conversation", {**OFFLINE, "opening": None}),
    ("/chat", "event", "conversation", {**CONVERSATION, "signposting": "Call 999"}),  # only when urgent
    ("/chat", "event", "conversation", {**CONVERSATION, "status": "new"}),
    ("/chat", "event", "message", {**MESSAGE, "at": "2026-11-25T11:00:00"}),  # no zone
    ("/chat", "event", "message", {**MESSAGE, "at": "2026-11-25T12:00:00+01:00"}),  # not UTC
    ("/chat", "event", "message", {**MESSAGE, "sender": "bot"}),
    ("/chat", "event", "error", {"code": "invalid", "message": "x"}),  # names the event it was about
    ("/chat", "ack", "start", {"ok": False, "error": {"code": "choose_place", "message": "Which one?"}}),
    ("/chat", "ack", "start", {"ok": False, "error": {"code": "taken", "message": "x"}}),  # not a /chat code
    ("/chat", "ack", "survey", {"ok": True, "rating": 5}),
    ("/chat", "ack", "survey", None),
    ("/chat", "ack", "video_join", {"ok": True, "video": {**VIDEO, "identity": "family-5f1c0a9be2d8",
                                                          "mode": "p2p"}}),  # a token only from Twilio
    ("/chat", "ack", "video_join", {"ok": True, "video": {**VIDEO, "identity": "family-5f1c0a9be2d8",
                                                          "token": None}}),
    ("/console", "event", "chat", {**CHAT, "outcome": "done"}),
    ("/console", "event", "hello", {**HELLO, "presence": "busy"}),
    ("/console", "event", "mine", {"chats": [{**CHAT, "outcome": "advice_given"}]}),  # closed: not theirs now
    ("/console", "event", "callbacks", {"due": [{**CALLBACK, "status": "done"}], "later": []}),
    ("/console", "event", "error", {"code": "not_found", "message": "no such chat"}),
    ("/console", "ack", "accept", {"ok": True, "chat": {**CHAT, "status": "waiting"}, "messages": [MESSAGE]}),
    ("/console", "ack", "video_join", {"ok": True, "video": {**VIDEO, "identity": "family-5f1c0a9be2d8"}}),
    ("/console", "ack", "heartbeat", {"ok": "yes"}),
    ("/console", "ack", "heartbeat", {"ok": False}),
])
def test_what_a_client_could_not_rely_on_fails(namespace, kind, name, data):
    with pytest.raises(EventContractError):
        _check(namespace, kind, name, data)


def test_an_event_or_acknowledgement_with_no_schema_fails():
    with pytest.raises(EventContractError, match="there is no schema for it in chat.schema.json"):
        check_event("/chat", "surprise", {})
    with pytest.raises(EventContractError, match="no schema"):
        check_event("/chat", "hello", HELLO)  # a /console event
    with pytest.raises(EventContractError, match="no schema"):
        check_ack("/console", "start", {"ok": True})
    with pytest.raises(EventContractError, match="answered with no acknowledgement"):
        check_ack("/chat", "typing", None)
    with pytest.raises(EventContractError, match="no event contract for the namespace"):
        check_event("/", "message", {})


# --- the server sends and answers nothing without a schema ------------------------------------------

NAMESPACE_OF_FILE = {"webchat/namespace.py": ["/chat"], "frontdesk/console/namespace.py": ["/console"],
                     "frontdesk/platform/socket_events.py": ["/chat", "/console"]}  # the decorator of both namespaces' events
CONSTANTS = {"FAMILY": "/chat", "CONSOLE": "/console"}


def _emitted() -> dict[str, set[str]]:
    """Every (namespace, event) the server code emits, read from its calls of `emit`,
    `socketio.emit`, `Namespace.emit`, `emit_after_commit` and `send_now`."""
    found: dict[str, set[str]] = {ns: set() for ns in contract.NAMESPACES}
    for path in SERVER_CODE:
        where = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "flask_socketio":
                assert "send" not in {a.name for a in node.names}, f"{where}: flask_socketio.send emits `message`"
            if not isinstance(node, ast.Call):
                continue
            called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            if called not in ("emit", "emit_after_commit", "send_now"):
                continue
            name = node.args[1 if called == "emit_after_commit" else 0]
            if where == "frontdesk/platform/outbox.py" and isinstance(name, ast.Name) and name.id == "event_name":
                continue  # emit_after_commit and send_now themselves
            assert isinstance(name, ast.Constant) and isinstance(name.value, str), \
                f"{where}:{node.lineno}: an event name the contract test cannot read"
            namespace = next((k.value for k in node.keywords if k.arg == "namespace"), None)
            if namespace is None:
                assert where in NAMESPACE_OF_FILE, f"{where}:{node.lineno}: emit without a namespace"
                namespaces = NAMESPACE_OF_FILE[where]
            elif isinstance(namespace, ast.Name) and namespace.id in CONSTANTS:
                namespaces = [CONSTANTS[namespace.id]]
            else:
                namespaces = list(contract.NAMESPACES)  # worked out at run time: either
            for ns in namespaces:
                found[ns].add(name.value)
    return found


def test_every_event_the_server_emits_has_a_schema_and_every_schema_an_event():
    emitted = _emitted()
    assert emitted["/chat"] >= {"conversation", "history", "message", "error"}  # the reading works
    for namespace in contract.NAMESPACES:
        assert emitted[namespace] == set(contract.event_names(namespace)), namespace


def test_every_handler_has_an_acknowledgement_schema_or_is_listed_as_unacknowledged(app):
    from frontdesk.extensions import socketio
    handlers = socketio.server.namespace_handlers
    assert set(handlers) == set(contract.NAMESPACES)
    for namespace, handler in handlers.items():
        events = {name.removeprefix("on_"): getattr(handler, name) for name in dir(handler)
                  if name.startswith("on_") and name not in ("on_connect", "on_disconnect")}
        answered = {name for name, method in events.items() if hasattr(method, "__wrapped__")}  # @event
        assert answered == set(contract.ack_names(namespace)), namespace
        assert set(events) - answered == set(contract.unacknowledged_names(namespace)), namespace
        error_events = contract.schema(namespace)["$defs"]["error_event"]["properties"]["event"]["enum"]
        assert set(error_events) == answered, namespace


def test_the_failure_codes_are_the_codes_the_code_raises():
    raised = {"server_error"}  # socket_events.event, for anything unexpected
    for path in SERVER_CODE:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "ActionError" and node.args:
                assert isinstance(node.args[0], ast.Constant), f"{path}:{node.lineno}"
                raised.add(node.args[0].value)
    codes = {ns: set(contract.schema(ns)["$defs"]["error_code"]["enum"]) for ns in contract.NAMESPACES}
    assert codes["/chat"] | codes["/console"] == raised
    chat_event_codes = set(contract.schema("/chat")["$defs"]["error_event"]["properties"]["code"]["enum"])
    assert chat_event_codes == codes["/chat"] | {"bad_token"}  # the connection's own error


def test_the_fixed_sets_are_the_codes():
    from frontdesk.actions.callbacks import MANUAL_OUTCOMES
    from frontdesk.actions.chat_advisor import PRESENCE
    from frontdesk.contacts.chat_status import OUTCOMES
    from frontdesk.models.staff import ROLES
    from routing_rules.contact import TOPICS
    from routing_rules.directory import SERVICE_KINDS
    console = contract.schema("/console")["$defs"]
    assert console["outcome"]["enum"] == [code for code, _ in OUTCOMES]
    assert console["presence"]["enum"] == list(PRESENCE)
    assert console["role"]["enum"] == list(ROLES)
    assert console["topic"]["enum"] == list(TOPICS)
    kinds = console["chat_details"]["properties"]["decision"]["properties"]["targets"]["items"]["properties"]["kind"]
    assert kinds["enum"] == [*SERVICE_KINDS, "callback"]
    assert set(MANUAL_OUTCOMES) < set(console["callback"]["properties"]["outcome"]["enum"])


def test_the_docs_name_every_event_and_point_to_the_schemas():
    docs = "".join((ROOT / "docs" / name).read_text(encoding="utf-8")
                   for name in ("chat.md", "video.md", "callbacks.md"))
    assert "frontdesk/platform/event_contract/chat.schema.json" in docs
    assert "frontdesk/platform/event_contract/console.schema.json" in docs
    for namespace in contract.NAMESPACES:
        for name in {*contract.event_names(namespace), *contract.ack_names(namespace),
                     *contract.unacknowledged_names(namespace)}:
            assert f"`{name}`" in docs, (namespace, name)
