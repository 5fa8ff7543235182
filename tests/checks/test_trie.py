"""The one-pattern-for-many-words tree finds what the words listed longest first would find."""

import random
import re

from toolkit.checks.trie import words_pattern

WORDS = ["school", "schools", "school report", "sixth form", "sixth-form college", "set", "setting", "ta",
         "a-level", "a-levels", "catch-up", "catchment area", "catchment", "in-year"]


def _found(pattern_source: str, text: str) -> list[str]:
    pattern = re.compile(rf"(?<![\w-])({pattern_source})(?![\w-])", re.I)
    return [match.group(0) for match in pattern.finditer(text)]


def test_the_longest_word_wins_and_a_word_inside_another_is_not_found():
    text = "The Catchment Area of the school; schools' reports; a school report; A-levels, not settings."
    assert _found(words_pattern(WORDS), text) == ["Catchment Area", "school", "schools", "school report",
                                                  "A-levels"]


def test_finds_what_a_longest_first_list_finds_in_any_text():
    longest_first = "|".join(re.escape(word) for word in sorted(WORDS, key=len, reverse=True))
    pieces = [*WORDS, "the", "a", "-", " ", ", ", "School", "CATCHMENT", "up", "form"]
    randomness = random.Random(7)
    for _ in range(500):
        text = "".join(randomness.choice(pieces) + randomness.choice(["", " "]) for _ in range(12))
        assert _found(words_pattern(WORDS), text) == _found(longest_first, text), text


def test_a_longer_word_in_any_case_wins_over_a_word_in_capitals_only():
    """EAL (in capitals only) and "EAL pupils": the longer is found, as with the longest-first list."""
    source = words_pattern(["EAL", "eal pupils"], exact={"EAL"})
    assert _found(source, "EAL pupils get help. EAL is English as an additional language.") == ["EAL pupils", "EAL"]


def test_an_exact_word_matches_only_as_written():
    """TA (teaching assistant) in capitals only: Polish 'ta' means 'this'."""
    source = words_pattern(["TA", "teaching assistant"], exact={"TA"})
    assert _found(source, "Ask the TA. Ta książka. Ask a Teaching Assistant.") == ["TA", "Teaching Assistant"]


def test_words_all_exact_find_what_a_case_sensitive_longest_first_list_finds():
    """The glossary's tooltips look for each word only as the glossary writes it (sitepages.py)."""
    words = ["SEN", "SEN support", "Sen", "EHC plan", "EHCP", "SENCO", "Year 7", "Y", "set", "A-level"]
    longest_first = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    pieces = [*words, "sen", "SEN Support", "ehcp", "the", "-", " ", ", ", "plan", "s"]
    randomness = random.Random(11)
    for _ in range(500):
        text = "".join(randomness.choice(pieces) + randomness.choice(["", " "]) for _ in range(12))
        tree = re.compile(rf"(?<![\w-])(?:{words_pattern(words, exact=set(words))})(?![\w-])", re.I)
        plain = re.compile(rf"(?<![\w-])(?:{longest_first})(?![\w-])")
        assert [m.group(0) for m in tree.finditer(text)] == [m.group(0) for m in plain.finditer(text)], text
