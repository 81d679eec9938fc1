"""Every step of the default policy, at the hours that matter (times are UTC; London is UTC in
winter and UTC+1 in summer)."""
import dataclasses

import pytest

from routing_rules import Candidate, evaluate

from .helpers import BIRMINGHAM, at, contact


def route(rulebook, directory, **kwargs):
    return evaluate(rulebook, contact(**kwargs), directory)


def services(decision):
    return [t.service for t in decision.targets]


def test_urgent_goes_to_the_duty_line_with_signposting_at_any_hour(rulebook, directory):
    for when in ("2026-11-25 11:00", "2026-11-25 03:00", "2026-12-25 12:00"):
        d = route(rulebook, directory, when=when, urgent=True, topic="tribunal")
        assert d.rule == "urgent" and services(d) == ["urgent-duty-line"]
        assert d.targets[0].kind == "urgent" and d.targets[0].timeout_s == 60
        assert "999" in d.signposting


def test_tribunal_question_goes_to_the_specialist_line_while_it_is_open(rulebook, directory):
    d = route(rulebook, directory, when="2026-11-25 11:00", topic="tribunal")
    assert d.rule == "tribunal-specialist"
    assert services(d) == ["tribunal-legal-line", "national-helpline"]
    assert d.targets[0].kind == "specialist" and d.targets[0].address == "+442079460100"
    # At 16:30 the tribunal line (10:00-16:00) is shut: the family's IASS takes it.
    d = route(rulebook, directory, when="2026-11-25 16:30", topic="tribunal")
    assert d.rule == "local-iass" and services(d)[0] == "birmingham-iass"
    assert d.trace[1].reason.startswith("tribunal-legal-line closed (opens Thu 26 Nov 10:00)")


def test_mental_health_question_goes_to_its_line_while_open(rulebook, directory):
    assert route(rulebook, directory, when="2026-11-25 09:30", topic="mental_health").rule == "mental-health-specialist"
    assert route(rulebook, directory, when="2026-11-25 17:30", topic="mental_health").rule == "national"


def test_known_authority_in_hours_goes_to_its_iass_with_fallbacks(rulebook, directory):
    d = route(rulebook, directory, when="2026-11-25 11:00")
    assert d.rule == "local-iass"
    assert services(d) == ["birmingham-iass", "national-helpline", "out-of-hours"]
    first = d.targets[0]
    assert (first.kind, first.local_authority, first.channel) == ("local_iass", BIRMINGHAM, "phone")
    assert first.address.startswith("+44121496") and first.timeout_s == 30


def test_chat_goes_to_the_iass_chat_queue(rulebook, directory):
    d = route(rulebook, directory, when="2026-11-25 11:00", channel="chat")
    assert d.targets[0].address == "chat:birmingham-iass"


def test_iass_closed_evening_goes_to_national_then_out_of_hours(rulebook, directory):
    d = route(rulebook, directory, when="2026-11-25 17:30")
    assert d.rule == "national" and services(d) == ["national-helpline", "out-of-hours"]
    assert "birmingham-iass closed (opens Thu 26 Nov 09:00)" in d.trace[3].reason


def test_unknown_or_ambiguous_authority_never_blocks(rulebook, directory):
    ambiguous = [Candidate("E08000021", "Newcastle upon Tyne", 0.5), Candidate("E10000028", "Staffordshire", 0.5)]
    d = route(rulebook, directory, when="2026-11-25 11:00", authority=None, candidates=ambiguous)
    assert d.rule == "national"
    assert [c.code for c in d.contact.local_authority.candidates] == ["E08000021", "E10000028"]
    assert d.to_json()["contact"]["local_authority"]["candidates"][0]["name"] == "Newcastle upon Tyne"


def test_saturday_morning_national_then_afternoon_out_of_hours(rulebook, directory):
    assert route(rulebook, directory, when="2026-11-28 11:00").rule == "national"
    assert route(rulebook, directory, when="2026-11-28 15:00").rule == "out-of-hours"


