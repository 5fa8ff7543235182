"""Which files a build may read: the repository's own, with names that are safe to publish.

Every file in a pull request comes from a stranger, and git can carry a symbolic link as easily as
a guide. A link named content/about.md that points at /etc/passwd, or at /proc/self/environ (the
build's secrets), would be read and published like any page. So before anything is read, every
input folder is walked: a link, or anything that is not a plain file or folder, stops the command
with a message naming it. Names become web addresses and file names on a web server, so guides,
languages and authorities are named with lower-case letters, digits and dashes only.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from .errors import Problem, relative

# Folders (and files) of the repository that builds and checks read.
INPUTS = ["content", "locales", "authorities", "theme", "mkdocs.yml", "guides.yml"]
NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
MAX_NAME = 60  # characters: a web address and a file name on every web server
URN = re.compile(r"[0-9]{1,8}")  # ASCII digits: str.isdigit() also accepts '³' and '²'
MAX_FILE_BYTES = 2 * 1024 * 1024  # a guide is about 6 KB, the glossary 13 KB, a school 1 KB


def shown_name(name: str) -> str:
    """A file name as it can safely be printed: quotes, control characters and length tamed."""
    return repr(name[:MAX_NAME] + ("..." if len(name) > MAX_NAME else ""))


def name_problem(name: str, what: str, example: str) -> str | None:
    """Why `name` (a guide's, a language's or an authority's) cannot be used, or None."""
    if NAME.fullmatch(name) and len(name) <= MAX_NAME:
        return None
    return (f"{shown_name(name)} cannot be {what}: use lower-case letters a to z, digits and dashes, at most "
            f"{MAX_NAME} characters, like '{example}'. Rename it.")


def not_own_files(root: Path) -> list[Problem]:
    """Every link, and everything that is not a plain file or folder, under the input folders."""
    problems = []
    for name in INPUTS:
        top = root / name
        if not os.path.lexists(top):
            continue
        problems += _check_entry(root, str(top))
        if top.is_dir() and not top.is_symlink():
            for folder, subfolders, files in os.walk(top):
                for entry in [*subfolders, *files]:
                    problems += _check_entry(root, os.path.join(folder, entry))
    return problems


def not_own_file(root: Path, path: Path) -> list[Problem]:
    """`path` is a link, or not a plain file (see not_own_files), or a folder above it in root is."""
    problems = []
    for entry in [*reversed(path.relative_to(root).parents[:-1]), path.relative_to(root)]:
        problems += _check_entry(root, str(root / entry))
    return problems


def _check_entry(root: Path, path: str) -> list[Problem]:
    try:
        kind = os.lstat(path).st_mode  # one look at the entry itself: a repository has thousands of files
    except OSError:
        return []  # gone, or a folder replaced, while the folders were walked: nothing there to read
    if stat.S_ISLNK(kind):
        return [Problem(relative(Path(path), root), None,
                        "this is a link to another file or folder, which a build must never read (it could publish "
                        "files from the build machine). Replace it with a real file, or remove it.")]
    if not (stat.S_ISREG(kind) or stat.S_ISDIR(kind)):
        return [Problem(relative(Path(path), root), None, "this is not an ordinary file or folder. Remove it.")]
    return []
