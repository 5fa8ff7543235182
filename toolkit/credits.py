"""Credit for the parents who wrote a page, and when it last changed, from git history."""

from __future__ import annotations

from .history import History
from .model import Guide


def guide_credits(history: History | None, guide: Guide, english: Guide | None) -> dict:
    """Who wrote the page and when it last changed. For a translation, its translators too.

    Names come from commit authors (after .mailmap). Anyone listed in the guide's
    `unnamed_contributors` is counted but not named. Without usable history: nothing, not a guess.
    """
    if history is None or history.warning():
        return {}
    shown = history.last_change(guide.path)
    if shown is None:
        return {}
    hidden = {name.lower() for name in guide.meta.unnamed_contributors}
    if english is None or english.path == guide.path:
        writers, translators = history.authors(guide.path), []
    else:
        writers, translators = history.authors(english.path), history.authors(guide.path)
        hidden |= {name.lower() for name in english.meta.unnamed_contributors}
    return {
        "last_changed": shown.date.isoformat(),
        "authors": [n for n in writers if n.lower() not in hidden],
        "unnamed_authors": sum(n.lower() in hidden for n in writers),
        # A translator is credited for the translation even if they wrote the English too.
        "translators": [n for n in translators if n.lower() not in hidden],
    }
