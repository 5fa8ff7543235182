"""Facts that change: typed into a guide instead of kept in content/facts/, or not checked for a year.

A fine, a grant, a time limit or a helpline typed into a guide goes stale quietly in every
language it was translated into; kept as `{{ facts.NAME }}` it changes once (see toolkit/facts.py).
"""

from __future__ import annotations

import datetime as dt
import re

from . import Check, Examples, Finding
from .. import clock, facts

# Money in either order (£80, 80 £, 80 funtów), a UK phone number, and a number of days, weeks,
# months, hours, miles or years: the numbers that change with the law. "Year 6", "10 minutes" and
# "14 to 19 year olds" are not facts that change.
_MONEY = re.compile(r"£\s?\d[\d,. \u00a0]*|\d[\d,. \u00a0]*\s?£|\d[\d,.]*\s?(?:pounds?\b|punt\b|bunt\b|funt\w*|پاؤنڈ)",
                    re.IGNORECASE)
_PHONE = re.compile(r"(?<![\d£])0\d{3,4}(?:[ \u00a0]?\d{3,4}){1,2}(?!\d)")
_UNITS = {
    "en": r"(?:school\s+)?(?:days?|weeks?|months?|hours?|miles?|years?)\b(?![\s-]+old)",
    # Other languages write an age and a year like a number of years ("16 lat", "2008 roku"), so
    # years are left out there: the English guide, which every translation follows, catches them.
    "cy": r"(?:diwrnod|niwrnod|wythnos|mis|awr|milltir)\b",
    "pl": r"(?:dni|dzień|tygodni\w*|miesi\w+|godzin\w*|mil)\b",
    "ur": r"(?:دن|ہفت\w*|مہین\w*|گھنٹ\w*|میل)",
}
_DIGIT = re.compile(r"\d")
_COUNTS = {lang: re.compile(r"(?<![\w£])\d[\d,]*\s+" + units, re.IGNORECASE) for lang, units in _UNITS.items()}


def typed(document, context):
    """facts.typed: an amount, time limit, distance or phone number typed into a guide. It belongs
    in content/facts/ with its source and the day it was checked, so it changes once everywhere."""
    if document.guide is None and not document.front_matter_problems:
        return  # not a guide (CONTRIBUTING.md may give numbers); a draft with broken front matter is one
    patterns = [_MONEY, _PHONE] + ([_COUNTS[document.locale]] if document.locale in _COUNTS else [])
    places = [(s.text, s.line, s.column) for s in document.sentences]
    message = document.guide and document.guide.meta.text_message
    if message:
        places.append((re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", message),
                       document.guide.front.line_of(("text_message",)), 1))
    seen, known = set(), None
    for text, line, column in places:
        if not _DIGIT.search(text):
            continue  # every pattern needs a digit, and most sentences have none
        for pattern in patterns:
            for match in pattern.finditer(text):
                written = match.group(0).strip(" ,.،\u00a0")
                if (line, written) in seen:
                    continue
                seen.add((line, written))
                known = _known(document, context) if known is None else known  # only for a page with a finding
                yield Finding("facts.typed", "warning", document.path, line, column + match.start(),
                              f"'{written}' is a fact that can change. {_advice(written, known)}",
                              None, document.locale)


def _known(document, context) -> list[tuple[str, object]]:
    """(name, fact) for every fact of the nations this guide serves."""
    project = context.project
    if project is None:
        return []
    nations = document.guide.meta.nations if document.guide else facts.NATIONS  # a draft: both nations
    return [(name, fact) for nation in nations for name, fact in facts.for_nation(project.facts, nation).items()]


def _advice(written: str, known: list) -> str:
    """Name the fact that was meant: the same number, money for money, and a name that says the
    same unit ("10 school days" is holiday_days_allowed, not fine_within_school_weeks)."""
    digits = re.sub(r"\D", "", written)
    money = "£" in written
    same = [name for name, fact in known
            if digits == re.sub(r"\D", "", str(fact.value)) and (fact.unit == "pounds") == money]
    unit = re.search(r"(day|week|month|hour|mile|year)", written.lower())
    same.sort(key=lambda name: not (unit and unit.group(1) in name))
    if same:
        return f"Write {{{{ facts.{same[0]} }}}} instead (content/facts/)."
    return ("Add it to content/facts/ (all.yml, england.yml or wales.yml) with its source and the day you "
            "checked it, then write {{ facts.its_name }} here.")


def stale(document, context):
    """facts.stale: a fact this guide uses was last checked over a year ago. Laws and amounts change:
    check it against its source and update `checked` (the finding is on every guide that uses it)."""
    project, guide = context.project, document.guide
    if project is None or guide is None or document.locale != "en":
        return  # translations show the same facts: the English guide carries the warning
    today = context.today or clock.today()
    by_nation = {nation: facts.for_nation(project.facts, nation) for nation in guide.meta.nations}
    for name in facts.used_in(_template_text(guide)):
        for nation, known in by_nation.items():
            fact = known.get(name)
            if fact is not None and facts.is_stale(fact, today):
                yield Finding("facts.stale", "warning", document.path, _line_of(document, name), 1,
                              f"The fact '{name}' ({nation}) was last checked on {fact.checked:%-d %B %Y}, over a "
                              f"year ago. Check it against {fact.source}, then update its value and 'checked' "
                              f"in content/facts/.", None, document.locale)
                break


def _template_text(guide) -> str:
    meta = guide.meta
    return "\n".join([meta.title, meta.summary, *meta.key_points, meta.text_message or "", guide.body])


def _line_of(document, name: str) -> int:
    use = re.compile(r"\bfacts\s*\.\s*" + re.escape(name) + r"\b")
    for number, text in enumerate(document.markdown.splitlines(), document.markdown_first_line):
        if use.search(text):
            return number
    return document.guide.front.line_of(("text_message",))  # used in the front matter


_FINE = "Ask the school before you book a holiday. {{ facts.holiday_fine }} is the fine."

CHECKS = [
    Check("facts.typed", typed,
          Examples(flag=["---\n---\nThe fine is £80 for each parent.", "---\n---\nRing Childline on 0800 1111.",
                         "---\ntitle: A\n---\nA draft whose title is too short: the fine is £80.",
                         "---\n---\nThe council must decide within 20 weeks.",
                         '---\ntext_message: "Fines are now 80 £. {{ page_url }}"\n---\nText.'],
                   clean=["---\n---\n" + _FINE, "---\n---\nCome 10 minutes early. Year 6 is the last year.",
                          "---\n---\nThe Diplomas were for 14 to 19 year olds.",
                          "Ring 0800 1111."])),  # not a guide: CONTRIBUTING.md may give numbers
    Check("facts.stale", stale,
          Examples(flag=["---\n---\n" + _FINE], clean=["---\n---\nAsk the school before you book a holiday."],
                   today=dt.date(2030, 1, 1)),
          scope="guide"),
]
