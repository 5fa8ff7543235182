"""Facts that change: amounts, time limits, distances and phone numbers, kept once per nation.

`content/facts/all.yml` holds facts true in both nations, `england.yml` and `wales.yml` each
nation's own (a nation's file wins). Guides show them as `{{ facts.holiday_fine }}`, so when a
fine goes up the number changes in one place, for every guide and every language. Each fact
records its source and the day someone checked it; a check over a year old is reported beside
every guide that uses the fact.
"""

from __future__ import annotations

import datetime as dt
import re

from babel import Locale
from babel.numbers import format_decimal

FILES = {"all": "all.yml", "England": "england.yml", "Wales": "wales.yml"}
NATIONS = [nation for nation in FILES if nation != "all"]
STALE_AFTER_DAYS = 365
# `facts.NAME` or `facts["NAME"]` in a template; the check finds which facts a guide uses from this.
# Written to start with a letter ("f", not a word boundary) so that the search jumps from one "f"
# to the next: a twentieth of the time on a guide. (?<!\wf) is the word boundary before it.
USE = re.compile(r"f(?<!\wf)acts\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*['\"]([A-Za-z0-9_]+)['\"]\s*\])")


def for_nation(facts: dict[str, dict], nation: str) -> dict:
    """The facts a page in `nation` can use: both nations' facts, then the nation's own."""
    return {**facts.get("all", {}), **facts.get(nation, {})}


def shown(fact, locale: str) -> str | int:
    """A fact's value as a reader sees it: money as pounds in the reader's own number style."""
    if fact.unit == "pounds":
        return pounds(fact.value, locale)
    if isinstance(fact.value, int) and fact.value >= 1000:
        return format_decimal(fact.value, locale=_babel(locale))
    return fact.value


def pounds(amount: int, locale: str) -> str:
    """£1,200 in English, 1 200 £ in Polish: the locale's digits and order, always the £ sign
    (CLDR's "GBP" or "UK£" is not what parents here see on a letter)."""
    pattern = Locale.parse(_babel(locale)).currency_formats["standard"].pattern.split(";")[0]
    number = format_decimal(amount, locale=_babel(locale))
    if pattern.index("¤") < pattern.index("#"):
        return f"£{number}"
    return f"{number}\u00a0£" if "\u00a0¤" in pattern else f"{number}£"


def _babel(locale: str) -> str:
    from .render import babel_locale

    return babel_locale(locale)


def used_in(text: str) -> list[str]:
    """The fact names a template uses, in order of first use."""
    names = [a or b for a, b in USE.findall(text)]
    return list(dict.fromkeys(names))


def is_stale(fact, today: dt.date) -> bool:
    return (today - fact.checked).days > STALE_AFTER_DAYS
