"""`guides build` as a user runs it: sites with real details, plain errors, and atomic publishing."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from support import example_root, TODAY, page_text as _text, run_guides
from toolkit.model import load_project


def test_one_site_per_example_authority(built):
    assert (built / "doncaster/en/index.html").is_file()
    assert (built / "cardiff/en/index.html").is_file()
    assert 'url=en/' in (built / "doncaster/index.html").read_text()
    assert 'href="doncaster/"' in (built / "index.html").read_text()


def test_school_page_shows_the_schools_details(built):
    text = _text(built / "doncaster/en/schools/990101/index.html")
    assert "Millbrook Primary School" in text
    assert "01632 960111" in text
    assert "The school day starts at 8:45am and ends at 3:15pm." in text
    assert "Mrs Asha Patel" in text
    school = load_project(example_root()).authorities["doncaster"].schools[990101]
    for day in (d for d in school.parents_evenings if d >= TODAY):  # only those still to come show
        assert f"{day:%A}, {day.day} {day:%B %Y}" in text


def test_school_with_no_local_details_still_reads_well(built):
    text = _text(built / "doncaster/en/schools/990103/index.html")
    assert "Ask the school office what time the day starts and ends." in text
    assert "None" not in text


def test_guides_show_the_authoritys_details_and_say_your_school(built):
    home = _text(built / "doncaster/en/index.html")
    assert "01632 960101" in home  # Doncaster's (made-up) admissions phone number
    guide = _text(built / "doncaster/en/guides/first-day-at-primary-school/index.html")
    assert "Ask the school office what time the day starts" in guide
    assert "Label everything with your child" in guide  # key points open the page
    assert "Facts checked on 24 November 2026" in guide


def test_search_finds_a_guides_key_points(built):
    """The key points are the page's most important words: search must know them, in every language."""
    index = json.loads((built / "doncaster/pl/search/search_index.json").read_text(encoding="utf-8"))
    point = "nie tylko na wywiadówce"  # a key point of the Polish 'talking to the teacher' guide
    assert any(point in doc["text"] and doc["location"].startswith("guides/talking-to-your-childs-teacher/")
               for doc in index["docs"])


def test_example_data_is_labelled_on_every_page(built):
    for page in ["doncaster/en/index.html", "cardiff/en/guides/parents-evening/index.html"]:
        assert "The schools, names and phone numbers on this site are made up." in (built / page).read_text()


def test_authority_colour_is_used(built):
    assert "--md-primary-fg-color:#7a1f2b" in (built / "cardiff/en/index.html").read_text()


def test_no_request_leaves_the_site(built):
    """No fonts, scripts, styles or images from any other site: a reader's visit stays private."""
    loaded = re.compile(r'<(?:link|script|img|iframe|source)\b[^>]*?(?:href|src)="(https?:)?//[^"]*"', re.I)
    for page in built.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        offenders = [m.group(0) for m in loaded.finditer(html) if 'rel="canonical"' not in m.group(0)]
        assert not offenders, f"{page}: {offenders}"
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    for sheet in built.rglob("*.css"):
        assert not re.search(r"@import\s+url\(\s*['\"]?https?:", sheet.read_text(encoding="utf-8"))


def test_misspelt_placeholder_is_a_plain_message(repo):
    guide = repo / "content/guides/parents-evening.md"
    lines = guide.read_text().splitlines()
    number = next(i for i, line in enumerate(lines) if line == "## If you cannot go") + 2
    lines.insert(number, "Welcome to {{ school.nmae }}.")
    guide.write_text("\n".join(lines) + "\n")
    result = run_guides("build", "--out", str(repo / "site"), cwd=repo)
    assert result.returncode == 1
    assert f"content/guides/parents-evening.md:{number + 1}:" in result.stderr
    assert "Did you mean school.name?" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (repo / "site/doncaster").exists()


def test_broken_yaml_and_missing_field_are_plain_messages(repo):
    (repo / "authorities/cardiff/authority.yml").write_text("name: Cardiff\nla_code: [681\n")
    guide = repo / "content/guides/parents-evening.md"
    guide.write_text(guide.read_text().replace("title: Getting the most from parents' evening\n", ""))
    result = run_guides("build", cwd=repo)
    assert result.returncode == 1
    assert "authorities/cardiff/authority.yml:2: the YAML could not be read" in result.stderr
    assert "content/guides/parents-evening.md:2: Add 'title:' to the front matter" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize("command", [("build",), ("status",), ("export", "texts", "--authority", "doncaster")])
