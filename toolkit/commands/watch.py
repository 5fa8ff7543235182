"""`guides build --watch`: build the sites, then build again each time a file they are made from
changes, as `mkdocs serve` does for one site. For a school office or a council's web team checking
an edit before they send it: the sites are there to look at seconds after the file is saved.

Between builds the worker processes stay running, with MkDocs and the theme ready and the stencils
they made (stencil.py). When only schools' files changed, this process and the workers read those
files again and nothing else; the build then makes only the sites whose inputs changed, as any
build does (fingerprint.py). Any other change (a guide, the theme, a language) starts the command
again, in the same process: everything is read again and new workers are started.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import click
from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

from ..errors import GuidesError
from ..files import URN
from ..model import load_project, reread_schools

WATCHED = ("content", "locales", "authorities", "theme")  # folders; and the files at the top below
WATCHED_FILES = ("mkdocs.yml", ".mailmap")
# An editor may save a file in steps (write a copy, rename it): wait until the files are quiet.
QUIET_SECONDS = 0.02


class Changes(FileSystemEventHandler):
    """The paths changed since the last build, collected from watchdog's thread."""

    def __init__(self, root: Path, ignored: Path | None = None):
        super().__init__()
        self.root, self.ignored = root, ignored  # the build's own output, if it is inside the repository
        self.paths: set[Path] = set()
        self.lock = threading.Lock()
        self.arrived = threading.Event()

    def on_any_event(self, event) -> None:
        if event.event_type in ("opened", "closed", "closed_no_write"):
            return  # read, not changed
        for name in (event.src_path, getattr(event, "dest_path", "")):
            path = Path(name) if name else None
            if path is not None and self._watched(path):
                with self.lock:
                    self.paths.add(path)
                self.arrived.set()

    def _watched(self, path: Path) -> bool:
        if not path.is_relative_to(self.root) or (self.ignored is not None and path.is_relative_to(self.ignored)):
            return False
        parts = path.relative_to(self.root).parts
        return bool(parts) and (parts[0] in WATCHED or (len(parts) == 1 and parts[0] in WATCHED_FILES))

    def wait(self) -> set[Path]:
        """Block until something changed and the files have been quiet for a moment; what changed."""
        self.arrived.wait()
        while True:
            self.arrived.clear()
            if not self.arrived.wait(QUIET_SECONDS):
                break
        with self.lock:
            paths, self.paths = self.paths, set()
        return paths


def schools_only(root: Path, paths: set[Path]) -> bool:
    """Whether every change is to a school's file (authorities/<slug>/schools/<URN>.yml). A folder
    changes when its files do; a file that came and went is an editor's temporary copy."""
    for path in paths:
        parts = path.relative_to(root).parts
        school = (len(parts) == 4 and parts[0] == "authorities" and parts[2] == "schools" and path.suffix == ".yml"
                  and bool(URN.fullmatch(path.stem)))
        if not school and not path.is_dir() and os.path.lexists(path):
            return False
    return True


def watch(root: Path, build, close, ignored: Path | None = None) -> None:
    """Build with `build(project, reread, changed)`, then again after each change, until Ctrl+C.
    `reread`: every school file read again since this process started, for the workers to read again
    too; `changed`: those changed since the last build (None for the first).
    Any change but to schools' files starts this process afresh (`close` first), as if the command
    had been typed again: every file is read, and no cache keeps anything of the old ones. A change
    under `ignored` (the build's own output) is not one."""
    changes = Changes(root, ignored)
    observer = Observer()
    observer.schedule(changes, str(root), recursive=False)
    for name in WATCHED:
        if (root / name).is_dir():
            observer.schedule(changes, str(root / name), recursive=True)
    observer.start()
    try:
        read, project = _said(lambda: load_project(root))
        reread: set[Path] = set()
        if read:
            _said(lambda: build(project, frozenset(), None))
        while True:
            click.echo(f"Watching {root} for changes: press Ctrl+C to stop.", err=True)
            changed = changes.wait()
            if not read or not schools_only(root, changed):
                click.echo(f"{_listed(root, changed)} changed: starting again.", err=True)
                observer.stop()
                close()
                os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])
            started = time.monotonic()
            files = {path for path in changed if path.suffix == ".yml"}
            reread |= files
            read, _ = _said(lambda: reread_schools(project, changed))
            if not read:  # part read: read it all again once the mistake is put right
                continue
            built, _ = _said(lambda: build(project, frozenset(reread), frozenset(files)))
            if built:  # a build that failed has said why, and built nothing to speak of
                click.echo(f"Built again in {time.monotonic() - started:.2f}s after {_listed(root, changed)} changed.",
                           err=True)
    finally:
        observer.stop()


def _said(step) -> tuple[bool, object]:
    """Whether `step()` went well, and what it returned; a mistake in a file is said, and the watch
    goes on."""
    try:
        return True, step()
    except GuidesError as error:
        click.echo(error.render(), err=True)
        return False, None


def _listed(root: Path, paths: set[Path]) -> str:
    names = sorted(path.relative_to(root).as_posix() for path in paths if not path.is_dir())
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
