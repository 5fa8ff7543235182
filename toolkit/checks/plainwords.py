"""The plain-words lists (checks/data/plain_words*.yml): words and phrases with a plainer alternative,
each with the places where it is fine ("foster care", "key stage", "deliver a parcel").

A list is read once per process. A form is tried only where a word of the sentence is its first
word, the longest form first ("drive out" before "drive"); the few entries written as regular
expressions are tried together in one pass. An entry's `only` and `unless` conditions are then tested on the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..yamlfile import parse_yaml

DATA = Path(__file__).parent / "data"
_TOKEN = re.compile(r"(?<![\w'’-])[\w'’.-]+")
_WORD = re.compile(r"[\w'’-]+")
FILES = {"en": "plain_words.yml", "cy": "plain_words.cy.yml", "pl": "plain_words.pl.yml"}


@dataclass(frozen=True)
class Entry:
    instead: str
    source: str
    only_written: tuple  # the conditions as written: compiled the first time a form of the entry is found
    unless_written: tuple

    @property
    def only(self) -> tuple:
        return _conditions(self.only_written)

    @property
    def unless(self) -> tuple:
        return _conditions(self.unless_written)


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    text: str
    entry: Entry


class PlainWords:
    def __init__(self, entries: list[dict]):
        self.forms: dict[str, Entry] = {}
        self.patterns: list[tuple[re.Pattern, Entry]] = []
        for raw in entries:
            entry = Entry(raw["instead"], raw.get("source", ""), tuple(raw.get("only") or ()),
                          tuple(raw.get("unless") or ()))
            for word in raw["words"]:
                if word.startswith("re:"):
                    self.patterns.append((re.compile(word[3:], re.I), entry))
                else:
                    self.forms[_key(word)] = entry
        # Each form is tried only where a word of the sentence is its first word: most words are
        # none, so a page costs a dictionary look-up a word. Longer forms first: "drive out", then "drive".
        # A form's pattern is compiled the first time its first word is met (a few hundred patterns
        # compiled up front were half of checking one file).
        self.by_first: dict[str, list[tuple[str, Entry, frozenset]]] = {}
        for form in sorted(self.forms, key=len, reverse=True):
            # A phrase is tried only where the sentence has all its words ("in order to" needs
            # "order" too): "in" alone is in most sentences.
            needed = frozenset(_WORD.findall(form)) if "." not in form else frozenset()
            self.by_first.setdefault(form.split()[0], []).append((form, self.forms[form], needed))
        # Whether a sentence could hold a form: one word is enough for a one-word form; a phrase is
        # looked up by its longest word ("order" in "in order to"), which few sentences have.
        self.alone: set[str] = set()
        self.by_longest: dict[str, list[frozenset]] = {}
        for first, forms in self.by_first.items():
            for _, _, needed in forms:
                words = needed | {first}
                if len(words) == 1:
                    self.alone.add(first)
                else:
                    self.by_longest.setdefault(max(sorted(words), key=len), []).append(words)
        self.longest = frozenset(self.by_longest)
        self.dotted = tuple(first for first in self.by_first if "." in first)
        self.dotted_pattern = re.compile("|".join(re.escape(first) for first in self.dotted)) if self.dotted else None
        self.tested: set[str] = set()  # the words tested against the pattern entries so far,
        self.could_match: set[str] = set()  # and those that one of them could match
        self.regexes = re.compile("|".join(f"(?P<r{i}>{p.pattern})" for i, (p, _) in enumerate(self.patterns)),
                                  re.I) if self.patterns else None
        # Most pattern entries are one word ("...iz(e|ed|ing)", US spellings): a cheap test on each
        # word of a sentence says whether any pattern could match there at all, so the whole
        # alternation is run only on the few sentences that need it (it was a fifth of the check).
        words = [self._word_pattern(p.pattern) for p, _ in self.patterns]
        self.word_filter = (re.compile("|".join(f"(?:{w})" for w in words), re.I)
                            if self.patterns and all(words) else None)

    def _could_hold(self, words: set[str]) -> bool:
        """Whether a form could be in a sentence of these words: all of one form's words are there."""
        return not self.alone.isdisjoint(words) or any(
            needed <= words for longest in self.longest & words for needed in self.by_longest[longest])

    def _may_match(self, words: set[str]) -> bool:
        """Whether a pattern entry could match one of these words (each word tested once per run)."""
        for word in words - self.tested:
            self.tested.add(word)
            if self.word_filter.fullmatch(word):
                self.could_match.add(word)
        return not self.could_match.isdisjoint(words)

    @staticmethod
    def _word_pattern(pattern: str) -> str | None:
        """The pattern without its word boundaries, when it matches within one word; else None."""
        inner = pattern.removeprefix(r"\b").removesuffix(r"\b")
        return None if re.search(r"\\s|\s|\\W|\.", inner) else inner

    def matches(self, sentence: str) -> list[Match]:
        """The words of `sentence` with a plainer alternative, longest first where two overlap."""
        found = []
        lower = sentence.lower()
        words = set(_WORD.findall(lower))
        # Most sentences hold no form's words: a set test or two says whether all of one form's
        # words are there ("in" is in most sentences, "in order to" is not). "e.g." and the like,
        # which hold a full stop, are looked for as they are written.
        if self._could_hold(words) or (self.dotted_pattern is not None and self.dotted_pattern.search(lower)):
            for token in _TOKEN.finditer(sentence):
                word = token.group(0).lower()
                for form, entry, needed in self.by_first.get(word) or self.by_first.get(word.rstrip(".")) or ():
                    if not needed <= words:
                        continue
                    match = _form_regex(form).match(sentence, token.start())
                    if match:
                        found.append(Match(match.start(), match.end(), match.group(0), entry))
                        break
        if self.regexes is not None and (self.word_filter is None or self._may_match(words)):
            # the entries written as patterns, tried together in one pass
            found += [Match(m.start(), m.end(), m.group(0), self.patterns[int(m.lastgroup[1:])][1])
                      for m in self.regexes.finditer(sentence)]
        if not found:
            return found
        kept: list[Match] = []
        for match in sorted(found, key=lambda m: (m.start, -(m.end - m.start))):
            if kept and match.start < kept[-1].end:
                continue  # inside a longer phrase already found
            if _applies(match, sentence):
                kept.append(match)
        return kept