def test_a_date_that_does_not_exist_is_named_with_its_line(repo, command):
    school = repo / "authorities/doncaster/schools/990102.yml"
    lines = school.read_text(encoding="utf-8").splitlines()
    number = next(n for n, line in enumerate(lines, 1) if line.startswith("parents_evenings:"))
    lines[number - 1] = "parents_evenings: [2026-11-31]"
    school.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_guides(*command, cwd=repo)
    assert result.returncode != 0
    assert (f"authorities/doncaster/schools/990102.yml:{number}: '2026-11-31' is not a real date "
            "(day is out of range for month)") in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_a_field_a_school_may_leave_empty_is_never_shown_as_none(repo):
    guide = repo / "content/guides/parents-evening.md"
    text = guide.read_text(encoding="utf-8")
    guide.write_text(text.replace("## Before you go", "Breakfast club: {{ school.breakfast_club }}.\n\n## Before you go"),
                     encoding="utf-8")
    line = guide.read_text(encoding="utf-8").splitlines().index("Breakfast club: {{ school.breakfast_club }}.") + 1
    advice = ("'school.breakfast_club' is empty for some schools or councils, so there would be nothing to show. "
              "Put it inside {% if school.breakfast_club %} ... {% endif %}.")

    checked = run_guides("check", "content/guides/parents-evening.md", cwd=repo)
    assert checked.returncode == 1 and f"parents-evening.md:{line}:1: error: " in checked.stdout
    assert advice in checked.stdout and checked.stdout.count(f"parents-evening.md:{line}:1:") == 1  # one finding

    built = run_guides("build", "--authority", "doncaster", "--school", "990102", "--out", str(repo / "site"), cwd=repo)
    assert built.returncode == 1 and f"parents-evening.md:{line}: {advice}" in built.stderr
    assert "Traceback" not in built.stderr


def test_admissions_dates_that_have_passed_are_told_as_past(repo):
    today = TODAY
    authority = repo / "authorities/doncaster/authority.yml"
    text = authority.read_text(encoding="utf-8")
    admissions = (f"admissions:\n  primary:\n    entry: {today + dt.timedelta(days=200)}\n"
                  f"    opens: {today - dt.timedelta(days=60)}\n    closes: {today - dt.timedelta(days=10)}\n"
                  f"    offers: {today + dt.timedelta(days=100)}\n"
                  f"  secondary:\n    entry: {today - dt.timedelta(days=30)}\n    closes: {today - dt.timedelta(days=300)}\n"
                  f"    offers: {today - dt.timedelta(days=200)}\n")
    authority.write_text(re.sub(r"(?ms)^admissions:\n(?:  .*?\n|\n)*?(?=^\S)", admissions, text), encoding="utf-8")
    result = run_guides("build", "--authority", "doncaster", "--locale", "en", "--out", str(repo / "site"), cwd=repo)
    assert result.returncode == 0, result.stderr
    page = _text(repo / "site/doncaster/en/guides/applying-for-a-school-place/index.html")
    assert "The closing date was" in page and "If you have not applied yet, apply now." in page
    assert "You can apply from" not in page  # applications are open already
    assert "You hear which school you have been offered on" in page
    assert "Starting secondary school" not in page  # those children have started: the round is over


def test_unknown_authority_is_bad_usage(repo):
    result = run_guides("build", "--authority", "atlantis", cwd=repo)
    assert result.returncode == 2
    assert "no authority called 'atlantis'" in result.stderr
    assert "cardiff, doncaster" in result.stderr


def test_malicious_template_is_refused_before_anything_is_built(repo):
    guide = repo / "content/guides/parents-evening.md"
    marker = repo / "PWNED"
    guide.write_text(guide.read_text() + f"\n{{{{ cycler.__init__.__globals__.os.system('touch {marker}') }}}}\n")
    result = run_guides("build", cwd=repo)
    assert result.returncode == 1
    assert "content/guides/parents-evening.md:" in result.stderr
    assert not marker.exists()
    assert not (repo / "site/doncaster").exists()


