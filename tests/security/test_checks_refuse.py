"""`guides check` names every attack at its line, in plain words, and never stalls or crashes:
a pull request that carries any of them fails before a build could publish it."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from attacked import first_authority
from payloads import (BACKTICK_RUNS, BILLION_LAUGHS, GUIDE_BROKEN, GUIDE_RESOURCES, GUIDE_SSTI, HEADINGS,
                      LONG_NUMBERS, OPEN_BRACKETS, TANGLED_HTML)
from support import run_guides

FRONT = ("---\ntitle: A guide\nsummary: A guide for a test.\naudience: Parents\nreviewed: 2026-11-24\n"
         "key_points: [One., Two., Three.]\nsources:\n  - title: GOV.UK\n    url: https://www.gov.uk/\n---\n")


def _findings(result) -> list[dict]:
    assert "Traceback" not in result.stderr, result.stderr
    return json.loads(result.stdout)


def test_each_html_attack_in_a_guide_is_named_at_its_line(attacked):
    result = run_guides("check", attacked["guide"], "--format", "json", cwd=attacked["root"])
    assert result.returncode == 1, result.stderr
    found = {(f["line"], f["check"]) for f in _findings(result)}
    missing = {line: check for line, check in attacked["expected"].items() if (line, check) not in found}
    assert missing == {}, f"not named at their lines: {missing}"
    assert any(check == "html.front-matter" for _, check in found)


@pytest.mark.parametrize("output", ["text", "github", "sarif"])
def test_html_findings_reach_every_output_format(attacked, output):
    result = run_guides("check", attacked["guide"], "--format", output, cwd=attacked["root"])
    assert result.returncode == 1
    assert "html.element" in result.stdout
    if output == "github":
        line = min(attacked["expected"])
        assert f"::error file={attacked['guide']},line={line}," in result.stdout
    if output == "text":
        assert "Pages can't run scripts: remove <script>." in result.stdout


def _guides(repo: Path, payloads: list[str]) -> list[str]:
    names = []
    for number, payload in enumerate(payloads):
        name = f"content/guides/zz-payload-{number:02d}.md"
        (repo / name).write_text(FRONT + "A first line.\n\n" + payload + "\n", encoding="utf-8")
        names.append(name)
    return names


@pytest.mark.parametrize("payloads", [GUIDE_SSTI, GUIDE_BROKEN], ids=["template injection", "python errors"])
def test_template_injection_and_python_errors_are_findings_at_their_line(repo, payloads):
    names = _guides(repo, payloads)
    result = run_guides("check", *names, "--format", "json", cwd=repo)
    assert result.returncode == 1
    findings = _findings(result)
    for name in names:
        assert [f for f in findings if f["path"] == name and f["check"].startswith("template.") and f["line"] == 13], \
            f"{name} ({payloads[names.index(name)]}) was not refused at its line"
    assert "root:" not in result.stdout and "uid=" not in result.stdout


def test_templates_that_would_stall_or_eat_memory_are_refused_within_seconds(repo):
    names = _guides(repo, GUIDE_RESOURCES)
    started = time.monotonic()
    result = run_guides("check", *names, "--format", "json", cwd=repo, timeout=120)
    took = time.monotonic() - started
    assert result.returncode == 1
    findings = _findings(result)
    for name in names:
        assert [f for f in findings if f["path"] == name and f["check"] == "template.too-big" and f["line"] == 13], \
            f"{name} ({GUIDE_RESOURCES[names.index(name)]}) is not a template.too-big at line 13"
    assert took < 60, f"the check took {took:.0f} s"


def test_a_build_refuses_a_template_that_would_stall_it(repo):
    _guides(repo, [GUIDE_RESOURCES[0], GUIDE_RESOURCES[1]])
    slug, _ = first_authority(repo)
    started = time.monotonic()
    result = run_guides("build", "--authority", slug, "--out", str(repo / "site"), cwd=repo, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "zz-payload-00.md:13: this range() counts more than 100,000 numbers" in result.stderr
    assert "zz-payload-01.md:13: this placeholder repeats text" in result.stderr
    assert time.monotonic() - started < 60
    assert not (repo / "site" / slug).exists()


def test_a_yaml_bomb_in_a_data_file_is_refused_quickly(repo):
    slug, _ = first_authority(repo)
    path = repo / "authorities" / slug / "authority.yml"
    path.write_text(path.read_text(encoding="utf-8") + "\nbomb:\n" + "".join(
        "  " + line + "\n" for line in BILLION_LAUGHS.splitlines()), encoding="utf-8")
    started = time.monotonic()
    result = run_guides("check", cwd=repo, timeout=60)
    assert result.returncode == 2
    assert f"authorities/{slug}/authority.yml:" in result.stderr
    assert "used again elsewhere (*name)" in result.stderr
    assert "Traceback" not in result.stderr and time.monotonic() - started < 30


@pytest.mark.parametrize("key, number", LONG_NUMBERS, ids=["1:2:3...", "5,000 digits", "0xfff..."])
def test_a_number_too_long_to_read_is_refused_quickly_at_its_line(repo, key, number):
    slug, _ = first_authority(repo)
    if key == "value":  # a fact's value: shown on pages as a number
        path = repo / "content" / "facts" / "all.yml"
        text = path.read_text(encoding="utf-8") + f"  long_fact:\n    value: {number}\n    meaning: A fact.\n" \
            "    source: https://www.gov.uk/\n    checked: 2026-11-30\n"
    else:
        path = sorted((repo / "authorities" / slug / "schools").glob("*.yml"))[0]
        text = path.read_text(encoding="utf-8") + f"{key}: {number}\n"
    path.write_text(text, encoding="utf-8")
    line = text.count("\n") - (3 if key == "value" else 0)
    started = time.monotonic()
    result = run_guides("check", cwd=repo, timeout=120)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr[-2000:]
    shown = path.relative_to(repo).as_posix()
    assert f"{shown}:{line}: this number is {len(number):,} characters long" in result.stderr
    assert time.monotonic() - started < 30


@pytest.mark.parametrize("where", ["content/guides/a-folder.md", "authorities/{slug}/schools/999997.yml"])
def test_a_folder_where_a_file_belongs_is_a_plain_message(repo, where):
    slug, _ = first_authority(repo)
    folder = repo / where.format(slug=slug)
    folder.mkdir()
    (folder / "note.txt").write_text("A file in a folder.\n", encoding="utf-8")  # as git would carry it
    result = run_guides("check", cwd=repo)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert f"{where.format(slug=slug)}: this is a folder where a file is expected" in result.stderr


def test_interface_text_with_a_key_that_is_not_a_word_is_refused_at_its_line(repo):
    path = repo / "content" / "ui.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "2026-01-01: hello\n", encoding="utf-8")
    for command in (["check"], ["build", "--out", str(repo / "site")]):
        result = run_guides(*command, cwd=repo)
        assert result.returncode == (2 if command == ["check"] else 1), result.stderr[-2000:]
        assert "Traceback" not in result.stderr
        assert f"content/ui.yml:{text.count(chr(10)) + 1}: ui.yml should be 'key: text' lines only" in result.stderr


def test_an_about_page_that_is_not_text_is_named_by_the_check_and_the_build(repo):
    path = repo / "content" / "about.md"
    path.write_bytes(path.read_bytes() + b"\n\xff\xfe not UTF-8\n")
    for command in (["check"], ["build", "--out", str(repo / "site")]):
        result = run_guides(*command, cwd=repo)
        assert result.returncode == (2 if command == ["check"] else 1), result.stderr[-2000:]
        assert "Traceback" not in result.stderr
        assert "content/about.md:" in result.stderr and "is not saved as UTF-8 text" in result.stderr


def test_a_huge_data_file_is_refused_with_its_size(repo):
    slug, _ = first_authority(repo)
    path = repo / "authorities" / slug / "schools" / "999998.yml"
    path.write_text("urn: 999998\nname: " + "x" * 3_000_000 + "\n", encoding="utf-8")
    result = run_guides("check", cwd=repo)
    assert result.returncode == 2
    assert "999998.yml: this file is 3,000,019 bytes, too big" in result.stderr
    assert "xxxxxxxxxx" not in result.stderr


def test_interface_text_with_a_format_width_is_refused_at_its_line(repo):
    languages = sorted(p for p in (repo / "locales").glob("*/ui.yml"))
    path = languages[0] if languages else repo / "content" / "ui.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("reviewed:"))
    lines[number] = 'reviewed: "{date:>1500000000}"'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for command in (["check"], ["build", "--out", str(repo / "site")]):
        result = run_guides(*command, cwd=repo, timeout=60)
        assert result.returncode == 2 if command == ["check"] else result.returncode != 0
        assert f"{path.relative_to(repo).as_posix()}:{number + 1}: 'reviewed': write the placeholder as {{date}}" \
            in result.stderr
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize("link, target", [
    ("content/about.md", "/etc/passwd"),
    ("locales/{lang}/about.md", "/proc/self/environ"),
    ("theme/assets/extra.css", "/etc/hostname"),
    ("content/guides/linked.md", "../../README.md"),
    ("content/facts/linked", "/etc"),  # a folder
])
def test_a_link_to_another_file_is_never_read(repo, link, target):
    languages = sorted(p.name for p in (repo / "locales").iterdir() if p.is_dir())
    path = repo / link.format(lang=languages[0] if languages else "cy")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    os.symlink(target, path)
    slug, _ = first_authority(repo)
    for command in (["check"], ["build", "--authority", slug, "--out", str(repo / "site")]):
        result = run_guides(*command, cwd=repo)
        assert result.returncode != 0
        assert f"{path.relative_to(repo).as_posix()}: this is a link to another file or folder" in result.stderr
        assert "Traceback" not in result.stderr and "root:x:0" not in result.stderr
    assert not (repo / "site" / slug).exists()


def test_something_that_is_not_a_file_is_never_read(repo):
    """A named pipe would make a build wait for ever on reading it."""
    path = repo / "content" / "guides" / "pipe.md"
    os.mkfifo(path)
    result = run_guides("check", cwd=repo, timeout=60)
    assert result.returncode == 2
    assert "content/guides/pipe.md: this is not an ordinary file or folder. Remove it." in result.stderr
    assert "Traceback" not in result.stderr


def test_a_file_name_that_would_inject_html_is_refused(repo):
    path = repo / "content" / "guides" / 'x" onmouseover="alert(1)" y=".md'
    path.write_text((repo / "content" / "guides").glob("*.md").__next__().read_text(encoding="utf-8"))
    slug, _ = first_authority(repo)
    result = run_guides("build", "--authority", slug, "--out", str(repo / "site"), cwd=repo)
    assert result.returncode == 1
    assert "cannot be a guide's name: use lower-case letters a to z, digits and dashes" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (repo / "site" / slug).exists()


def test_an_authority_folder_name_is_checked(repo):
    slug, _ = first_authority(repo)
    (repo / "authorities" / slug).rename(repo / "authorities" / ('";touch x;"' + "a" * 230))
    result = run_guides("check", cwd=repo)
    assert result.returncode == 2
    assert "cannot be an authority's folder name" in result.stderr and "Traceback" not in result.stderr


def test_html_that_would_take_hours_to_read_is_refused_within_seconds(repo):
    names = _guides(repo, [TANGLED_HTML, BACKTICK_RUNS, OPEN_BRACKETS])
    started = time.monotonic()
    result = run_guides("check", *names, "--format", "json", cwd=repo, timeout=120)
    assert time.monotonic() - started < 30
    findings = _findings(result)
    assert result.returncode == 1
    assert any(f["path"] == names[0] and "too tangled to read" in f["message"] for f in findings)
    assert [f for f in findings if f["path"] == names[2] and f["line"] == 13 and f["severity"] == "error"
            and "A paragraph has 30,000 '[' signs" in f["message"]]


def test_a_site_that_takes_too_long_is_stopped_and_named(repo, tmp_path, monkeypatch):
    """A build worker gives a site a deadline: past it, that site fails with a message and the
    others are built (the real deadline is minutes; here it is two seconds)."""
    import datetime as dt

    from toolkit import html_policy, worker
    from toolkit.assemble import assemble_all, sites_for
    from toolkit.model import load_project

    monkeypatch.setattr(html_policy, "MOST_LINES", 10**6)  # a page the rules refuse: the deadline is the last guard
    _guides(repo, [HEADINGS])
    project = load_project(repo)
    slug, authority = first_authority(repo)
    site = sites_for(project, slug, authority["languages"][0])[0]
    assembled = assemble_all(project, [site], dt.date(2026, 11, 30))[0]
    monkeypatch.setattr(worker, "SITE_SECONDS", 2)
    started = time.monotonic()
    outcome = worker.mkdocs_build(assembled, str(tmp_path / "built"), str(tmp_path / "shared"))
    assert outcome.error.startswith(worker.TOO_SLOW_SITE) and time.monotonic() - started < 30
    assert outcome.error.endswith("Markdown was still reading content/guides/zz-payload-00.md.")


def test_interface_text_the_sites_need_is_checked(repo):
    path = repo / "content" / "ui.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [line for line in lines if not line.startswith("key_points:")]
    lines = [('reviewed: "Facts checked on {when}"' if line.startswith("reviewed:") else line) for line in lines]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_guides("check", cwd=repo)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "content/ui.yml: the sites need these words, which are missing: key_points." in result.stderr
    assert "'reviewed': {when} is not a placeholder of this text. It can use: {date}." in result.stderr


def test_a_value_nested_a_thousand_deep_is_a_plain_message(repo):
    slug, _ = first_authority(repo)
    path = repo / "authorities" / slug / "schools" / "999997.yml"
    path.write_text("urn: 999997\nname: Deep School\ncustom: {x: " + "[" * 990 + "]" * 990 + "}\n", encoding="utf-8")
    result = run_guides("check", cwd=repo)
    assert result.returncode == 2
    assert "999997.yml" in result.stderr and "Traceback" not in result.stderr


def test_theme_words_that_are_more_than_words_stop_every_command(repo, tmp_path):
    """A new language's theme words are a template MkDocs compiles outside the sandbox."""
    folder = repo / "theme" / "partials" / "languages"
    folder.mkdir(parents=True, exist_ok=True)
    marker = tmp_path / "ran"
    (folder / "xx.html").write_text(
        '{% macro t(key) %}{{ {\n  "language": "xx",\n  "search": "Find" ~ lipsum.__globals__["os"].system("touch '
        f'{marker}") ~ "",\n}}[key] }}{{% endmacro %}}\n', encoding="utf-8")
    for command in (["check"], ["build", "--out", str(repo / "site")]):
        result = run_guides(*command, cwd=repo)
        assert result.returncode == (2 if command == ["check"] else 1) and "Traceback" not in result.stderr
        assert "theme/partials/languages/xx.html: this file of the theme's words must be a comment" in result.stderr
    assert not marker.exists() and not (repo / "site").exists()


