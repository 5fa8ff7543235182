"""`guides check`: readability, jargon, template and front matter checks, with plain messages.

Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 bad usage or unreadable input.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path

import click

from .. import clock, report
from ..checks import CheckContext, plainwords, registry, run_checks
from ..checks.load import load_document
from ..errors import DataError, GuidesError, UnreadableInput, UsageError
from ..model import load_project
from ..settings import load_settings
from ..textmeasure import language_name, not_measured, reading_grade

# The pages people write: guides (with their translations and councils' own versions), and the about
# page every site has, in English and translated.
DEFAULT_PATHS = ["content/guides/*.md", "locales/*/guides/*.md", "authorities/*/guides/*.md", "content/about.md",
                 "locales/*/about.md"]


def run_check(root: Path, paths: list[str], locale: str | None, output: str, changed_since: str | None) -> int:
    settings = load_settings(root)
    _WORKED_OUT.clear()
    files = _files(root, paths)
    try:
        project = _project(root)  # a broken data file is reported as the build would, before any prose is read
    except DataError as error:
        raise UnreadableInput(error.problems) from None
    if locale:
        project.require_language(locale)
    if changed_since:
        files = [f for f in files if f.resolve() in _changed(root, changed_since)]
    findings, pages, problems = _check_all(root, files, locale, settings)
    if problems:
        raise UnreadableInput(problems)
    click.echo(_formatted(output, findings, pages))
    if output == "text" and any(Path(p).suffix in (".yml", ".yaml") for p in paths):
        click.echo("The data files read as guides build reads them: no problems.")
    return 1 if any(f.severity == "error" for f in findings) else 0


def _check_all(root: Path, files: list[Path], locale: str | None, settings):
    """Check files in this process, or for many files in one process per core (forked, so that the
    dictionary and the project are loaded once and shared)."""
    cores = os.cpu_count() or 1
    if len(files) < 200 or cores < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return _check_files(root, files, locale, settings)
    # Load what every worker needs before forking, so it is read once and shared: the syllable
    # dictionary, the project, and the plain-words lists (half a second each, per worker, otherwise).
    reading_grade(WARM_UP, "en")
    project = _project(root)
    for language in project.languages():
        plainwords.for_language(language)
    batches = _batches(files)
    gc.freeze()  # what is loaded now is shared with the workers, and their collector never looks through it
    try:
        with ProcessPoolExecutor(cores, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_collect_less) as pool:
            count = len(batches)
            parts = list(pool.map(_check_files, [root] * count, batches, [locale] * count, [settings] * count))
    finally:
        gc.unfreeze()
    findings = sorted((f for part in parts for f in part[0]), key=lambda f: (f.path, f.line, f.column, f.check))
    pages = sorted((p for part in parts for p in part[1]), key=lambda p: p["path"])
    problems = sorted((p for part in parts for p in part[2]), key=lambda p: (str(p.path), p.line or 0))
    return findings, pages, problems


def _batches(files: list[Path]) -> list[list[Path]]:
    """The files in batches of BATCH, the biggest files first. Workers take the next batch when
    they finish one, so both end together however the work falls (or one core is slower): with
    half the files each, one worker waited up to a tenth of the run for the other."""
    biggest_first = [path for _, path in sorted(((_size(path), path) for path in files), reverse=True)]
    return [biggest_first[start:start + BATCH] for start in range(0, len(files), BATCH)]


BATCH = 50


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reported when it is read


# Long enough to be measured (textmeasure.MIN_WORDS): a shorter text never loads the dictionary.
WARM_UP = "Read this page with your child and talk about what you see. " * 5


def _collect_less() -> None:
    """A check makes many small objects, freed as soon as a page is done: Python's cycle collector
    looked through them every 700 allocations, a twentieth of a worker's time."""
    gc.set_threshold(20_000, 20, 20)


@lru_cache(maxsize=1)
def _project(root: Path):
    """The project, for glossaries and template checks; its data files' problems stop the check."""
    return load_project(root, with_guides=False)


# What checks work out once for a whole run (CheckContext.cache): emptied as each run starts, and
# kept by a worker from one batch to the next.
_WORKED_OUT: dict = {}


def _check_files(root: Path, files: list[Path], locale: str | None, settings):
    project = _project(root)
    glossaries, findings, pages, problems, cache = {}, [], [], [], _WORKED_OUT
    checks = registry()
    for path in files:
        try:
            document = load_document(path, root, locale)
        except GuidesError as error:
            problems.extend(error.problems)
            continue
        glossary = glossaries.setdefault(document.locale, project.glossary_for(document.locale) if project else [])
        context = CheckContext(settings, glossary, project, clock.today(), cache)
        findings.extend(run_checks(document, context, checks))
        text = document.text()
        grade = reading_grade(text, document.locale)
        pages.append({"path": document.path, "language": language_name(document.locale),
                      "reading_age": None if grade is None else grade + 5,
                      "not_measured": not_measured(text, document.locale)})
    return findings, pages, problems


def _formatted(output: str, findings, pages) -> str:
    if output == "json":
        return report.as_json(findings)
    if output == "github":
        return report.as_github(findings)
    if output == "sarif":
        return report.as_sarif(findings, registry())
    return report.as_text(findings, pages)


def _files(root: Path, paths: list[str]) -> list[Path]:
    """The Markdown pages to read. Data files (.yml) are checked by loading the project, as a build does."""
    if not paths:
        return sorted(p for pattern in DEFAULT_PATHS for p in root.glob(pattern))
    files = []
    for name in paths:
        path = Path(name) if Path(name).is_absolute() else Path.cwd() / name
        if path.is_dir():
            files.extend(sorted(path.rglob("*.md")))
        elif path.is_file() and path.suffix in (".yml", ".yaml"):
            continue
        elif path.is_file():
            files.append(path)
        else:
            raise UsageError(f"{name}: there is no such file or folder. Give a guide's path, like content/guides/homework.md.")
    return files


def _changed(root: Path, ref: str) -> set[Path]:
    """Files changed since `ref` (committed since the common ancestor, or changed in the work tree)."""
    import git

    try:
        repo = git.Repo(root, search_parent_directories=True)
        base = repo.merge_base(ref, "HEAD")[0]
        names = repo.git.diff("--name-only", base.hexsha).splitlines()
        names += repo.untracked_files
    except (git.GitError, IndexError, ValueError) as error:
        raise UsageError(f"--changed-since {ref}: git cannot compare with '{ref}' here ({str(error).strip()[:200]}). "
                         "Check the branch name, and that the clone has its history (fetch-depth: 0).") from None
    top = Path(repo.working_tree_dir)
    return {(top / name).resolve() for name in names}
