"""Build sites with MkDocs in parallel worker processes, and publish them atomically.

- Each site is built into a temporary folder beside its final place and only then moved in, so a
  build that fails or is killed never leaves a half-written site: readers keep the previous one.
- Workers live for the whole run and build many sites each; fast_mkdocs.py keeps MkDocs' fixed
  costs (templates, theme listing, theme assets) to once per worker instead of once per site.
- A worker renders each site's pages itself (worker.py), and only a few sites wait in the queue at
  a time, so this process's memory stays flat however many schools there are.
- A site whose inputs have not changed since its last build is not rebuilt (see fingerprint.py).
- One failing site does not stop the others: it is reported with its reason at the end.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import hashlib
import html
import itertools
import multiprocessing
import os
import shutil
import tempfile
import threading
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BuildError, Problem
from .worker import Assembled, BuildInputs, FromSources, Outcome, build_site, get_ready

if TYPE_CHECKING:  # only for annotations: worker processes should not have to import the renderer
    from .assemble import AssembledSite, Site

TMP = ".tmp"  # under the output folder, so the final move is a rename on the same disk
SHARED = ".shared"  # one copy of the theme's assets, hard-linked into every site
STATE = ".state"  # each site's fingerprint, to skip unchanged sites
LOCK = ".lock"  # held by the build that is writing to the folder


@dataclass
class Result:
    site: Site
    output: Path
    error: str | None = None
    warnings: tuple[str, ...] = ()
    unchanged: bool = False
    problems: tuple = ()  # what stopped its pages being made, file by file
    failure: type | None = None  # the kind of GuidesError that did (see raise_for_failures)
    links: tuple[str, ...] = ()  # its guide pages' addresses, for the short links
    stencilled: bool = False  # filled in from another school's site (stencil.py)


@dataclass
class Task:
    site: Site
    job: object  # worker.FromSources or worker.Assembled: what the worker renders the site from
    built: Path  # where MkDocs writes
    final: Path  # where the site is published
    fingerprint: str


@contextlib.contextmanager
def output_lock(out: Path, waiting=None):
    """Hold the output folder for one build at a time: a second build into the same folder waits
    for the first (calling `waiting()` once, to say so) instead of deleting its temporary files.
    The lock is the operating system's, so it goes with a build that is killed."""
    out.mkdir(parents=True, exist_ok=True)
    with open(out / LOCK, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting:
                waiting()
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def start_workers(jobs: int, root: Path | None = None) -> ProcessPoolExecutor:
    """Worker processes, started now so that they get ready (MkDocs imported and, given the
    repository, its guides read and the theme compiled) while the caller gets ready too.

    spawn, not fork: MkDocs and Markdown keep module-level state that must start clean.
    """
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=get_ready, initargs=(str(root) if root else None,))
    for _ in range(jobs):
        pool.submit(int)  # a trivial task makes the pool start each worker straight away
    return pool


def build_sites(sites: list[AssembledSite | Site], out: Path, fingerprints: dict[Site, str],
                jobs: int | None = None, progress=None, pool: ProcessPoolExecutor | None = None,
                published=None, inputs: BuildInputs | None = None, kinds: dict | None = None,
                keep_pool: bool = False, stencils: Path | None = None) -> list[Result]:
    """Build every site into `out`. A site that fails keeps its old version; the others are published.

    `sites` are either assembled already (their pages go to the workers) or, with `inputs`, plain
    `Site`s that each worker renders itself from the repository: then nothing of a site is held here,
    and this process stays small however many sites there are. `kinds` gives such a school site its
    kind (assemble.school_kind): a kind with more than one site gets a stencil (stencil.py).
    `fingerprints` (see fingerprint.py) are recorded with each site, so that an unchanged site is
    skipped next time (`is_current`). `progress(result)` is called as each site finishes, and
    `published(result)` as soon as it is in place, before it counts as built: what it writes (the
    short addresses) is never missing for a site that a later run would skip. With `keep_pool`, the
    given workers are left running for the next build (guides build --watch), and every school
    site uses a stencil: the workers keep those they made, for the sites edited next, and share
    them in the folder `stencils`, which the caller keeps too.
    Call it holding `output_lock(out)`: it clears what an interrupted build left behind.
    """
    out = out.resolve()
    work = None
    try:
        recover_interrupted(out, [out / _site_of(site).path for site in sites])
        work = Path(tempfile.mkdtemp(prefix="build-", dir=_tmp_dir(out)))
        saved = str(inputs.save(work)) if inputs else None
        kinds = kinds or {}
        alike = Counter(kinds.values())
        if keep_pool:  # the workers keep their stencils for the next build: a school's next edit uses its kind's
            from .stencil import WORTH_A_STENCIL

            alike = Counter({kind: max(count, WORTH_A_STENCIL) for kind, count in alike.items()})
        kept = str(stencils) if stencils else None
        tasks = [Task(_site_of(site), FromSources(saved, site, alike[kinds.get(site)], kept) if saved
                      else Assembled(site), work / str(index), out / _site_of(site).path, fingerprints[_site_of(site)])
                 for index, site in enumerate(sites)]
        results = []
        if not tasks:
            if pool is not None and not keep_pool:
                pool.shutdown(cancel_futures=True)
            return results
        workers = min(jobs or os.cpu_count() or 1, len(tasks))  # as the caller starts them, if it did
        pool = pool or start_workers(workers)
        for result in _run(tasks, pool, AHEAD * workers, out / SHARED, out, published, keep_pool):
            results.append(result)
            progress and progress(result)
    except BaseException:  # a folder that cannot be written, say: stop the workers started for it
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        raise
    finally:
        if work is not None:
            if keep_pool:  # a watch: the sites are in place, say so now and tidy up meanwhile
                threading.Thread(target=shutil.rmtree, args=(work, True), daemon=True).start()
            else:
                shutil.rmtree(work, ignore_errors=True)
        _remove_if_empty(out / TMP)
    _forget_unused_assets(out / SHARED)
    return results


