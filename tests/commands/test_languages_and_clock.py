"""Language codes checked at the door, drafts, empty guides and a clock that a user or test can set."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from attacked import first_authority
from support import run_guides


@pytest.mark.parametrize("command", [["check"], ["status"], ["build", "--out", "site"]])
def test_a_mistyped_language_folder_is_named_with_the_code_meant(repo, command):
    (repo / "locales/wl/guides").mkdir(parents=True)
    guide = next((repo / "content/guides").glob("*.md"))
    (repo / "locales/wl/guides" / guide.name).write_text(guide.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_guides(*command, cwd=repo)
    assert result.returncode == 2
    assert "locales/wl: 'wl' is not a language code we know. Did you mean 'cy'?" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [["check", "--locale", "xx"], ["status", "--locale", "xx"],
                                     ["translate", "{guide}", "--locale", "wl"], ["build", "--locale", "xx"]])
def test_a_mistyped_locale_option_is_bad_usage_with_the_valid_ones(repo, command):
    guide = sorted(p.stem for p in (repo / "content/guides").glob("*.md"))[0]
    result = run_guides(*[part.format(guide=guide) for part in command], cwd=repo)
    assert result.returncode == 2
    assert "is not a language" in result.stderr and "Traceback" not in result.stderr
    assert "The languages are:" in result.stderr or "choose one of" in result.stderr


def test_a_language_code_in_authority_yml_is_checked(repo):
    slug, _ = first_authority(repo)
    path = repo / "authorities" / slug / "authority.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("languages: [", "languages: [xq, ", 1), encoding="utf-8")
    result = run_guides("check", cwd=repo)
    assert result.returncode == 2
    assert f"authorities/{slug}/authority.yml:" in result.stderr and "'xq' is not a language code" in result.stderr


def test_mkdocs_preview_of_a_misspelt_authority_is_a_plain_message(repo, tmp_path):
    config = repo / "mkdocs.yml"
    slug, _ = first_authority(repo)
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^(\s+authority:) \S+", rf"\1 {slug}x", text), encoding="utf-8")

    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "out")], cwd=repo,
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert f"There is no authority called '{slug}x'" in result.stderr and "Traceback" not in result.stderr


def test_a_guide_with_no_text_is_refused(repo):
    guide = next((repo / "content/guides").glob("*.md"))
    front = guide.read_text(encoding="utf-8").split("---", 2)[1]
    guide.write_text(f"---{front}---\n\n", encoding="utf-8")
    checked = run_guides("check", cwd=repo)
    assert checked.returncode == 1
    assert f"content/guides/{guide.name}:" in checked.stdout and "has no text after its front matter" in checked.stdout
    built = run_guides("build", "--out", str(repo / "site"), cwd=repo)
    assert built.returncode == 1 and "has no text after its front matter" in built.stderr


def test_the_clock_can_be_set_for_any_command(repo):
    """`--today` (or GUIDES_TODAY) moves every date-dependent answer: guides reviewed on the shipped
    dates are due for review two years later."""
    late = run_guides("--today", "2099-01-15", "status", "--format", "json", cwd=repo)
    assert late.returncode == 0, late.stderr
    assert len(json.loads(late.stdout)["review_due"]) == len(list((repo / "content/guides").glob("*.md")))
    early = run_guides("--today", "2000-01-01", "status", "--format", "json", cwd=repo)
    assert json.loads(early.stdout)["review_due"] == []
    wrong = run_guides("--today", "2027-13-01", "status", cwd=repo)
    assert wrong.returncode == 2 and "is not a date. Write it as year-month-day" in wrong.stderr


def test_next_year_moves_an_example_councils_dates_on_and_keeps_the_weekdays(repo):
    import datetime as dt

    import yaml

    slug, authority = first_authority(repo)
    path = repo / "authorities" / slug / "authority.yml"
    text = path.read_text(encoding="utf-8")
    if not authority.get("example"):
        text += "\nexample: true\n"
        path.write_text(text, encoding="utf-8")
    before = yaml.safe_load(text)
    result = run_guides("authorities", "next-year", "--authority", slug, cwd=repo)
    assert result.returncode == 0, result.stderr
    after = yaml.safe_load(path.read_text(encoding="utf-8"))
    for old, new in zip(before.get("term_dates") or [], after.get("term_dates") or []):
        assert new["starts"].weekday() == old["starts"].weekday()
        assert abs((new["starts"] - old["starts"]).days - 365) <= 4
        years = [int(y) + 1 for y in re.findall(r"20\d\d", str(old["name"]))]
        assert [int(y) for y in re.findall(r"20\d\d", str(new["name"]))] == years
    for phase, dates in (before.get("admissions") or {}).items():
        for key, day in dates.items():
            if isinstance(day, dt.date):
                assert after["admissions"][phase][key] == day.replace(year=day.year + 1)
    assert "#" in path.read_text(encoding="utf-8") or "#" not in text  # comments kept
    assert run_guides("check", cwd=repo).returncode in (0, 1)  # still reads as valid data (exit 2 would not)


def test_next_year_never_moves_a_real_councils_dates(repo):
    slug, _ = first_authority(repo)
    path = repo / "authorities" / slug / "authority.yml"
    path.write_text(re.sub(r"(?m)^example: true\n?", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    result = run_guides("authorities", "next-year", "--authority", slug, cwd=repo)
    assert result.returncode == 2 and "is a real council" in result.stderr
    assert path.read_text(encoding="utf-8") == before
