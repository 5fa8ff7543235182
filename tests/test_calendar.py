"""Term dates: the authority's, a school's own, INSET days and the bank holidays in term, as a page
and as an iCalendar file that parses back (with the icalendar library) with the right events."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import unquote

import pytest
from icalendar import Calendar

from support import example_root, page_text, run_guides
from toolkit.calendar import TermDates, by_school_year, school_year, to_ical
from toolkit.errors import DataError
from toolkit.model import load_project
from toolkit.schemas import Term


@pytest.fixture(scope="module")
def doncaster():
    return load_project(example_root()).authorities["doncaster"]


def _events(calendar: Calendar) -> set[tuple]:
    return {(str(e["summary"]), e.decoded("dtstart"), e.decoded("dtend")) for e in calendar.walk("VEVENT")}


def test_a_schools_calendar_parses_back_with_its_events(doncaster):
    school = doncaster.schools[990101].model_copy(update={"inset_days": [dt.date(2026, 9, 2), dt.date(2026, 9, 2)]})
    calendar = Calendar.from_ical(to_ical(school_year(doncaster.data, school), "Millbrook: Term dates", "990101"))
    assert str(calendar["x-wr-calname"]) == "Millbrook: Term dates"
    assert str(calendar["prodid"]) == "-//Parent Guides//Term dates//EN" and str(calendar["version"]) == "2.0"
    events = _events(calendar)
    assert ("Autumn term 2026 starts", dt.date(2026, 9, 3), dt.date(2026, 9, 4)) in events
    assert ("Half term: no school", dt.date(2026, 10, 26), dt.date(2026, 10, 31)) in events  # end is exclusive
    assert ("Summer term 2027 ends", dt.date(2027, 7, 21), dt.date(2027, 7, 22)) in events
    assert ("Early May bank holiday: no school", dt.date(2027, 5, 3), dt.date(2027, 5, 4)) in events
    training = [e for e in events if e[0] == "Training day: no school for pupils"]
    assert training == [("Training day: no school for pupils", dt.date(2026, 9, 2), dt.date(2026, 9, 3))]
    assert all(type(e[1]) is dt.date for e in events)  # all-day events, not midnight times
    assert len(events) == 3 * 3 + 1 + 1


def test_only_bank_holidays_on_school_days_are_listed(doncaster):
    """Christmas is in the holidays and the Spring bank holiday (31 May 2027) in half term: the
    calendar shows those already, so only days the school would otherwise be open are added."""
    holidays = [e for e in school_year(doncaster.data) if e.kind == "bank-holiday"]
    assert [(e.start, e.summary) for e in holidays] == [(dt.date(2027, 5, 3), "Early May bank holiday: no school")]


def test_a_school_with_its_own_terms_uses_them_instead_of_the_authoritys(doncaster):
    own = Term(name="Academy autumn term", starts=dt.date(2026, 9, 1), ends=dt.date(2026, 12, 16))
    school = doncaster.schools[990102].model_copy(update={"term_dates": [own]})
    dates = TermDates.of(doncaster.data, school)
    assert dates.own_terms
    summaries = [e.summary for e in dates.events()]
    assert summaries == ["Academy autumn term starts", "Academy autumn term ends"]


def test_uids_are_stable_so_a_subscribed_phone_does_not_duplicate_events(doncaster):
    school = doncaster.schools[990101]
    first = to_ical(school_year(doncaster.data, school), "Millbrook", "990101")
    assert to_ical(school_year(doncaster.data, school), "Millbrook", "990101") == first  # same dates, same bytes
    moved = school.model_copy(update={"inset_days": [dt.date(2027, 1, 4)]})
    uids = lambda data: {str(e["uid"]) for e in Calendar.from_ical(data).walk("VEVENT")}  # noqa: E731
    again = uids(to_ical(school_year(doncaster.data, moved), "Millbrook", "990101"))
    assert uids(first) < again and again - uids(first) == {"990101-inset-2027-01-04@parent-guides"}
    other = uids(to_ical(school_year(doncaster.data, doncaster.schools[990102]), "Ashcroft", "990102"))
    assert not uids(first) & other  # two schools' calendars on one phone stay apart


def test_the_page_groups_the_dates_by_school_year_and_leaves_out_years_that_are_over(doncaster):
    events = school_year(doncaster.data)
    assert [year for year, _ in by_school_year(events)] == [2026]
    assert by_school_year(events, today=dt.date(2027, 7, 21)) != []
    assert by_school_year(events, today=dt.date(2027, 7, 22)) == []


def test_a_half_term_outside_its_term_is_an_error_with_its_line(repo):
    path = repo / "authorities/doncaster/authority.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("half_term: {starts: 2026-10-26, ends: 2026-10-30}",
                                                             "half_term: {starts: 2026-12-26, ends: 2026-12-30}"))
    with pytest.raises(DataError) as error:
        load_project(repo)
    message = error.value.render()
    assert "authorities/doncaster/authority.yml:" in message
    assert "the half term (2026-12-26 to 2026-12-30) is not inside the term (2026-09-03 to 2026-12-18)" in message


def test_the_site_has_a_term_dates_page_and_a_calendar_per_school(built):
    page = page_text(built / "doncaster/en/term-dates/index.html")
    assert "2026–2027" in page and "Autumn term 2026 starts" in page and "Thursday, 3 September 2026" in page
    assert "These schools set their own term dates" in page and "St Aidan" in page
    assert Calendar.from_ical((built / "doncaster/en/term-dates.ics").read_bytes()).walk("VEVENT")
    school = page_text(built / "doncaster/en/schools/990101/index.html")
    assert "Add the term dates to your phone's calendar" in school and "Summer term 2027 ends" in school
    assert 'href="../990101.ics"' in (built / "doncaster/en/schools/990101/index.html").read_text(encoding="utf-8")
    calendar = Calendar.from_ical((built / "doncaster/en/schools/990101.ics").read_bytes())
    assert str(calendar["x-wr-calname"]) == "Millbrook Primary School: Term dates"
    own = page_text(built / "doncaster/en/schools/990105/index.html")
    assert "This school sets its own term dates." in own and "Wednesday, 2 September 2026" in own
    assert (built / "cardiff/cy/term-dates/index.html").exists()


def test_a_phone_can_subscribe_to_the_calendar_so_that_it_follows_changes(built, repo):
    html = (built / "doncaster/en/schools/990101/index.html").read_text(encoding="utf-8")
    webcal = re.search(r'href="(webcal://[^"]+)"', html).group(1)
    # The subscription address is the published address of the same file the download link gives.
    assert webcal == "webcal://parent-guides.example.org/doncaster/en/schools/990101.ics"
    assert (built / webcal.removeprefix("webcal://parent-guides.example.org/")).is_file()
    google = re.search(r'href="(https://calendar\.google\.com/[^"]+)"', html).group(1)
    assert unquote(google.split("cid=", 1)[1]) == "https://parent-guides.example.org/doncaster/en/schools/990101.ics"

    # Without a published address there is nothing to subscribe to: only the download is offered.
    authority = repo / "authorities/doncaster/authority.yml"
    authority.write_text(re.sub(r"(?m)^site_url:.*\n", "", authority.read_text(encoding="utf-8")), encoding="utf-8")
    result = run_guides("build", "--authority", "doncaster", "--locale", "en", "--out", str(repo / "site"), cwd=repo)
    assert result.returncode == 0, result.stderr
    html = (repo / "site/doncaster/en/schools/990101/index.html").read_text(encoding="utf-8")
    assert 'href="../990101.ics"' in html and "webcal:" not in html and "calendar.google" not in html


@pytest.mark.parametrize("name", ["Millbrook", "St Mary's, Church; of \\ England: Term dates",
                                  "Ysgol Gynradd Gymraeg Pen-y-bont ar Ogwr – Dyddiadau’r tymor " * 3,
                                  "\\" * 80, "مدرسہ " * 30, "A school called \ue000name\ue001 and \ue000scope\ue001",
                                  "Two\nlines\r\nof a name"])
def test_each_schools_calendar_is_the_one_icalendar_makes_for_it(doncaster, name):
    """Calendars are made once for each set of dates, and the name and scope written in for each school:
    the bytes must be icalendar's own, long lines folded where it folds them."""
    from toolkit.calendar import calendar_of

    events = school_year(doncaster.data, doncaster.schools[990101])
    for scope in ("990101", "a,b;c"):
        assert to_ical(events, name, scope) == calendar_of(events, name, scope).to_ical()
    assert to_ical([], name, "990101") == calendar_of([], name, "990101").to_ical()
    # One line for the name, however it is written: a line break in it must not end the line.
    lines = to_ical(events, name, "990101").decode("utf-8").replace("\r\n ", "").split("\r\n")
    assert len([line for line in lines if line.startswith("X-WR-CALNAME:")]) == 1
    assert all(":" in line or ";" in line for line in lines if line)