def _site_of(site: AssembledSite | Site) -> Site:
    return getattr(site, "site", site)


def _forget_unused_assets(store: Path) -> None:
    """Drop shared theme files that no site links to any more (an older theme's, say)."""
    if store.is_dir():
        for path in store.iterdir():
            if path.is_file() and path.stat().st_nlink == 1:
                path.unlink(missing_ok=True)


def is_current(out: Path, site: Site, fingerprint: str) -> bool:
    """True when the site in `out` was built from exactly these inputs."""
    try:
        recorded = _state_file(out, site).read_text()
    except OSError:  # never built there, or its record lost
        return False
    return recorded == fingerprint and (out / site.path).is_dir()


# Sites waiting in the queue for each worker: enough to keep every worker busy, few enough that a
# national build does not hold 40,000 of them in memory at once.
AHEAD = 4


def _run(tasks: list[Task], pool: ProcessPoolExecutor, ahead: int, shared: Path, out: Path, published=None,
         keep_pool: bool = False):
    with contextlib.nullcontext() if keep_pool else pool:
        waiting = iter(tasks)
        running = {}

        def submit(count: int) -> None:
            for task in itertools.islice(waiting, count):
                try:
                    future = pool.submit(build_site, task.job, str(task.built), str(shared))
                except BrokenProcessPool as crash:  # a worker died: the sites still to come fail with its reason
                    future = Future()
                    future.set_exception(crash)
                running[future] = task

        submit(ahead)
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                task = running.pop(future)
                yield _finish(task, future, out, published)
            submit(len(done))


def _finish(task: Task, future, out: Path, published) -> Result:
    try:
        outcome = future.result()
    except Exception as crash:  # a worker that died: report it, keep going with the others
        outcome = Outcome(f"the build process stopped unexpectedly ({crash})")
    result = Result(task.site, task.final, outcome.error, tuple(outcome.warnings), problems=tuple(outcome.problems),
                    failure=outcome.failure, links=tuple(outcome.links), stencilled=outcome.stencilled)
    if outcome.error is None:
        publish(task.built, task.final)
        if published:
            published(result)
        _write_state(out, task.site, task.fingerprint)
    return result


def raise_for_failures(results: list[Result]) -> None:
    failed = [r for r in results if r.error]
    if failed:
        problems = []
        for result in failed:
            problems.extend(p for p in result.problems if p not in problems)
            if not result.problems:
                problems.append(Problem("", None, f"The site {result.site.name} could not be built: {result.error}"))
        # As the problem would have been raised in one process: a file that cannot be read exits 2.
        kinds = [r.failure for r in failed if r.failure]
        raise (max(kinds, key=lambda kind: kind.exit_code) if kinds else BuildError)(problems)


# --- incremental builds ---------------------------------------------------------------------------


def _state_file(out: Path, site: Site) -> Path:
    return out / STATE / (str(site.path).replace(os.sep, "__") + ".sha256")


def _write_state(out: Path, site: Site, fingerprint: str) -> None:
    atomic_write(_state_file(out, site), fingerprint)


# --- atomic publishing ----------------------------------------------------------------------------


