"""Working in git: credit for parents, the last change, review dates, and local versions of guides
that learn when the central guide changes."""

from __future__ import annotations

import datetime as dt
import json
import subprocess

from support import git, page_text, run_guides

from toolkit.commands.status import review_due
from toolkit.model import load_project


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_guide_page_names_both_writers_and_the_last_change(git_repo):
    guide = git_repo / "content/guides/parents-evening.md"
    _edit(guide, "Book early", "Book as early as you can")
    git(git_repo, "commit", "-q", "-am", "Clearer booking advice", author="Amira Khan <amira@example.org>")
    (git_repo / ".mailmap").write_text("Amira Khan <amira@example.org> <a.khan@example.org>\n")
    _edit(guide, "Write down two or three questions.", "Write down two or three short questions.")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "Short questions", author="A Khan <a.khan@example.org>")
    day = git(git_repo, "log", "-1", "--format=%as")

    out = git_repo / "site"
    result = run_guides("build", "--authority", "doncaster", "--locale", "en", "--out", str(out), cwd=git_repo)
    assert result.returncode == 0, result.stderr
    text = page_text(out / "doncaster/en/guides/parents-evening/index.html")
    assert "Written by Test Parent, Amira Khan." in text  # .mailmap joins A Khan to Amira Khan
    when = dt.date.fromisoformat(day)
    assert f"Last changed on {when.day} {when:%B %Y}" in text


def test_a_translated_page_credits_its_translator_even_one_who_wrote_the_english(git_repo):
    """The same parent wrote the English and the Welsh (git_repo's one commit): the Welsh page says
    who translated it, not only who wrote it."""
    welsh = git_repo / "locales/cy/guides/parents-evening.md"
    welsh.write_text(welsh.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    git(git_repo, "commit", "-q", "-am", "Welsh touch-up", author="Test Parent <parent@example.org>")
    out = git_repo / "site"
    result = run_guides("build", "--authority", "cardiff", "--locale", "cy", "--out", str(out), cwd=git_repo)
    assert result.returncode == 0, result.stderr
    text = page_text(out / "cardiff/cy/guides/parents-evening/index.html")
    ui = (git_repo / "locales/cy/ui.yml").read_text(encoding="utf-8")
    translated_by = next(line.split(":", 1)[1].strip().strip('"') for line in ui.splitlines()
                         if line.startswith("translated_by:"))
    assert f"{translated_by} Test Parent" in text


def test_a_contributor_can_choose_not_to_be_named(git_repo):
    guide = git_repo / "content/guides/parents-evening.md"
    _edit(guide, "order: 30", "order: 30\nunnamed_contributors: [Test Parent]")
    git(git_repo, "commit", "-q", "-am", "Hide my name", author="Sam Jones <sam@example.org>")
    out = git_repo / "site"
    run_guides("build", "--authority", "doncaster", "--locale", "en", "--out", str(out), cwd=git_repo)
    text = page_text(out / "doncaster/en/guides/parents-evening/index.html")
    assert "Written by Sam Jones, 1 other parents." in text
    assert "Test Parent" not in text


def test_a_shallow_clone_warns_and_shows_no_wrong_names(git_repo, tmp_path):
    git(git_repo, "commit", "-q", "--allow-empty", "-m", "Second commit")
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{git_repo}", str(clone)], check=True)
    out = tmp_path / "out"
    result = run_guides("build", "--authority", "doncaster", "--locale", "en", "--out", str(out), cwd=clone)
    assert result.returncode == 0, result.stderr
    assert "shallow git clone" in result.stderr
    text = page_text(out / "doncaster/en/guides/parents-evening/index.html")
    assert "Written by" not in text and "Last changed" not in text


def test_suggest_a_change_on_a_polish_page_opens_the_authoritys_own_version(git_repo):
    made = run_guides("override", "parents-evening", "--authority", "doncaster", cwd=git_repo)
    assert made.returncode == 0, made.stderr
    translated = ", ".join(l for l in load_project(git_repo).authorities["doncaster"].data.languages if l != "en")
    assert f"Note: doncaster's {translated} site(s) will show this English version, marked as not translated" in made.stdout
    local = git_repo / "authorities/doncaster/guides/parents-evening.md"
    _edit(local, "Book early", "Book early on the Millbrook app")
    done = run_guides("override", "parents-evening", "--authority", "doncaster", "--up-to-date", cwd=git_repo)
    assert done.returncode == 0, done.stderr  # the council's version is finished: publish it
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "Doncaster's own parents' evening guide")
    out = git_repo / "site"
    result = run_guides("build", "--authority", "doncaster", "--locale", "pl", "--out", str(out), cwd=git_repo)
    assert result.returncode == 0, result.stderr
    html = (out / "doncaster/pl/guides/parents-evening/index.html").read_text(encoding="utf-8")
    assert ('href="https://github.com/parent-guides/parent-guides/edit/main/'
            'authorities/doncaster/guides/parents-evening.md"') in html
    assert "Book early on the Millbrook app" in html
    school = (out / "doncaster/pl/schools/990101/index.html").read_text(encoding="utf-8")
    assert "edit/main/authorities/doncaster/schools/990101.yml" in school