def test_a_mistake_only_the_authoritys_own_site_shows_stops_the_build_before_anything_is_built(repo):
    """In a translation, inside a part only an authority's own site shows: found before any site of
    the build (the English ones, the schools') is published, not when that one site fails."""
    offered = yaml.safe_load((repo / "authorities/doncaster/authority.yml").read_text())["languages"]
    translated = next(repo / "locales" / lang / "guides/parents-evening.md" for lang in offered
                      if (repo / "locales" / lang / "guides/parents-evening.md").is_file())
    translated.write_text(translated.read_text() + "\n{% if not school %}{{ authority.nmae }}{% endif %}\n")
    result = run_guides("build", "--authority", "doncaster", "--schools", "all", "--out", str(repo / "site"),
                        cwd=repo)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{translated.relative_to(repo).as_posix()}:" in result.stderr and "authority.name" in result.stderr
    assert not (repo / "site/doncaster").exists()


def test_a_mistake_on_the_about_page_stops_the_build_before_anything_is_built(repo):
    """Every site renders the about page (content/about.md, or its translation) from a template, as
    it renders a guide: a misspelt field there is found before any site is published."""
    about = repo / "content/about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nRing {{ authority.contactz.general.phone }}.\n",
                     encoding="utf-8")
    line = len(about.read_text(encoding="utf-8").splitlines())
    result = run_guides("build", "--authority", "doncaster", "--out", str(repo / "site"), cwd=repo)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"content/about.md:{line}:" in result.stderr and "authority.contacts" in result.stderr
    assert not (repo / "site/doncaster").exists()


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_killed_build_leaves_the_previous_site_as_it_was(repo):
    out = repo / "site"
    first = run_guides("build", "--authority", "doncaster", "--out", str(out), cwd=repo)
    assert first.returncode == 0, first.stderr
    before = _snapshot(out / "doncaster")
    guide = repo / "content/guides/parents-evening.md"
    guide.write_text(guide.read_text().replace("Getting the most from parents' evening", "A changed title"))

    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    process = subprocess.Popen([sys.executable, "-m", "toolkit", "build", "--authority", "doncaster",
                                "--out", str(out)], cwd=repo, env=env, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    # Wait until MkDocs is writing the new site, then kill the whole build, workers and all.
    while not list((out / ".tmp").glob("*/*/*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert _snapshot(out / "doncaster") == before

    again = run_guides("build", "--authority", "doncaster", "--out", str(out), cwd=repo)
    assert again.returncode == 0, again.stderr
    assert "A changed title" in (out / "doncaster/en/guides/parents-evening/index.html").read_text()
    assert not (out / ".tmp").exists()


def test_mkdocs_at_the_root_previews_the_default_authority(repo, tmp_path):
    """`mkdocs serve` uses the same plugin as this build: the guides filled in for Doncaster."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "preview")],
                            cwd=repo, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Parent Guides: Doncaster" in (tmp_path / "preview/index.html").read_text(encoding="utf-8")
    assert "Label everything" in _text(tmp_path / "preview/guides/first-day-at-primary-school/index.html")


def test_mkdocs_preview_reports_a_broken_guide_plainly(repo, tmp_path):
    guide = repo / "content/guides/parents-evening.md"
    guide.write_text(guide.read_text().replace("{{ school.phone }}", "{{ school.phnoe }}"))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "preview")],
                            cwd=repo, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "content/guides/parents-evening.md" in result.stderr and "school.phone" in result.stderr


def test_a_misspelt_school_field_inside_an_if_is_caught_on_the_authority_build(repo):
    guide = repo / "content/guides/parents-evening.md"
    guide.write_text(guide.read_text().replace("on {{ school.phone }}.", "on {{ school.phnoe }}."))
    result = run_guides("build", "--authority", "doncaster", "--locale", "en", "--out", str(repo / "site"), cwd=repo)
    assert result.returncode == 1
    assert "content/guides/parents-evening.md:" in result.stderr and "Did you mean school.phone?" in result.stderr
