"""Folding text into words, and finding phrases among them."""
import pytest

from frontdesk.resolve.text import PhraseIndex, fold, words


@pytest.mark.parametrize("text, expected", [
    ("his EHCP annual review", ["his", "ehcp", "annual", "review"]),
    ("St. Helens'", ["st", "helens"]),
    ("I don't know", ["i", "dont", "know"]),             # an apostrophe joins the word
    ("Newcastle-under-Lyme", ["newcastle", "under", "lyme"]),
    ("  two\tspaces\n and  more ", ["two", "spaces", "and", "more"]),
    ("Sölihull", ["solihull"]),                          # accents dropped
    ("it\u2019s B73 5AA", ["its", "b73", "5aa"]),
    ("", []), (None, []), ("?!", []),
])
def test_words_are_lower_case_ascii_letters_and_digits(text, expected):
    assert words(text) == expected
    assert fold(text) == " ".join(expected)


INDEX = PhraseIndex([("a", "sen support"), ("a", "sen"), ("b", "sent home"), ("c", "exclu*"),
                     ("d", "home to school")])


@pytest.mark.parametrize("text, found", [
    ("sen support", [("a", "sen support")]),                 # the first that fits, longest here
    ("sen", [("a", "sen")]),
    ("sent", []),                                            # "sen" is a whole word
    ("sent home to school", [("b", "sent home")]),           # each word used once
    ("excluded and exclusion", [("c", "excluded"), ("c", "exclusion")]),
    ("exclu", [("c", "exclu")]), ("excl", []),
    ("", []),
])
def test_phrases_are_found_left_to_right(text, found):
    assert INDEX.find(words(text)) == found


def test_removing_phrases_keeps_the_other_words_in_order():
    assert INDEX.remove(words("we were sent home again")) == ["we", "were", "again"]
    kept = words("nothing to remove")
    assert INDEX.remove(kept) == ["nothing", "to", "remove"]
    assert INDEX.spans(words("a sen support b")) == [("a", 1, 3)]