def test_theme_words_are_told_apart_from_other_text_in_a_moment(repo):
    """Entries with spaces and no commas between them: a pattern that tried every split took minutes."""
    folder = repo / "theme" / "partials" / "languages"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "xx.html").write_text('{% macro t(key) %}{{ {' + '"a": "b"   ' * 40 + '}[key] }}{% endmacro %}X',
                                    encoding="utf-8")
    started = time.monotonic()
    result = run_guides("check", cwd=repo, timeout=60)
    assert result.returncode == 2 and time.monotonic() - started < 20
    assert "theme/partials/languages/xx.html: this file of the theme's words" in result.stderr


def test_a_page_that_nests_too_deeply_for_markdown_names_its_file(repo, tmp_path):
    import datetime as dt

    from toolkit import worker
    from toolkit.assemble import assemble_all, sites_for
    from toolkit.model import load_project

    _guides(repo, ["*" * 3000 + "a" + "*" * 3000])
    project = load_project(repo)
    slug, authority = first_authority(repo)
    site = sites_for(project, slug, authority["languages"][0])[0]
    assembled = assemble_all(project, [site], dt.date(2026, 11, 30))[0]
    outcome = worker.mkdocs_build(assembled, str(tmp_path / "built"), str(tmp_path / "shared"))
    assert outcome.error.startswith("Markdown could not read content/guides/zz-payload-00.md: it nests too deeply")