def test_a_fork_sets_its_own_repository_address(git_repo):
    _edit(git_repo / "mkdocs.yml", "https://github.com/parent-guides/parent-guides",
          "https://github.com/doncaster-council/parent-guides")
    out = git_repo / "site"
    run_guides("build", "--authority", "doncaster", "--locale", "en", "--out", str(out), cwd=git_repo)
    html = (out / "doncaster/en/guides/homework/index.html" if (out / "doncaster/en/guides/homework").exists()
            else out / "doncaster/en/guides/parents-evening/index.html").read_text(encoding="utf-8")
    assert "https://github.com/doncaster-council/parent-guides/edit/main/content/guides/" in html


def test_central_change_after_an_override_is_reported_with_a_diff(git_repo):
    assert run_guides("override", "parents-evening", "--authority", "doncaster", cwd=git_repo).returncode == 0
    assert run_guides("override", "parents-evening", "--authority", "doncaster", "--up-to-date",
                      cwd=git_repo).returncode == 0
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "Doncaster's own version")
    _edit(git_repo / "content/guides/parents-evening.md", "Book early", "Book your slot early")
    git(git_repo, "commit", "-q", "-am", "Book your slot", author="Jo Parent <jo@example.org>")
    commit = git(git_repo, "rev-parse", "HEAD")

    status = run_guides("status", "--format", "json", cwd=git_repo)
    overrides = json.loads(status.stdout)["overrides"]
    assert overrides == [{**overrides[0], "owner": "doncaster", "guide": "parents-evening", "state": "stale"}]
    assert overrides[0]["commits_since"][0]["sha"] == commit
    text = run_guides("status", cwd=git_repo).stdout
    assert "stale      doncaster/parents-evening" in text and "Jo Parent: Book your slot" in text
    diff = run_guides("status", "--diff", "doncaster/parents-evening", cwd=git_repo).stdout
    assert "-" in diff and "+" in diff and "Book your slot early" in diff


def test_override_refuses_an_unknown_guide_plainly(git_repo):
    result = run_guides("override", "no-such-guide", "--authority", "doncaster", cwd=git_repo)
    assert result.returncode == 2
    assert "There is no guide called 'no-such-guide'" in result.stderr


def test_review_due_after_twelve_months(repo):
    project = load_project(repo)
    assert not review_due(project, dt.date(2027, 11, 23))
    due = review_due(project, dt.date(2027, 11, 24))
    assert "parents-evening" in {d["guide"] for d in due}


def test_a_copy_sent_to_a_build_worker_answers_from_the_log_and_never_runs_git(git_repo):
    import pickle

    import pytest

    from toolkit.history import History

    here = History(git_repo)
    guide = git_repo / "content/guides/parents-evening.md"
    copy = pickle.loads(pickle.dumps(here))
    assert copy.last_change(guide) == here.last_change(guide) and copy.authors(guide) == here.authors(guide)
    assert copy.warning() == here.warning()
    assert copy.knows(here.last_change(guide).sha)  # from the log
    with pytest.raises(RuntimeError, match="without its git connection"):
        copy.changes_since(here.last_change(guide).sha, guide)


def test_a_merge_commit_is_known_though_the_log_lists_no_files_for_it(git_repo):
    from toolkit.history import History

    git(git_repo, "checkout", "-q", "-b", "side")
    (git_repo / "content/note.txt").write_text("a change on a branch\n")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "On a branch")
    git(git_repo, "checkout", "-q", "main")
    git(git_repo, "merge", "-q", "--no-ff", "-m", "Merge the branch", "side")
    merge = git(git_repo, "rev-parse", "HEAD")

    history = History(git_repo)
    assert merge not in {c.sha for commits in history._by_file.values() for c in commits}
    # Asked twice, as a build asks for each translation that records it: the same answer each time.
    assert history.knows(merge) and history.knows(merge)
    assert not history.knows("0" * 40) and not history.knows("0" * 40)
