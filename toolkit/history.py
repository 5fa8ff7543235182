"""What git knows about a file: when it last changed, who wrote it, and what changed since a commit.

All history goes through gitpython here, so the rest of the toolkit never runs git itself. Outside a
git checkout, or in a shallow clone (common in CI), history is incomplete: we say so once, plainly,
and report "unknown" rather than a wrong date or a wrong list of authors.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import git


@dataclass(frozen=True)
class Commit:
    sha: str
    date: dt.date
    author: str
    summary: str

    @property
    def short(self) -> str:
        return self.sha[:10]


class History:
    """Git history of one repository. Every answer is cached: a build asks the same things often."""

    def __init__(self, root: Path):
        self.root = Path(root).resolve()
        try:
            self.repo = git.Repo(self.root, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            self.repo = None
        if self.repo is not None and not self.repo.head.is_valid():
            self.repo = None  # a repository with no commits has no history either
        self._since: dict[tuple[str, Path], tuple[Commit, ...]] = {}
        self._asked: dict[str, bool] = {}  # commits the log does not list: whether git knows them
        self.top = Path(self.repo.working_tree_dir).resolve() if self.repo else self.root
        self.available = self.repo is not None

    def __getstate__(self) -> dict:
        """Sent to a build worker: what a page needs (its writers, its last change, the warning),
        worked out here once, without the git connection, which cannot cross to another process.
        The copy answers those; a question that needs git again says so (see `_git`)."""
        self.warning(), self._by_file  # noqa: B018 - worked out now, so that the copy carries them
        return {**self.__dict__, "repo": None}

    @property
    def _git(self):
        if self.repo is None:
            raise RuntimeError("this copy of the git history was sent to another process without its "
                               "git connection: ask the build's own process")
        return self.repo.git

    @cached_property
    def shallow(self) -> bool:
        return self.available and self.repo.git.rev_parse("--is-shallow-repository") == "true"

    @cached_property
    def _warning(self) -> str | None:
        return self._make_warning()

    def warning(self) -> str | None:
        return self._warning

    def _make_warning(self) -> str | None:
        """A plain warning when history cannot be trusted, or None."""
        if not self.available:
            return ("This folder is not a git repository (or has no commits yet), so dates, authors and "
                    "out-of-date translations cannot be shown.")
        if self.shallow:
            return ("This is a shallow git clone, so its history is cut short: dates, authors and "
                    "out-of-date translations cannot be worked out. Clone with full history "
                    "(in GitHub Actions: actions/checkout with fetch-depth: 0).")
        return None

    def _relative(self, path: Path) -> str:
        path = Path(path)
        try:
            return path.relative_to(self.top).as_posix()
        except ValueError:
            return path.resolve().relative_to(self.top).as_posix()

    @cached_property
    def _by_file(self) -> dict[str, tuple[Commit, ...]]:
        """Every commit of every file, newest first, from one `git log` run: a build asks about
        every guide for every site, and one process is far cheaper than one per question."""
        if not self.available or self.shallow:
            return {}
        output = self._git.log("HEAD", "--use-mailmap", "--name-only", "--no-renames",
                                   "--format=%x01%H%x00%as%x00%aN%x00%s")
        by_file: dict[str, list[Commit]] = {}
        for entry in output.split("\x01")[1:]:
            header, _, names = entry.partition("\n")
            commit = _commit(header)
            for name in names.split("\n"):
                if name:
                    by_file.setdefault(name, []).append(commit)
        return {name: tuple(commits) for name, commits in by_file.items()}

    def uncommitted(self, folder: Path) -> list[str]:
        """Files under `folder` changed since the last commit (or new): history cannot see them yet."""
        if not self.available:
            return []
        output = self._git.status("--porcelain", "--untracked-files=all", "--", self._relative(folder))
        return sorted(line[3:] for line in output.splitlines() if line[3:].endswith(".md"))

    def log(self, path: Path) -> tuple[Commit, ...]:
        """Commits that changed `path`, newest first."""
        return self._by_file.get(self._relative(path), ())

    def last_change(self, path: Path) -> Commit | None:
        commits = self.log(Path(path))
        return commits[0] if commits else None

    def authors(self, path: Path) -> list[str]:
        """Everyone who changed `path`, first contributor first, each named once (after .mailmap)."""
        names = []
        for commit in reversed(self.log(Path(path))):
            if commit.author not in names:
                names.append(commit.author)
        return names

    @cached_property
    def _logged(self) -> frozenset[str]:
        """Every commit the one `git log` saw: all of them are in this repository."""
        return frozenset(commit.sha for commits in self._by_file.values() for commit in commits)

    def knows(self, sha: str) -> bool:
        """Whether `sha` names a commit in this repository (gitpython alone trusts any 40 hex digits).
        A build asks for every translation: the log answers most without running git again, and git
        answers each other commit once (many translations record the same one: a merge, say, which
        the log lists without files, or a commit a squashed history no longer has)."""
        if not self.available:
            return False
        if sha in self._logged:
            return True
        if sha not in self._asked:
            try:
                self._git.cat_file("-e", f"{sha}^{{commit}}")
                self._asked[sha] = True
            except git.GitCommandError:
                self._asked[sha] = False
        return self._asked[sha]

    def changes_since(self, sha: str, path: Path) -> tuple[Commit, ...]:
        """Commits that changed `path` after commit `sha` (asked once per pair, then remembered)."""
        if not self.available or self.shallow:
            return ()
        if (sha, path) not in self._since:
            output = self._git.log(f"{sha}..HEAD", "--use-mailmap", "--format=%H%x00%as%x00%aN%x00%s",
                                       "--", self._relative(path))
            self._since[(sha, path)] = tuple(_commit(line) for line in output.splitlines() if line)
        return self._since[(sha, path)]

    def diff_since(self, sha: str, path: Path) -> str:
        """The changes to `path` from commit `sha` to now (including edits not yet committed)."""
        return self._git.diff(sha, "--", self._relative(path))


def _commit(line: str) -> Commit:
    sha, date, author, summary = line.split("\x00", 3)
    return Commit(sha, dt.date.fromisoformat(date), author, summary)
