"""An installed toolkit (pip install ., not -e) must carry its data files and page templates."""

from __future__ import annotations

from fnmatch import fnmatch

import pytest

from support import REPO

tomllib = pytest.importorskip("tomllib")  # Python 3.11 and later


def test_every_file_the_toolkit_reads_is_in_its_package_data():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["toolkit"]
    folder = REPO / "toolkit"
    files = [p.relative_to(folder).as_posix() for p in folder.rglob("*")
             if p.is_file() and p.suffix not in (".py", ".pyc")]
    left_out = [name for name in files if not any(fnmatch(name, pattern) for pattern in patterns)]
    assert files and not left_out, f"add these to [tool.setuptools.package-data] in pyproject.toml: {left_out}"
