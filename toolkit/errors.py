"""One family of exceptions, each written for the person who must fix the problem.

A message names the file and the line, says what is wrong in plain words, and says what to do.
The command line prints these and exits without a traceback (see cli.py for exit codes).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file."""

    path: Path | str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = str(self.path) if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class GuidesError(Exception):
    """A problem the user can fix. Carries one or more Problems."""

    exit_code = 1

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem("", None, problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__(self.render())

    def render(self) -> str:
        lines = [str(p) if p.path else p.message for p in self.problems]
        if len(self.problems) > 1:
            lines.append(f"{len(self.problems)} problems found. Fix them and run the command again.")
        return "\n".join(lines)


class DataError(GuidesError):
    """A content or data file is broken: bad YAML, a missing field, a wrong value."""


class TemplateError(GuidesError):
    """A guide's placeholders could not be filled in, or tried something unsafe."""


class TemplateTooBig(TemplateError):
    """A template that would run too long, nest too deep or make a page too big to publish."""


class UsageError(GuidesError):
    """The command was asked for something that does not exist (an unknown authority, say)."""

    exit_code = 2


class UnreadableInput(GuidesError):
    """A file a command was asked to read cannot be read (broken YAML, wrong encoding)."""

    exit_code = 2


class BuildError(GuidesError):
    """MkDocs could not build one or more sites."""


@lru_cache(maxsize=4096)  # asked for each template a site renders, of the same few hundred files
def relative(path: Path, root: Path) -> str:
    """Show paths relative to the repository, the way a volunteer sees them on GitHub."""
    try:
        return Path(path).relative_to(root).as_posix()  # the usual case, without touching the disk
    except ValueError:
        pass
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return str(path)