def test_evening_goes_to_out_of_hours_until_23_00(rulebook, directory):
    assert route(rulebook, directory, when="2026-11-25 20:30").rule == "out-of-hours"
    assert route(rulebook, directory, when="2026-11-25 22:59").rule == "out-of-hours"
    assert route(rulebook, directory, when="2026-11-25 23:00").rule == "callback"


def test_after_midnight_everyone_is_closed_and_the_iass_calls_back_next_working_day(rulebook, directory):
    d = route(rulebook, directory, when="2026-11-27 23:30")  # Friday night
    assert d.rule == "callback" and d.is_callback
    target = d.targets[0]
    assert (target.kind, target.service) == ("callback", "birmingham-iass")
    assert target.opens_at == at("2026-11-30 09:00")  # Monday
    d = route(rulebook, directory, when="2026-11-28 00:00")
    assert d.rule == "callback"


def test_callback_without_an_authority_goes_to_the_national_helpline(rulebook, directory):
    d = route(rulebook, directory, when="2026-11-27 23:30", authority=None)
    assert d.targets[0].service == "national-helpline"
    assert d.targets[0].opens_at == at("2026-11-28 10:00")  # Saturday morning


def test_bank_holiday_skips_the_iass_and_national_line(rulebook, directory):
    d = route(rulebook, directory, when="2026-12-25 11:00")
    assert d.rule == "out-of-hours"
    d = route(rulebook, directory, when="2026-12-28 11:00")  # Boxing Day substitute (Monday)
    assert d.rule == "out-of-hours"
    assert route(rulebook, directory, when="2026-12-29 11:00").rule == "local-iass"


@pytest.mark.parametrize("when, rule", [
    ("2026-03-27 08:30", "national"),    # Friday, 08:30 GMT: IASS not open yet
    ("2026-03-30 08:30", "local-iass"),  # Monday, 09:30 BST
    ("2026-10-23 08:30", "local-iass"),  # Friday, 09:30 BST
    ("2026-10-26 08:30", "national"),    # Monday, 08:30 GMT
    ("2026-10-25 06:30", "callback"),  # Sunday of the change, 06:30 GMT: out of hours opens at 07:00
    ("2026-10-24 06:30", "out-of-hours"),  # Saturday before, 07:30 BST
])
def test_clock_changes(rulebook, directory, when, rule):
    assert route(rulebook, directory, when=when).rule == rule


def test_every_decision_explains_every_rule_it_considered(rulebook, directory):
    d = route(rulebook, directory, when="2026-11-25 20:30", topic="tribunal")
    assert [s.rule for s in d.trace] == ["urgent", "tribunal-specialist", "mental-health-specialist",
                                         "local-iass", "national", "out-of-hours"]
    assert [s.matched for s in d.trace] == [False] * 5 + [True]
    assert d.trace[0].reason == "contact is not urgent"
    assert d.trace[2].reason == "topic is tribunal, not mental_health"
    assert d.rulebook_version == rulebook.version


def test_when_none_answer_is_a_callback_to_the_local_iass(rulebook, directory):
    d = route(rulebook, directory, when="2026-11-25 11:00")
    assert d.when_none_answer.service == "birmingham-iass" and d.when_none_answer.kind == "callback"
    assert d.to_json()["when_none_answer"]["action"] == "callback"


def test_decision_parts_are_immutable_values(rulebook, directory):
    d = route(rulebook, directory, when="2026-11-25 20:30", topic="tribunal")
    again = route(rulebook, directory, when="2026-11-25 20:30", topic="tribunal")
    assert d.targets == again.targets and d.when_none_answer == again.when_none_answer
    assert hash(d.targets[0]) == hash(again.targets[0]) and d.trace[0] == again.trace[0]
    for value, field in ((d, "rule"), (d.targets[0], "service"), (d.trace[0], "matched")):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(value, field, "changed")
    assert dataclasses.replace(d.trace[0], matched=True).matched and not d.trace[0].matched
    assert [f.name for f in dataclasses.fields(d.targets[0])][-1] == "opens_at"
    assert d.when_none_answer.opens_at == at("2026-11-26 09:00")
