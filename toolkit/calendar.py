"""Term dates for a school year: the authority's terms, a school's own terms and INSET days, and
the bank holidays that fall in term, as a list for a page and as an iCalendar file for a phone.

Academies and voluntary-aided schools may set their own terms (`term_dates` in the school's file
replaces the authority's); INSET (training) days are per school. Bank holidays come from the
GOV.UK feed shipped in toolkit/data/bank_holidays.json (refresh it with `guides bank-holidays
update`). The calendar is built with the icalendar library; every event has a UID made from what
it is and when, so a phone that subscribes does not see it twice after an update.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import Problem, UnreadableInput

BANK_HOLIDAYS = Path(__file__).parent / "data" / "bank_holidays.json"
DIVISIONS = {"England": "england-and-wales", "Wales": "england-and-wales"}


@dataclass(frozen=True)
class Event:
    kind: str  # "term-start", "term-end", "half-term", "inset", "bank-holiday"
    summary: str
    start: dt.date
    end: dt.date  # the last day, inclusive

    def uid(self, scope: str) -> str:
        return f"{scope}-{self.kind}-{self.start.isoformat()}@parent-guides"


@lru_cache(maxsize=4)
def _feed(path: Path, modified: int) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def bank_holidays(nation: str, path: Path = BANK_HOLIDAYS) -> list[tuple[dt.date, str]]:
    feed = _feed(path, path.stat().st_mtime_ns)
    events = feed[DIVISIONS.get(nation, "england-and-wales")]["events"]
    return [(dt.date.fromisoformat(e["date"]), e["title"]) for e in events]


def school_year(authority, school=None, words: dict | None = None) -> list[Event]:
    """Every event of the year, in date order. `words` are the page's interface words."""
    words = words or {}
    terms = (school.term_dates if school is not None and school.term_dates else None) or authority.term_dates
    events = []
    for term in terms:
        events.append(Event("term-start", words.get("term_starts", "{term} starts").format(term=term.name),
                            term.starts, term.starts))
        events.append(Event("term-end", words.get("term_ends", "{term} ends").format(term=term.name),
                            term.ends, term.ends))
        if term.half_term:
            events.append(Event("half-term", words.get("half_term", "Half term: no school"),
                                term.half_term.starts, term.half_term.ends))
    if school is not None:
        events += [Event("inset", words.get("inset_day", "Training day: no school for pupils"), day, day)
                   for day in school.inset_days]
    if terms:  # only the bank holidays that close the school in term time
        events += [Event("bank-holiday", words.get("bank_holiday", "{holiday}: no school").format(holiday=title), day, day)
                   for day, title in bank_holidays(authority.nation)
                   if any(t.starts <= day <= t.ends for t in terms)]
    return sorted(events, key=lambda e: (e.start, e.kind))


def to_ical(events: list[Event], name: str, scope: str) -> bytes:
    """`scope` (the authority, or the school's URN) keeps UIDs apart across calendars on one phone."""
    from icalendar import Calendar, Event as CalendarEvent

    calendar = Calendar()
    calendar.add("prodid", "-//Parent Guides//Term dates//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    # A fixed stamp (the start of the school year), so that the same dates make the same file.
    stamp = dt.datetime.combine(events[0].start, dt.time(0, 0), dt.timezone.utc) if events else None
    for event in events:
        entry = CalendarEvent()
        entry.add("uid", event.uid(scope))
        entry.add("summary", event.summary)
        entry.add("dtstart", event.start)
        entry.add("dtend", event.end + dt.timedelta(days=1))  # all-day events end the day after
        entry.add("dtstamp", stamp)
        entry.add("transp", "TRANSPARENT")
        calendar.add_component(entry)
    return calendar.to_ical()


def update_bank_holidays(downloaded: Path, target: Path = BANK_HOLIDAYS) -> str:
    """Replace the shipped feed with a downloaded copy of https://www.gov.uk/bank-holidays.json."""
    try:
        feed = json.loads(downloaded.read_text(encoding="utf-8"))
        events = feed["england-and-wales"]["events"]
        dates = [dt.date.fromisoformat(e["date"]) for e in events]
        titles = [str(e["title"]) for e in events]
    except FileNotFoundError:
        raise UnreadableInput(Problem(downloaded, None, "this file does not exist.")) from None
    except (ValueError, KeyError, TypeError) as error:
        raise UnreadableInput(Problem(downloaded, None, "this is not the GOV.UK bank holidays feed "
                                      f"(https://www.gov.uk/bank-holidays.json): {error}.")) from None
    if len(dates) != len(titles) or not dates:
        raise UnreadableInput(Problem(downloaded, None, "the feed lists no bank holidays for England and Wales."))
    old = {e["date"] for e in json.loads(target.read_text(encoding="utf-8"))["england-and-wales"]["events"]}
    added = sorted({d.isoformat() for d in dates} - old)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_text(json.dumps(feed, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(temporary, target)
    return (f"Bank holidays updated: {len(dates)} dates for England and Wales, up to {max(dates).isoformat()}"
            + (f"; new: {', '.join(added)}." if added else "; no new dates."))
