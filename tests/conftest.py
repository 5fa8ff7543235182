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


def run_guides(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run `guides` as a user would, in a separate process."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONWARNINGS="ignore")
    return subprocess.run([sys.executable, "-m", "toolkit", *args], cwd=cwd, env=env, text=True,
                          capture_output=True, timeout=timeout)


@pytest.fixture
def guides():
    return run_guides
