"""Shared fixtures: a throwaway copy of the repository, and a way to run the `guides` command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
COPIED = ["content", "locales", "authorities", "theme", "mkdocs.yml"]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the repository's content and data that a test may break freely."""
    root = tmp_path / "repo"
    root.mkdir()
    for name in COPIED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        elif source.exists():
            shutil.copy2(source, root / name)
    return root


def git(root: Path, *args: str, author: str = "Test Parent <parent@example.org>") -> str:
    """Run git in a test repository as a named author, with no user settings from this machine."""
    name, email = author[:-1].split(" <")
    env = dict(os.environ, GIT_AUTHOR_NAME=name, GIT_AUTHOR_EMAIL=email, GIT_COMMITTER_NAME=name,
               GIT_COMMITTER_EMAIL=email, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    done = subprocess.run(["git", *args], cwd=root, env=env, text=True, capture_output=True, check=True)
    return done.stdout.strip()


@pytest.fixture
def git_repo(repo: Path) -> Path:
    """The repository copy as a git repository with one commit."""
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Start")
    return repo


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The shipped repository built once, as the README's first command does."""
    out = tmp_path_factory.mktemp("site")
    result = run_guides("build", "--out", str(out), cwd=REPO)
    assert result.returncode == 0, result.stderr
    return out


def page_text(path: Path) -> str:
    """The visible text of a built page's article, without tags."""
    import re

    page = path.read_text(encoding="utf-8")
    article = re.search(r"<article.*?</article>", page, re.S).group(0)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", article))


def run_guides(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run `guides` as a user would, in a separate process."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONWARNINGS="ignore")
    return subprocess.run([sys.executable, "-m", "toolkit", *args], cwd=cwd, env=env, text=True,
                          capture_output=True, timeout=timeout)


@pytest.fixture
def guides():
    return run_guides
