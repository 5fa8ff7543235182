"""Term dates: the authority's, a school's own, INSET days and bank holidays, as a page and as a
calendar file that parses back with the right events."""

from __future__ import annotations

import datetime as dt
import json

from icalendar import Calendar

from support import REPO, page_text, run_guides
from toolkit.calendar import school_year, to_ical, update_bank_holidays
from toolkit.model import load_project


def test_a_schools_calendar_parses_back_with_its_events():
    project = load_project(REPO)
    doncaster = project.authorities["doncaster"]
    school = doncaster.schools[990101].model_copy(update={"inset_days": [dt.date(2026, 9, 2)]})
    calendar = Calendar.from_ical(to_ical(school_year(doncaster.data, school), "Millbrook", "990101"))
    events = {(str(e["summary"]), e.decoded("dtstart"), e.decoded("dtend")) for e in calendar.walk("VEVENT")}
    assert ("Autumn term 2026 starts", dt.date(2026, 9, 3), dt.date(2026, 9, 4)) in events
    assert ("Half term: no school", dt.date(2026, 10, 26), dt.date(2026, 10, 31)) in events
    assert ("Training day: no school for pupils", dt.date(2026, 9, 2), dt.date(2026, 9, 3)) in events
    assert ("Early May bank holiday: no school", dt.date(2027, 5, 3), dt.date(2027, 5, 4)) in events
    assert not [e for e in events if e[0].startswith("Christmas")]  # in the holidays, not in term
    uids = [str(e["uid"]) for e in calendar.walk("VEVENT")]
    assert len(uids) == len(set(uids)) and all(uid.startswith("990101-") for uid in uids)


def test_a_school_with_its_own_terms_uses_them():
    project = load_project(REPO)
    doncaster = project.authorities["doncaster"]
    own = doncaster.data.term_dates[0].model_copy(update={"name": "Academy autumn term", "starts": dt.date(2026, 9, 1)})
    school = doncaster.schools[990102].model_copy(update={"term_dates": [own]})
    summaries = [e.summary for e in school_year(doncaster.data, school)]
    assert "Academy autumn term starts" in summaries and "Spring term 2027 starts" not in summaries


def test_the_site_has_a_term_dates_page_and_a_calendar_per_school(built):
    page = page_text(built / "doncaster/en/term-dates/index.html")
    assert "Autumn term 2026 starts" in page and "Thursday, 3 September 2026" in page
    school = page_text(built / "doncaster/en/schools/990101/index.html")
    assert "Add the term dates to your phone" in school
    assert Calendar.from_ical((built / "doncaster/en/schools/990101.ics").read_bytes()).walk("VEVENT")
    welsh = built / "cardiff/cy/term-dates/index.html"
    assert welsh.exists()


def test_bank_holidays_refresh_from_a_downloaded_feed(tmp_path):
    shipped = REPO / "toolkit/data/bank_holidays.json"
    target = tmp_path / "bank_holidays.json"
    target.write_bytes(shipped.read_bytes())
    feed = json.loads(shipped.read_text())
    feed["england-and-wales"]["events"].append({"title": "Extra bank holiday", "date": "2029-06-01", "notes": "",
                                                "bunting": True})
    downloaded = tmp_path / "bank-holidays.json"
    downloaded.write_text(json.dumps(feed))
    message = update_bank_holidays(downloaded, target)
    assert "new: 2029-06-01" in message
    assert "Extra bank holiday" in target.read_text()


def test_a_file_that_is_not_the_feed_is_refused(tmp_path):
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"hello": "world"}')
    result = run_guides("bank-holidays", "update", str(wrong), cwd=REPO)
    assert result.returncode == 2 and "not the GOV.UK bank holidays feed" in result.stderr
