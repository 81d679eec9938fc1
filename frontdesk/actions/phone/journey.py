"""The questions of a call: where the family lives, and what the call is about.

Each function handles one step (see `calls.py`): it reads what the caller said or pressed,
records what we learned on the contact, and asks the next question — or hands the call to
`dialling.connect` to be routed. No question is asked more than twice: after two misses the call
carries on without the answer, so nobody is ever stuck in a loop.
"""
from __future__ import annotations

from datetime import timedelta
from functools import lru_cache

from sqlalchemy import select

from routing_rules import AuthorityMatch

from ...contacts.input import ContactInput
from ...directory.snapshot import full_postcode_lookup
from ...models import Contact, PhoneCall
from ...resolve import PlaceIndex, resolve_authority, resolve_keypad
from ...resolve.keypad import districts_for_keys, first_letters, starting_with
from ...resolve.postcodes import lookup_postcode, parse_postcode
from ...resolve.text import fold
from ...resolve.topics import risk_phrases
from . import speech
from .dialling import connect
from .step import Step

MAX_TRIES = 2
MAX_LOCATION_ASKS = 3  # however the answers go round (a place, "none of these", again), then carry on
MAX_OPTIONS = 4
_YES = {"yes", "yeah", "yep", "yup", "correct", "right", "still", "same", "it is", "i am"}
_NO = {"no", "nope", "not", "different", "moved", "another", "other"}


@lru_cache(maxsize=4)
def speech_hints(places: PlaceIndex) -> str:
    """Council and place names for the speech recogniser (Twilio takes up to 500 hints of up
    to 100 characters, separated by commas)."""
    return ", ".join(h.replace(",", " ")[:100] for h in places.speech_hints(limit=500))


def _places(step: Step) -> PlaceIndex:
    return step.snapshot.places


def _give(step: Step, **facts) -> None:
    """Add what the caller told us to the contact's record (None removes a fact)."""
    given = {**step.call.contact.given, **facts}
    step.call.contact.given = {k: v for k, v in given.items() if v not in (None, "")}


def _missed(step: Step, ask_again, give_up) -> None:
    """A question went unanswered: ask once more, or carry on without the answer."""
    step.call.attempts += 1
    if step.call.attempts >= MAX_TRIES:
        give_up(step)
    else:
        ask_again(step)


def heard_risk(step: Step) -> bool:
    """Risk words in anything the caller says make the call urgent at once."""
    if step.params.speech and risk_phrases(step.params.speech):
        _give(step, message=step.params.speech)
        connect(step, urgent=True)
        return True
    return False


# --- the start ---------------------------------------------------------------------------

def last_area(step: Step) -> str | None:
    """The council a returning caller's last call was about, within the configured period."""
    if not step.call.caller_hash:
        return None
    since = step.now - timedelta(days=step.settings.returning_caller_days)
    return step.session.scalar(
        select(Contact.authority_code).join(PhoneCall, PhoneCall.contact_id == Contact.id)
        .where(PhoneCall.caller_hash == step.call.caller_hash, PhoneCall.call_sid != step.call.call_sid,
               PhoneCall.started_at >= since, Contact.authority_code.is_not(None))
        .order_by(PhoneCall.started_at.desc()).limit(1))


def start(step: Step) -> None:
    """A new call: welcome, then offer a returning caller their last area, or ask where they live."""
    step.reply.say(speech.welcome(step.settings.helpline))
    code = last_area(step)
    name = _places(step).display.get(code) if code else None
    if name:
        step.move("confirm_area", {"codes": [code]})
        step.reply.ask(speech.RETURNING_CALLER, step.next_url("area"), keys=1)
    else:
        ask_location(step)


# --- where the family lives --------------------------------------------------------------

def ask_location(step: Step, again: bool = False, prompt: str | None = None) -> None:
    if step.call.location_asks >= MAX_LOCATION_ASKS:
        _no_location(step)
        return
    step.call.location_asks += 1
    step.move("location")
    prompt = prompt or (speech.ASK_LOCATION_AGAIN if again else speech.ASK_LOCATION)
    step.reply.ask(prompt, step.next_url("location"),
                   hints=speech_hints(_places(step)))


def _no_location(step: Step) -> None:
    step.reply.say(speech.NO_LOCATION)
    ask_topic(step)


def _found(step: Step, match: AuthorityMatch, districts: tuple[str, ...] = ()) -> None:
    """Act on a resolved answer: go on when sure, ask which when several, else try again."""
    if match.known:
        step.reply.say(speech.heard_area(match.name))
        ask_topic(step)
    elif districts and len(match.candidates) > MAX_OPTIONS and len(first_letters(districts)) > 1:
        step.move("keypad_letter", {"districts": list(districts)})
        step.reply.ask(speech.which_letter(first_letters(districts)), step.next_url("area"), keys=1)
    elif match.candidates:
        options = match.candidates[:MAX_OPTIONS]
        labels = [c.name if not c.matched or fold(c.matched) == fold(c.name) else f"{c.matched} in {c.name}"
                  for c in options]
        step.move("choose_area", {"codes": [c.code for c in options], "labels": labels})
        step.reply.ask(speech.choose_area(labels), step.next_url("area"), keys=1)
    else:
        _missed(step, lambda s: ask_location(s, again=True), _no_location)


def _keypad_answer(step: Step, districts: tuple[str, ...]) -> None:
    """Go on from the postcode districts a keypad entry could be (see `resolve.keypad`)."""
    match = resolve_keypad(districts, _places(step))
    _give(step, postcode=districts[0] if len(districts) == 1 else None,
          local_authority=match.code if match.known and len(districts) > 1 else None)
    _found(step, match, districts)


