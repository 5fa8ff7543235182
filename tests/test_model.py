"""Loading and validating the repository: every problem, with file and line, in one report."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.errors import DataError
from toolkit.model import load_project


def test_the_shipped_repository_loads_cleanly(repo):
    project = load_project(repo)
    assert {"doncaster", "cardiff"} <= set(project.authorities)
    assert "first-day-at-primary-school" in project.guides
    assert project.authorities["doncaster"].data.la_code == 371
    assert project.authorities["cardiff"].data.nation == "Wales"
    assert len(project.authorities["doncaster"].schools) >= 3


def _problems(repo) -> str:
    with pytest.raises(DataError) as caught:
        load_project(repo)
    return caught.value.render()


def test_broken_yaml_names_file_and_line(repo):
    path = repo / "authorities/doncaster/authority.yml"
    lines = path.read_text().splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("nation:"))
    lines[number] = "nation: [England"
    path.write_text("\n".join(lines) + "\n")
    message = _problems(repo)
    assert "authorities/doncaster/authority.yml:" in message
    assert "the YAML could not be read" in message
    line = int(message.split("authority.yml:")[1].split(":")[0])
    assert abs(line - (number + 1)) <= 1


def test_missing_front_matter_field_is_named_with_its_line(repo):
    path = repo / "content/guides/parents-evening.md"
    text = path.read_text()
    path.write_text(text.replace("summary: What happens at parents' evening and the questions to ask.\n", ""))
    message = _problems(repo)
    assert "content/guides/parents-evening.md:" in message
    assert "Add 'summary:' to the front matter" in message


def test_misspelt_key_suggests_the_real_one(repo):
    path = repo / "content/guides/parents-evening.md"
    path.write_text(path.read_text().replace("\nreviewed:", "\nreveiwed:"))
    message = _problems(repo)
    assert "'reveiwed' is not a field we know. Did you mean 'reviewed'?" in message
    line = next(i for i, l in enumerate(path.read_text().splitlines(), 1) if l.startswith("reveiwed"))
    assert f"content/guides/parents-evening.md:{line}:" in message


def test_every_problem_in_every_file_is_reported_together(repo):
    school = repo / "authorities/cardiff/schools/990202.yml"
    school.write_text(school.read_text().replace('day_starts: "08:40"', "day_starts: 8:40"))
    authority = repo / "authorities/doncaster/authority.yml"
    authority.write_text(authority.read_text().replace("nation: England", "nation: Scotland"))
    guide = repo / "content/guides/first-day-at-primary-school.md"
    guide.write_text(guide.read_text().replace("reviewed: 2026-11-24", "reviewed: last Tuesday"))
    message = _problems(repo)
    assert 'authorities/cardiff/schools/990202.yml' in message and 'in quotes, like "08:45"' in message
    assert "authorities/doncaster/authority.yml" in message and "'nation' must be one of" in message
    assert "content/guides/first-day-at-primary-school.md" in message and "2026-09-01" in message
    assert "3 problems found" in message


def test_school_file_must_be_named_after_its_urn(repo):
    folder = repo / "authorities/doncaster/schools"
    (folder / "990101.yml").rename(folder / "123456.yml")
    assert "rename it to 990101.yml" in _problems(repo)


def test_a_file_that_is_not_utf8_is_named(repo):
    path = repo / "authorities/cardiff/schools/990201.yml"
    path.write_bytes(path.read_text().encode("cp1252"))
    message = _problems(repo)
    assert "990201.yml" in message and "not saved as UTF-8" in message


def test_a_key_given_twice_is_named_not_silently_dropped(repo):
    school = repo / "authorities/cardiff/schools/990201.yml"
    lines = school.read_text(encoding="utf-8").splitlines()
    school.write_text("\n".join(lines) + "\nuniform: Red jumper.\n", encoding="utf-8")
    message = _problems(repo)
    assert (f"authorities/cardiff/schools/990201.yml:{len(lines) + 1}: 'uniform' is given twice here, and only "
            "one can count. Keep one of them.") in message


def test_every_interface_word_the_toolkit_uses_is_one_ui_yml_must_have():
    """uitext.REQUIRED lists the keys of content/ui.yml that a build cannot do without: each key the
    toolkit, its page templates or the theme uses is in it, and the shipped ui.yml has them all."""
    import re

    import yaml

    from toolkit.uitext import REQUIRED

    root = Path(__file__).resolve().parents[1]
    used = set()
    for path in [*root.glob("toolkit/**/*.py"), *root.glob("toolkit/pages/*.md"), *root.glob("theme/**/*.html")]:
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'\bui\["([a-z_]+)"\]', text)) | set(re.findall(r"\bui\.([a-z_]+)\b", text))
    used -= {"get", "items", "keys", "yml"}  # dict methods and "ui.yml" in comments, not keys
    assert used - REQUIRED == set()
    assert REQUIRED - set(yaml.safe_load((root / "content/ui.yml").read_text(encoding="utf-8"))) == set()


def test_a_watch_reads_again_only_the_school_files_that_changed(repo, tmp_path):
    """guides build --watch: a school's file edited, removed, or swapped for a link to another file."""
    import re

    from toolkit.model import reread_schools

    project = load_project(repo)
    authority = next(a for a in project.authorities.values() if len(a.schools) >= 2)
    first, second = sorted(authority.schools)[:2]
    edited = authority.folder / "schools" / f"{first}.yml"
    edited.write_text(re.sub(r"(?m)^name: .*$", "name: Renamed While Watching", edited.read_text(encoding="utf-8")),
                      encoding="utf-8")
    removed = authority.folder / "schools" / f"{second}.yml"
    removed.unlink()
    reread_schools(project, {edited, removed})
    assert project.authorities[authority.slug].schools[first].name == "Renamed While Watching"
    assert second not in project.authorities[authority.slug].schools
    # A link would publish whatever it points at, from the build machine: refused, with its path.
    secret = tmp_path / "secret.yml"
    secret.write_text(edited.read_text(encoding="utf-8"), encoding="utf-8")
    edited.unlink()
    edited.symlink_to(secret)
    with pytest.raises(DataError) as refused:
        reread_schools(project, {edited})
    assert f"{first}.yml" in refused.value.render() and "link" in refused.value.render()


def test_a_watch_refuses_a_school_file_in_a_folder_that_became_a_link(repo, tmp_path):
    import shutil

    from toolkit.model import reread_schools

    project = load_project(repo)
    authority = next(a for a in project.authorities.values() if a.schools)
    folder = authority.folder / "schools"
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(folder, elsewhere)
    shutil.rmtree(folder)
    folder.symlink_to(elsewhere, target_is_directory=True)
    school = folder / f"{min(authority.schools)}.yml"
    with pytest.raises(DataError) as refused:
        reread_schools(project, {school})
    assert f"{authority.slug}/schools:" in refused.value.render() and "link" in refused.value.render()
