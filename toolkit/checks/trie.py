"""One regular expression for many words, shaped as a tree of their letters.

Python's `re` tries the alternatives of "school|schools|scaled|..." one after the other at every
place in a text: with a few hundred glossary words that was most of the jargon check's time. As a
tree ("s(?:c(?:aled|hool(?:s)?)|...)") at most one branch can go on at each letter, so a place is
given up after a letter or two. Where several words match at the same place, the longest wins,
as it did with the words listed longest first.
"""

from __future__ import annotations

import re

_END = ""  # a key that marks the end of a word in the tree


def words_pattern(words: list[str], exact: set[str] = frozenset()) -> str:
    """Pattern source matching any of `words`. The words in `exact` match only as written
    (use it inside a pattern compiled with re.IGNORECASE); the others in any case, so they are
    put into the tree in lower case."""
    tree: dict = {}
    for word in words:
        node = tree
        for letter in word if word in exact else word.lower():
            key = letter if word in exact else letter.lower()
            node = node.setdefault((key, word in exact), {})
        node[_END] = {}
    return _branches(tree)


def _branches(node: dict) -> str:
    # Letters in any case first: where a word in capitals only ("EAL") and a longer word in any case
    # ("EAL pupils") both match, the longer wins. (A word in capitals only has no space or mark in
    # it, so it is never the longer of two that both match at one place.)
    keys = sorted((key for key in node if key != _END), key=lambda key: (key[1], key[0]))
    alternatives = [_letter(*key) + _branches(node[key]) for key in keys]
    if not alternatives:
        return ""
    body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
    # A word may end here: the longer words are tried first (greedy), this one if they fail.
    return f"(?:{body})?" if _END in node else body


def _letter(letter: str, exact: bool) -> str:
    return f"(?-i:{re.escape(letter)})" if exact else re.escape(letter)