def publish(built: Path, final: Path) -> None:
    """Move a finished site into place, replacing the old one.

    Two renames on the same disk: the old site steps aside, the new one steps in. If the process is
    killed between them, `recover_interrupted` puts the old site back on the next run. The old site
    then takes the new one's place in the build's temporary folder, and is deleted with it.
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    old = _old_name(final)
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        os.rename(final, old)
    os.rename(built, final)
    if old.exists():
        os.rename(old, built)


def _old_name(final: Path) -> Path:
    return final.with_name(f".{final.name}.old")


def recover_interrupted(out: Path, finals: list[Path]) -> None:
    """Undo the traces of a build that was killed: restore a site caught mid-swap, drop temp files."""
    for final in finals:
        old = _old_name(final)
        if old.exists():
            if final.exists():
                shutil.rmtree(old, ignore_errors=True)
            else:
                os.rename(old, final)
    shutil.rmtree(out / TMP, ignore_errors=True)


def _tmp_dir(out: Path) -> Path:
    folder = out / TMP
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass  # not empty: another build is running, or a crash left files that the next run clears


def write_index_pages(out: Path, sites: list[Site], names: dict[str, str] | None = None,
                      built_here: bool = True, written: dict[Path, str] | None = None) -> None:
    """Small landing pages: each authority's (and school's) folder sends readers to its first language,
    and the top one lists the authorities, by `names` (folder: name) where given. With `built_here`,
    for those of `sites` that are in `out` (and every authority folder there); without, for all of
    `sites`, wherever they are built. `written` (a watch's) is what this process wrote there before:
    a page that would say the same is left alone, without reading it."""
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    first_language, top = {}, str(out)
    for site in sites:
        if not built_here or os.path.isdir(f"{top}/{site.path}"):  # a string: 40,000 Paths cost more than it
            first_language.setdefault(site.path.parent, site.locale)
    pages = {out / folder / "index.html": redirect_page(f"{locale}/") for folder, locale in first_language.items()}
    if built_here:
        listing = sorted(p.name for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))
    else:
        listing = sorted({site.authority for site in sites})
    names = names or {}
    links = "\n".join(f'<li><a href="{html.escape(folder)}/">{html.escape(names.get(folder, folder))}</a></li>'
                      for folder in listing)
    pages[out / "index.html"] = _PAGE.format(title="Parent Guides", body=f"<ul>{links}</ul>", head="")
    # A wrong address anywhere on the server: a way back to the list, in every site's first language.
    pages[out / "404.html"] = _PAGE.format(title="Page not found", head="", body=(
        '<p>We cannot find this page. The address may be wrong, or the page has moved.</p>'
        '<p><a href="/">See all the guides</a></p>'))
    for path, text in pages.items():
        if written is None or written.get(path) != text:
            atomic_write(path, text)
            if written is not None:
                written[path] = text


# The toolkit's own small pages (the list of authorities, and the pages that forward a reader to a
# language or from a short address): no scripts, nothing loaded, like every page of the sites.
# Links big enough to tap (WCAG 2.5.8: 24 px), in the page's one style sheet, which its policy names.
_STYLE = "body{font-family:system-ui,sans-serif;margin:1rem;line-height:1.5}li{margin:.5rem 0}a{display:inline-block;min-height:24px;padding:.2rem 0}"
_STYLE_HASH = base64.b64encode(hashlib.sha256(_STYLE.encode()).digest()).decode()
_PAGE = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" '
         f'content="default-src \'none\'; style-src \'sha256-{_STYLE_HASH}\'; base-uri \'none\'; form-action \'none\'">'
         '<meta name="viewport" content="width=device-width,initial-scale=1"><title>{title}</title>'
         '<style>' + _STYLE.replace("{", "{{").replace("}", "}}") + '</style>'
         '{head}</head><body><h1>{title}</h1>{body}</body></html>\n')


def redirect_page(target: str) -> str:
    target = html.escape(target)
    return _PAGE.format(title="Parent Guides", head=f'<meta http-equiv="refresh" content="0; url={target}">',
                        body=f'<p><a href="{target}">Open the guides</a></p>')


def write_new(path: str, content: bytes) -> None:
    """Write a file that is not there yet, with the system's own calls: a school site is about a
    hundred files and its short addresses 27 more, and for each Python's file objects cost more
    than the writing. Nothing is replaced: a file already there is an error (FileExistsError)."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        left = memoryview(content)
        while left:
            left = left[os.write(handle, left):]
    finally:
        os.close(handle)


def atomic_write(path: Path, text: str) -> bool:
    """Replace the file with `text`, whole or not at all; whether it was written. A file that says it
    already is left as it is: a build that changed one site does not write its authority's hundred
    landing pages again."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, ValueError):  # not there yet, or not a text this build wrote: replaced below
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
    return True
