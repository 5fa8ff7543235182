"""Shared fixtures: a throwaway copy of the repository, as files or as a git repository, and the
shipped repository built once."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "security"))  # the attack corpus, for any test folder

from support import TODAY, example_root, git, make_project, run_guides


@pytest.fixture(autouse=True, scope="session")
def fixed_today():
    """Every command a test runs, in this process or another, works on TODAY (toolkit/clock.py)."""
    import os

    previous = os.environ.get("GUIDES_TODAY")
    os.environ["GUIDES_TODAY"] = TODAY.isoformat()
    yield TODAY
    if previous is None:
        os.environ.pop("GUIDES_TODAY", None)
    else:
        os.environ["GUIDES_TODAY"] = previous


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the repository's content and data that a test may break freely."""
    return make_project(tmp_path / "repo")


@pytest.fixture
def git_repo(repo: Path) -> Path:
    """The repository copy as a git repository with one commit."""
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Start")
    return repo


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The example project built once, as the README's first command builds the repository."""
    out = tmp_path_factory.mktemp("site")
    result = run_guides("build", "--out", str(out), cwd=example_root())
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def guides():
    return run_guides


@pytest.fixture(scope="session")
def attacked(tmp_path_factory) -> dict:
    """A copy of the repository with every attack in tests/security/payloads.py written into it,
    built once: {"root", "site", "authority", "locale", "expected", "guide", "build"}."""
    from attacked import copy_repository, write_attacks

    root = copy_repository(tmp_path_factory.mktemp("attacked") / "repo")
    facts = write_attacks(root)
    out = root / "site"
    facts["build"] = run_guides("build", "--authority", facts["authority"], "--locale", facts["locale"],
                                "--out", str(out), cwd=root)
    return {**facts, "root": root, "site": out / facts["authority"] / facts["locale"]}
