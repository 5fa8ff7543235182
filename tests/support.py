"""Helpers for the tests: run the `guides` command, run git as a named author, read a built page."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Every test runs on this day, whatever the machine's clock says (conftest.py sets GUIDES_TODAY):
# the example data's dates are current on it.
TODAY = dt.date(2026, 11, 30)
COPIED = ["content", "locales", "authorities", "theme", "mkdocs.yml"]
# The example councils the tests are written against: a fork changes authorities/, never these.
EXAMPLES = Path(__file__).resolve().parent / "fixtures" / "authorities"


def run_guides(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run `guides` as a user would, in a separate process."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONWARNINGS="ignore")
    return subprocess.run([sys.executable, "-m", "toolkit", *args], cwd=cwd, env=env, text=True,
                          capture_output=True, timeout=timeout)


def git(root: Path, *args: str, author: str = "Test Parent <parent@example.org>") -> str:
    """Run git in a test repository as a named author, with no user settings from this machine."""
    name, email = author[:-1].split(" <")
    env = dict(os.environ, GIT_AUTHOR_NAME=name, GIT_AUTHOR_EMAIL=email, GIT_COMMITTER_NAME=name,
               GIT_COMMITTER_EMAIL=email, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    done = subprocess.run(["git", *args], cwd=root, env=env, text=True, capture_output=True, check=True)
    return done.stdout.strip()


def page_text(path: Path) -> str:
    """The visible text of a built page's article, without tags."""
    page = path.read_text(encoding="utf-8")
    article = re.search(r"<article.*?</article>", page, re.S).group(0)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", article))


def without_code(repo: Path, code: int) -> None:
    """Remove the authority with this LA code from a repository copy, if it has one: a council's
    fork may already hold the authority a test is about to create."""
    import shutil

    import yaml

    for folder in list((repo / "authorities").iterdir()):
        if yaml.safe_load((folder / "authority.yml").read_text(encoding="utf-8")).get("la_code") == code:
            shutil.rmtree(folder)


def make_project(root: Path) -> Path:
    """A project to test on: the repository's guides, translations and theme, with the tests' own
    example councils (tests/fixtures/authorities) instead of whatever councils the repository holds."""
    import shutil

    root.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source = EXAMPLES if name == "authorities" else REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("README.md") if source == EXAMPLES else None)
        elif source.exists():
            shutil.copy2(source, root / name)
    return root


_EXAMPLE_ROOT: list[Path] = []


def example_root() -> Path:
    """One shared project of the examples, for tests that only read it (made once per process)."""
    import atexit
    import shutil
    import tempfile

    if not _EXAMPLE_ROOT:
        folder = Path(tempfile.mkdtemp(prefix="guides-examples-"))
        atexit.register(shutil.rmtree, folder, True)
        _EXAMPLE_ROOT.append(make_project(folder / "project"))
    return _EXAMPLE_ROOT[0]