def _key(text: str) -> str:
    return " ".join(text.lower().replace(",", " ").split())


def _form_pattern(form: str) -> str:
    # A space in a phrase matches any spacing, and a comma ("in order, to" is still wordy).
    return r",?\s+".join(re.escape(word) for word in form.split())


@lru_cache(maxsize=None)
def _form_regex(form: str) -> re.Pattern:
    return re.compile(_form_pattern(form) + r"(?![\w'’-])", re.I)


@lru_cache(maxsize=None)
def _conditions(items: tuple) -> tuple:
    """Each condition as (kind, value): ("phrase", [phrases]), ("context", {words}) or ("regex", pattern)."""
    conditions = []
    for item in items or []:
        if item.startswith("re:"):
            conditions.append(("regex", re.compile(item[3:], re.I)))
        elif item.startswith("ctx:"):
            conditions.append(("context", re.compile(r"(?<!\w)(" + item[4:] + r")(?!\w)", re.I)))
        else:
            phrases = "|".join(_form_pattern(p) for p in item.split("|"))
            conditions.append(("phrase", re.compile(r"(?<!\w)(" + phrases + r")(?!\w)", re.I)))
    return tuple(conditions)


def _holds(condition, match: Match, sentence: str) -> bool:
    kind, pattern = condition
    if kind == "context":
        return bool(pattern.search(sentence))
    # A phrase or a pattern holds when one of its matches takes in the words found.
    return any(m.start() <= match.start < m.end() or match.start <= m.start() < match.end
               for m in pattern.finditer(sentence))


def _applies(match: Match, sentence: str) -> bool:
    entry = match.entry
    if entry.only and not any(_holds(c, match, sentence) for c in entry.only):
        return False
    return not any(_holds(c, match, sentence) for c in entry.unless)


@lru_cache(maxsize=None)
def for_language(locale: str) -> PlainWords | None:
    """The list for `locale`, read once; None for a language with no list (Urdu, for now)."""
    name = FILES.get(locale)
    if name is None:
        return None
    path = DATA / name
    return PlainWords(parse_yaml(path.read_text(encoding="utf-8"), path).data)  # libyaml: a tenth of the time
