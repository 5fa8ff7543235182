"""`guides build --watch`: after each saved edit the sites are built again, as a new, clean build
would make them; a mistake in a file is said, and the watch goes on."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

from support import TODAY

from toolkit.commands.watch import Changes, schools_only

WAIT_SECONDS = 300  # for one line of the watch's output: a first build on a slow CI machine


class Watch:
    """`guides build --watch` running, its output read line by line as it comes."""

    def __init__(self, repo: Path, *args: str):
        env = dict(os.environ, GUIDES_TODAY=TODAY.isoformat(), NO_MKDOCS_2_WARNING="1")
        self.process = subprocess.Popen([sys.executable, "-m", "toolkit", "build", *args, "--watch"], cwd=repo,
                                        env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.lines: queue.Queue[str] = queue.Queue()
        self.said: list[str] = []
        threading.Thread(target=lambda: [self.lines.put(line) for line in self.process.stdout], daemon=True).start()

    def wait_for(self, start: str) -> list[str]:
        """The lines up to the first that starts with `start`."""
        seen = []
        while True:
            line = self.lines.get(timeout=WAIT_SECONDS)
            seen.append(line)
            self.said.append(line)
            if line.startswith(start):
                return seen

    def after_saving(self, path: Path, text: str) -> str:
        """What the watch says after `text` is saved in `path` (as editors save: a new file put in
        its place, never half written), until it watches again."""
        saved = path.with_name(f".{path.name}.saving")
        saved.write_text(text, encoding="utf-8")
        os.replace(saved, path)
        return "".join(self.wait_for("Watching "))

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=60)
        while not self.lines.empty():
            self.said.append(self.lines.get())
        return self.process.returncode


def _first_school(repo: Path) -> Path:
    """The first school's file of the first authority that has schools."""
    return next(path for folder in sorted((repo / "authorities").iterdir())
                for path in sorted((folder / "schools").glob("*.yml")))


def _files(out: Path) -> dict[str, bytes]:
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in sorted(out.rglob("*"))
            if path.is_file() and path.name != ".lock"}


def test_an_edited_school_is_built_again_as_a_clean_build_makes_it(repo, tmp_path):
    school = _first_school(repo)
    authority, urn = school.parent.parent.name, school.stem
    options = ["--authority", authority, "--schools", "all", "--jobs", "1"]
    watch = Watch(repo, *options, "--out", str(tmp_path / "watched"))
    try:
        watch.wait_for("Watching ")
        text = school.read_text(encoding="utf-8")
        # Edits: only this school's sites are built again, by the workers that built them first.
        edited = re.sub(r"(?m)^phone: .*$", "phone: 01632 960999", text)
        rebuilt = watch.after_saving(school, edited)
        assert "Built again in " in rebuilt
        edited = re.sub(r"(?m)^parents_evenings: .*\n", "", edited) + "parents_evenings: [2027-01-12]\n"
        assert "Built again in " in watch.after_saving(school, edited)
        # Renamed: the authority's directory lists it, so the authority's sites are built again too.
        edited = re.sub(r"(?m)^name: .*$", "name: Renamed Watch School", edited)
        renamed = watch.after_saving(school, edited)
        directory = (tmp_path / f"watched/{authority}/en/schools/index.html").read_text(encoding="utf-8")
        assert "Built again in " in renamed and "Renamed Watch School" in directory
        # A mistake: said, with the file and line, and the watch goes on.
        said = watch.after_saving(school, edited + "phone: [\n")
        assert f"{urn}.yml:" in said and "Traceback" not in said
        # Put right: everything is read again.
        assert "starting again" in watch.after_saving(school, edited)
    finally:
        code = watch.stop()
    assert code == 130 and "Stopped." in watch.said[-1] and "Traceback" not in "".join(watch.said)
    languages = len([p for p in (tmp_path / f"watched/{authority}/schools/{urn}").iterdir() if p.is_dir()])
    assert f"{languages} site(s) built" in rebuilt
    assert f"{2 * languages} site(s) built" in renamed  # its own and the authority's, in the same languages
    env = dict(os.environ, GUIDES_TODAY=TODAY.isoformat(), NO_MKDOCS_2_WARNING="1")
    clean = subprocess.run([sys.executable, "-m", "toolkit", "build", *options, "--out", str(tmp_path / "clean")],
                           cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert clean.returncode == 0, clean.stderr
    watched, expected = _files(tmp_path / "watched"), _files(tmp_path / "clean")
    assert sorted(watched) == sorted(expected)
    assert [name for name in expected if watched[name] != expected[name]] == []
    page = (tmp_path / f"watched/{authority}/schools/{urn}/en/school/index.html").read_text(encoding="utf-8")
    assert "01632 960999" in page and "12 January 2027" in page


def test_only_a_schools_file_is_read_again_on_its_own(tmp_path):
    root = tmp_path
    (root / "authorities/here/schools").mkdir(parents=True)
    temporary = root / "authorities/here/schools/sedAbc12"  # an editor's copy, gone once saved
    assert schools_only(root, {root / "authorities/here/schools/990101.yml", temporary,
                               root / "authorities/here/schools"})
    (root / "authorities/here/authority.yml").write_text("name: Here\n")
    assert not schools_only(root, {root / "authorities/here/schools/990101.yml", root / "authorities/here/authority.yml"})
    (root / "content").mkdir()
    (root / "content/glossary.yml").write_text("terms: []\n")
    assert not schools_only(root, {root / "content/glossary.yml"})


def test_the_builds_own_output_inside_the_repository_is_no_change(tmp_path):
    """A build into content/site/ writes there: that must not start another build, and another."""
    from watchdog.events import FileCreatedEvent, FileModifiedEvent

    changes = Changes(tmp_path, ignored=tmp_path / "content/site")
    changes.on_any_event(FileCreatedEvent(str(tmp_path / "content/site/index.html")))
    changes.on_any_event(FileModifiedEvent(str(tmp_path / "content/guides/homework.md")))
    changes.on_any_event(FileModifiedEvent(str(tmp_path.parent / "elsewhere.md")))
    assert changes.paths == {tmp_path / "content/guides/homework.md"}
