"""Term dates for a school: the authority's terms or the school's own, its INSET days, and the bank
holidays that fall in term, as events for a page and as an iCalendar file for a phone.

Academies and voluntary-aided schools may set their own terms (`term_dates` in the school's file
replaces the authority's); INSET (training) days are per school. Bank holidays come from the
GOV.UK feed shipped in toolkit/data/bank_holidays.json (refresh it with `guides bank-holidays
update`). The calendar is built with the icalendar library (RFC 5545); every event has a UID made
from what it is and when, so a phone that subscribes does not see an event twice after an update.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from pathlib import Path

from .errors import Problem, UnreadableInput
from .schemas import in_language

BANK_HOLIDAYS = Path(__file__).parent / "data" / "bank_holidays.json"
DIVISION = "england-and-wales"  # GOV.UK's feed has one division for both nations this project serves
FEED_URL = "https://www.gov.uk/bank-holidays.json"


@dataclass(frozen=True)
class Event:
    kind: str  # "term-start", "term-end", "half-term", "inset", "bank-holiday"
    summary: str
    start: dt.date
    end: dt.date  # the last day, inclusive

    def uid(self, scope: str) -> str:
        return f"{scope}-{self.kind}-{self.start.isoformat()}@parent-guides"


@dataclass
class TermDates:
    """One school's (or an authority's) year: which terms apply and what closes the school in them."""

    terms: list  # schemas.Term
    own_terms: bool  # the school sets its own instead of the authority's
    inset_days: list[dt.date]
    bank_holidays: list[tuple[dt.date, str]]

    @classmethod
    def of(cls, authority, school=None) -> TermDates:
        own = bool(school is not None and school.term_dates)
        return cls(terms=school.term_dates if own else authority.term_dates, own_terms=own,
                   inset_days=sorted(set(school.inset_days)) if school is not None else [],
                   bank_holidays=bank_holidays())

    def in_term(self, day: dt.date) -> bool:
        """A school day, but for closures: inside a term and not in its half term."""
        return any(t.starts <= day <= t.ends and not (t.half_term and t.half_term.starts <= day <= t.half_term.ends)
                   for t in self.terms)

    def events(self, words: dict | None = None, locale: str = "en") -> list[Event]:
        """Every event, in date order, in the site's language. `words` are the site's interface words
        (content/ui.yml or locales/<locale>/ui.yml)."""
        words = words or {}
        events = []
        for term in self.terms:
            name = in_language(term.name, locale)
            events.append(Event("term-start", words.get("term_starts", "{term} starts").format(term=name),
                                term.starts, term.starts))
            events.append(Event("term-end", words.get("term_ends", "{term} ends").format(term=name),
                                term.ends, term.ends))
            if term.half_term:
                events.append(Event("half-term", words.get("half_term", "Half term: no school"),
                                    term.half_term.starts, term.half_term.ends))
        inset = words.get("inset_day", "Training day: no school for pupils")
        events += [Event("inset", inset, day, day) for day in self.inset_days]
        # Only the bank holidays that close the school on a day it would be open: not those in the
        # holidays or in a half term, which the calendar shows already.
        holiday = words.get("bank_holiday", "{holiday}: no school")
        events += [Event("bank-holiday", holiday.format(holiday=holiday_name(title, words)), day, day)
                   for day, title in self.bank_holidays if self.in_term(day)]
        return sorted(events, key=lambda e: (e.start, e.kind))


# The feed is in English (GOV.UK's Welsh one, gwyliau-banc.json, is not shipped); the site's interface
# words name the bank holidays that come every year. A one-off (a coronation) keeps its English name.
HOLIDAY_WORDS = {
    "New Year’s Day": "holiday_new_year",
    "Good Friday": "holiday_good_friday",
    "Easter Monday": "holiday_easter_monday",
    "Early May bank holiday": "holiday_early_may",
    "Spring bank holiday": "holiday_spring",
    "Summer bank holiday": "holiday_summer",
    "Christmas Day": "holiday_christmas",
    "Boxing Day": "holiday_boxing_day",
}


def holiday_name(title: str, words: dict) -> str:
    return words.get(HOLIDAY_WORDS.get(title, ""), title)


def school_year(authority, school=None, words: dict | None = None, locale: str = "en") -> list[Event]:
    """Every event of the school's (or, without a school, the authority's) term dates."""
    return TermDates.of(authority, school).events(words, locale)


def school_year_of(day: dt.date) -> int:
    """The year a school year starts in: terms start in late August or September."""
    return day.year if day.month >= 8 else day.year - 1


def by_school_year(events: list[Event], today: dt.date | None = None) -> list[tuple[int, list[Event]]]:
    """Events grouped by school year (2026 for 2026 to 2027), leaving out years that are over."""
    years = [(year, list(group)) for year, group in groupby(events, key=lambda e: school_year_of(e.start))]
    return [(year, group) for year, group in years if today is None or max(e.end for e in group) >= today]


def to_ical(events: list[Event], name: str, scope: str) -> bytes:
    """An iCalendar file of all-day events. `scope` (the authority, or the school's URN) keeps UIDs
    apart when one phone subscribes to several calendars."""
    from icalendar import Calendar
    from icalendar.parser import Contentline

    kind = Calendar.types_factory.for_property  # each written as icalendar writes its property
    values = {_NAME: _calendar_name(name).to_ical().decode(), _SCOPE: kind("uid")(scope).to_ical().decode()}
    return b"".join(line if isinstance(line, bytes) else
                    Contentline(_MARK.sub(lambda mark: values[mark[0]], line)).to_ical() + b"\r\n"
                    for line in _calendar_lines(tuple(events)))


# The schools of an authority mostly share their term dates, so each school's calendar differs only
# in its name and the UIDs' scope. The calendar is made once for each set of dates, with these marks
# in their place: only the lines that have them are written again for each school (then folded, as
# the iCalendar standard asks of long lines).
_NAME, _SCOPE = "\ue000name\ue001", "\ue000scope\ue001"
_MARK = re.compile(f"{_NAME}|{_SCOPE}")


@lru_cache(maxsize=32)
def _calendar_lines(events: tuple[Event, ...]) -> tuple[bytes | str, ...]:
    """The calendar's lines: each ready to write (bytes), or still to fill in with a name or scope."""
    lines = calendar_of(list(events), _NAME, _SCOPE).content_lines()
    return tuple(str(line) if _MARK.search(line) else line.to_ical() + b"\r\n" for line in lines if line)


def _calendar_name(name: str):
    """The calendar's name as text, escaped as the standard asks (a line break, a comma): icalendar
    writes a property it does not know, as X-WR-CALNAME is, just as it is given, and a school's name
    with a line break in it would end the line."""
    from icalendar import vText

    return vText(name)


def calendar_of(events: list[Event], name: str, scope: str):
    """The events as an icalendar Calendar."""
    from icalendar import Calendar, Event as CalendarEvent

    calendar = Calendar()
    calendar.add("prodid", "-//Parent Guides//Term dates//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _calendar_name(name))
    # Ask subscribed calendars to look for changes once a day (RFC 7986, and the older Microsoft name).
    calendar.add("refresh-interval", dt.timedelta(days=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "P1D")
    # A fixed stamp (the first event's day), so that the same dates always make the same file.
    stamp = dt.datetime.combine(events[0].start, dt.time(0, 0), dt.timezone.utc) if events else None
    for event in events:
        entry = CalendarEvent()
        entry.add("uid", event.uid(scope))
        entry.add("summary", event.summary)
        entry.add("dtstart", event.start)
        entry.add("dtend", event.end + dt.timedelta(days=1))  # all-day events end the day after
        entry.add("dtstamp", stamp)
        entry.add("transp", "TRANSPARENT")  # a day off school does not make a parent busy
        calendar.add_component(entry)
    return calendar


# --- the GOV.UK bank holidays feed ----------------------------------------------------------------


@lru_cache(maxsize=4)
def _feed(path: Path, modified: int) -> tuple[tuple[dt.date, str], ...]:
    return tuple(read_feed(path))


def bank_holidays(path: Path = BANK_HOLIDAYS) -> list[tuple[dt.date, str]]:
    """England and Wales's bank holidays, read once per run (again if the file changes)."""
    return list(_feed(path, path.stat().st_mtime_ns))


def read_feed(path: Path) -> list[tuple[dt.date, str]]:
    """The England and Wales dates of a GOV.UK bank holidays feed, refusing anything else."""
    def refuse(why: str) -> UnreadableInput:
        return UnreadableInput(Problem(path, None, f"this is not the GOV.UK bank holidays feed ({why}). Download "
                                       f"it again from {FEED_URL}."))

    try:
        feed = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise UnreadableInput(Problem(path, None, "this file does not exist. Check the name and folder.")) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise refuse(f"it is not JSON: {error}") from None
    division = feed.get(DIVISION) if isinstance(feed, dict) else None
    if not isinstance(division, dict) or not isinstance(division.get("events"), list):
        raise refuse(f"there is no '{DIVISION}' list of events")
    dates = []
    for number, event in enumerate(division["events"], 1):
        try:
            dates.append((dt.date.fromisoformat(event["date"]), str(event["title"])))
        except (KeyError, TypeError, ValueError):
            raise refuse(f"event {number} of '{DIVISION}' has no date like 2027-05-03 and title") from None
    if not dates:
        raise refuse(f"it lists no bank holidays for '{DIVISION}'")
    return sorted(dates)


def update_bank_holidays(downloaded: Path, target: Path = BANK_HOLIDAYS) -> str:
    """Replace the shipped feed with a downloaded copy, after checking it; say what changed."""
    new = read_feed(downloaded)
    old = read_feed(target) if target.exists() else []
    added, removed = sorted(set(new) - set(old)), sorted(set(old) - set(new))
    if not added and not removed:
        return f"The bank holidays are up to date: {len(new)} dates for England and Wales, up to {new[-1][0]}."
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_bytes(downloaded.read_bytes())
    os.replace(temporary, target)
    lines = [f"Bank holidays updated: {len(new)} dates for England and Wales, up to {new[-1][0]}."]
    lines += [f"  added    {day} {title}" for day, title in added]
    lines += [f"  removed  {day} {title}" for day, title in removed]
    return "\n".join(lines)
