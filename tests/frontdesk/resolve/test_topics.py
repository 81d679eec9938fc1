"""Topics from the family's own words, and risk words that make a contact urgent."""
import pytest

from frontdesk.resolve.text import words
from frontdesk.resolve.topics import TopicMatch, match_topic, risk_phrases, topic_of_words


@pytest.mark.parametrize("text, topic", [
    ("We're waiting for his EHCP annual review", "ehc_plan"),
    ("the council refused an education, health and care needs assessment", "ehc_plan"),
    ("She's been excluded for the third time this term", "exclusion"),
    ("he keeps getting sent home at lunchtime", "exclusion"),
    ("we want to appeal to the tribunal about section F", "tribunal"),
    ("the council stopped his taxi to school", "transport"),
    ("her anxiety is so bad she won't go to school", "mental_health"),
    ("CAMHS discharged him", "mental_health"),
    ("my son is autistic and the school doesn't understand", "autism"),
    ("the SENCO won't put any support in place", "school_support"),
    ("hello I have a question", "other"),
    ("", "other"),
])
def test_topic_from_free_text(text, topic):
    assert match_topic(text).topic == topic


def test_a_tribunal_about_a_plan_is_a_tribunal_question():
    assert match_topic("appeal against the EHC plan").topic == "tribunal"


@pytest.mark.parametrize("text", [
    "I think my daughter is going to kill herself",
    "he has been self-harming again",
    "I'm worried he's being abused at home",
    "we are not safe here tonight",
    "she said she wants to die",
    "He's suicidal",
])
def test_risk_words_are_found(text):
    assert risk_phrases(text)


@pytest.mark.parametrize("text", [
    "we need help with the annual review", "the school is not supporting him", "transport was cancelled",
    "the skills assessment", "Sussex", "",
])
def test_ordinary_worries_are_not_risk(text):
    assert risk_phrases(text) == ()


@pytest.mark.parametrize("text, topic, matched", [
    ("She's been EXCLUDED twice", "exclusion", ("excluded",)),           # a starred word's ending
    ("the exclusion letter came", "exclusion", ("exclusion",)),
    ("his EHCP and the annual reviews", "ehc_plan", ("ehcp", "annual reviews")),  # star in a phrase
    ("the E.H.C. plan", "ehc_plan", ("e h c", "plan")),                  # several words
    ("we need SEN support", "school_support", ("sen support",)),         # the longer phrase first
    ("he was sent home to school", "exclusion", ("sent home",)),         # words used once
    ("the business is closed", "other", ()),                             # "bus" is a whole word
    ("what about the planet", "other", ()),                              # so is "plan"
    ("appeal against the EHC plan", "tribunal", ("appeal",)),
])
def test_topic_words_match_whole_words_and_starred_endings(text, topic, matched):
    assert match_topic(text) == TopicMatch(topic, matched)


def test_topic_of_words_agrees_with_match_topic():
    for text in ("his EHCP annual review is late", "the council stopped his taxi", "hello", ""):
        assert topic_of_words(words(text)) == match_topic(text).topic


@pytest.mark.parametrize("text, found", [
    ("he said he will kill himself", ("kill himself",)),        # the phrase, not "kill" alone
    ("I think he will kill", ("kill",)),
    ("she has been self-harming", ("self harming",)),           # a starred word inside a phrase
    ("he hit her and he hit her again", ("hit her",)),          # each phrase once
    ("in danger, immediate danger", ("in danger", "immediate danger")),  # in text order
    ("an examination of the SENCO", ()),
])
def test_risk_phrases_of_several_words(text, found):
    assert risk_phrases(text) == found


def test_a_refusal_to_assess_is_an_ehc_question_and_school_refusal_is_mental_health():
    assert match_topic("Can the school refuse to assess my daughter?").topic == "ehc_plan"
    assert match_topic("my son is a school refuser").topic == "mental_health"
    assert match_topic("she is refusing to go to school").topic == "mental_health"
