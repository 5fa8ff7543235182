"""`guides bank-holidays update FILE.json`: refresh the shipped GOV.UK feed from a downloaded copy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support import REPO, run_guides
from toolkit.calendar import read_feed, update_bank_holidays
from toolkit.errors import UnreadableInput

SHIPPED = REPO / "toolkit/data/bank_holidays.json"


@pytest.fixture
def shipped_copy(tmp_path) -> Path:
    target = tmp_path / "bank_holidays.json"
    target.write_bytes(SHIPPED.read_bytes())
    return target


def test_the_shipped_feed_is_the_gov_uk_feed_with_england_and_wales():
    dates = read_feed(SHIPPED)
    assert dates[0][0].year == 2012 and dates[-1][0].year >= 2027
    assert any(title == "Early May bank holiday" for _, title in dates)


def test_a_downloaded_feed_replaces_the_copy_and_says_what_changed(shipped_copy, tmp_path):
    feed = json.loads(SHIPPED.read_text(encoding="utf-8"))
    events = feed["england-and-wales"]["events"]
    removed = events.pop(0)
    events.append({"title": "Extra bank holiday", "date": "2029-06-01", "notes": "", "bunting": True})
    downloaded = tmp_path / "bank-holidays.json"
    downloaded.write_text(json.dumps(feed), encoding="utf-8")
    message = update_bank_holidays(downloaded, shipped_copy)
    assert "up to 2029-06-01" in message
    assert "  added    2029-06-01 Extra bank holiday" in message
    assert f"  removed  {removed['date']} {removed['title']}" in message
    assert shipped_copy.read_bytes() == downloaded.read_bytes()
    again = update_bank_holidays(downloaded, shipped_copy)
    assert again.startswith("The bank holidays are up to date")


@pytest.mark.parametrize("content,expected", [
    ('{"hello": "world"}', "there is no 'england-and-wales' list of events"),
    ("<html>Bank holidays</html>", "it is not JSON"),
    ('{"england-and-wales": {"events": [{"title": "Boxing Day", "date": "26/12/2027"}]}}', "event 1 of"),
    ('{"england-and-wales": {"events": []}}', "it lists no bank holidays"),
])
def test_a_file_that_is_not_the_feed_is_refused_and_changes_nothing(shipped_copy, tmp_path, content, expected):
    before = shipped_copy.read_bytes()
    wrong = tmp_path / "wrong.json"
    wrong.write_text(content, encoding="utf-8")
    with pytest.raises(UnreadableInput) as refused:
        update_bank_holidays(wrong, shipped_copy)
    assert "this is not the GOV.UK bank holidays feed" in refused.value.render() and expected in refused.value.render()
    assert shipped_copy.read_bytes() == before


def test_the_command_refuses_bad_files_without_a_traceback(tmp_path):
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"hello": "world"}', encoding="utf-8")
    before = SHIPPED.read_bytes()
    for path in (wrong, tmp_path / "nowhere.json"):
        result = run_guides("bank-holidays", "update", str(path), cwd=REPO)
        assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "not the GOV.UK bank holidays feed" in run_guides("bank-holidays", "update", str(wrong), cwd=REPO).stderr
    assert SHIPPED.read_bytes() == before