def on_location(step: Step) -> None:
    """The caller said or typed where they live (or pressed 0 to speak to someone now)."""
    if heard_risk(step):
        return
    params = step.params
    if params.digits == speech.OPERATOR_KEY:
        connect(step)
        return
    if params.digits:
        _keypad_answer(step, districts_for_keys(params.digits))
        return
    if not params.speech:
        _missed(step, lambda s: ask_location(s, again=True), _no_location)
        return
    postcode = parse_postcode(params.speech)
    if postcode:
        country = lookup_postcode(postcode).outside_england
        if country:
            _give(step, postcode=str(postcode))
            step.reply.say(speech.outside_england(country))
            ask_topic(step)
            return
        _give(step, postcode=str(postcode), place=None)
    else:
        _give(step, place=params.speech, postcode=None)
    inp = ContactInput(channel="phone", received_at=step.now, postcode=str(postcode) if postcode else None,
                       place=None if postcode else params.speech)
    _found(step, resolve_authority(inp, _places(step), full_postcode_lookup(step.session)))


def _yes_or_no(speech: str) -> bool | None:
    """True for a clear yes, False for a clear no, None when it is neither or both."""
    folded = f" {fold(speech)} "
    yes, no = (any(f" {word} " in folded for word in choices) for choices in (_YES, _NO))
    return yes if yes != no else None


def _pick_by_speech(step: Step, codes: list[str], labels: list[str]) -> str | None:
    """The candidate the caller named ("the Staffordshire one", "upon Tyne"), if exactly one."""
    speech = step.params.speech
    if not speech:
        return None
    resolved = _places(step).resolve(speech)
    if resolved.code in codes:
        return resolved.code
    said = set(fold(speech).split())
    named = [code for code, label in zip(codes, labels, strict=True)
             if said & (set(fold(label).split()) - {"in", "upon", "under", "on", "the", "of", "and"})]
    return named[0] if len(named) == 1 else None


def on_area(step: Step) -> None:
    """The caller confirmed their last area, chose between places, or gave a postcode's first letter."""
    if heard_risk(step):
        return
    {"confirm_area": _on_confirm, "choose_area": _on_choice}.get(step.call.stage, _on_letter)(step)


def _settle(step: Step, code: str, say_it: bool = True) -> None:
    """The family's area is `code`: say which it is (unless it is the one they gave last time, which
    is never said aloud), and go on to the topic."""
    _give(step, local_authority=code)
    step.reply.say(speech.heard_area(_places(step).display[code]) if say_it else speech.SAME_AREA)
    ask_topic(step)


def _menu_choice(digits: str | None, options: int) -> int | None:
    """The 0-based option a single key picks, if it is one of the options."""
    return int(digits) - 1 if digits and digits.isdigit() and 1 <= int(digits) <= options else None


def _on_confirm(step: Step) -> None:
    params, code = step.params, step.call.pending["codes"][0]
    named = _places(step).resolve(params.speech) if params.speech and not params.digits else None
    if named and (named.known or named.candidates):
        on_location(step)  # "no, we've moved to Leeds": the place they name is the answer
    elif params.digits == "1" or (not params.digits and _yes_or_no(params.speech) is True):
        _settle(step, code, say_it=False)
    elif params.digits == "2" or (not params.digits and _yes_or_no(params.speech) is False):
        ask_location(step)
    else:
        _missed(step, _ask_confirm_again, ask_location)


def _on_choice(step: Step) -> None:
    params, pending = step.params, step.call.pending
    picked = _menu_choice(params.digits, len(pending["codes"]))
    chosen = pending["codes"][picked] if picked is not None else \
        None if params.digits else _pick_by_speech(step, pending["codes"], pending["labels"])
    if chosen:
        _settle(step, chosen)
    elif params.digits == speech.OPERATOR_KEY:
        ask_location(step, prompt=speech.ASK_LOCATION_RETRY)
    else:
        _missed(step, _ask_choice_again, _no_location)


def _on_letter(step: Step) -> None:
    districts = tuple(step.call.pending["districts"])
    letters = first_letters(districts)
    picked = _menu_choice(step.params.digits, len(letters))
    if picked is None:
        _missed(step, _ask_letter_again, _no_location)
        return
    _keypad_answer(step, starting_with(districts, letters[picked]))


def _ask_confirm_again(step: Step) -> None:
    step.reply.ask(speech.RETURNING_CALLER, step.next_url("area"), keys=1)


def _ask_choice_again(step: Step) -> None:
    step.reply.ask(speech.choose_area(step.call.pending["labels"]), step.next_url("area"), keys=1)


def _ask_letter_again(step: Step) -> None:
    letters = first_letters(tuple(step.call.pending["districts"]))
    step.reply.ask(speech.which_letter(letters), step.next_url("area"), keys=1)


# --- what the call is about --------------------------------------------------------------

def ask_topic(step: Step, again: bool = False) -> None:
    step.move("topic")
    step.reply.ask(speech.ASK_TOPIC_AGAIN if again else speech.ASK_TOPIC, step.next_url("topic"), keys=1)


def on_topic(step: Step) -> None:
    """The caller pressed a menu key or said what the call is about; then we route the call."""
    if heard_risk(step):
        return
    params = step.params
    if params.digits == speech.URGENT_KEY:
        connect(step, urgent=True)
    elif (picked := _menu_choice(params.digits, len(speech.MENU_TOPICS))) is not None:
        _give(step, topic=speech.MENU_TOPICS[picked])
        connect(step)
    elif params.digits == speech.OPERATOR_KEY:
        connect(step)
    elif params.speech:
        _give(step, message=params.speech)  # the topic is matched from these words when routing
        connect(step)
    else:
        _missed(step, lambda s: ask_topic(s, again=True), connect)
