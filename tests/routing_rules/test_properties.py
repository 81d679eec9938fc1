"""Property tests: over any contact at any moment, never a dead end, and urgent always first."""
from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from routing_rules import TOPICS, AuthorityMatch, ResolvedContact, evaluate

START = datetime(2025, 1, 1, tzinfo=timezone.utc)
moments = st.integers(min_value=0, max_value=3 * 365 * 24 * 60).map(lambda m: START + timedelta(minutes=m))


@st.composite
def contacts(draw, authorities):
    code = draw(st.one_of(st.none(), st.sampled_from(authorities)))
    la = AuthorityMatch(code, "x", 1.0, "postcode") if code else AuthorityMatch()
    return ResolvedContact(channel=draw(st.sampled_from(["phone", "chat", "video"])), received_at=draw(moments),
                           local_authority=la, topic=draw(st.sampled_from(TOPICS)), urgent=draw(st.booleans()),
                           age=draw(st.one_of(st.none(), st.integers(0, 25))))


def test_never_a_dead_end_and_urgent_always_first(rulebook, directory):
    authorities = sorted(directory.authorities)

    @settings(max_examples=600, deadline=None)
    @given(contacts(authorities))
    def check(contact):
        d = evaluate(rulebook, contact, directory)
        assert d.targets, "a decision always has a target"
        assert d.when_none_answer.service in directory.services
        for t in d.targets:
            assert t.service in directory.services
            if t.kind == "callback":
                assert len(d.targets) == 1
            else:
                service = directory.services[t.service]
                assert service.accepts(contact.channel) and service.is_open(contact.received_at)
                assert t.address
        if contact.urgent:
            assert d.rule == "urgent" and d.targets[0].kind == "urgent" and d.signposting
        else:
            assert d.targets[0].kind != "urgent"
        assert d.trace[-1].matched and all(not s.matched for s in d.trace[:-1])

    check()
