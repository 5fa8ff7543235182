"""Build assembled sites with MkDocs in parallel worker processes, and publish them atomically.

- Each site is built into a temporary folder beside its final place and only then moved in, so a
  build that fails or is killed never leaves a half-written site: readers keep the previous one.
- Workers live for the whole run and build many sites each; fast_mkdocs.py keeps MkDocs' fixed
  costs (templates, theme listing, theme assets) to once per worker instead of once per site.
- A site whose inputs have not changed since its last build is not rebuilt (its fingerprint covers
  the rendered pages, its config, the theme and the toolkit's and MkDocs' versions).
- One failing site does not stop the others: it is reported with its reason at the end.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import multiprocessing
import os
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from .assemble import AssembledSite, Site
from .errors import BuildError, Problem

TMP = ".tmp"  # under the output folder, so the final move is a rename on the same disk
SHARED = ".shared"  # one copy of the theme's assets, hard-linked into every site
STATE = ".state"  # each site's fingerprint, to skip unchanged sites


@dataclass
class Result:
    site: Site
    output: Path
    error: str | None = None
    warnings: tuple[str, ...] = ()
    unchanged: bool = False


@dataclass
class Task:
    site: Site
    config: Path
    built: Path  # where MkDocs writes
    final: Path  # where the site is published
    fingerprint: str


def build_sites(assembled: list[AssembledSite], out: Path, jobs: int | None = None, theme: Path | None = None,
                progress=None) -> list[Result]:
    """Build every site into `out`. A site that fails keeps its old version; the others are published.

    `progress(result)` is called as each site finishes.
    """
    out = out.resolve()
    recover_interrupted(out)
    work = Path(tempfile.mkdtemp(prefix="build-", dir=_tmp_dir(out)))
    theme_print = _theme_fingerprint(theme)
    results, tasks = [], []
    try:
        for index, site in enumerate(assembled):
            final = out / site.site.path
            fingerprint = site_fingerprint(site, theme_print)
            if final.is_dir() and _state_file(out, site.site).is_file() and \
                    _state_file(out, site.site).read_text() == fingerprint:
                results.append(Result(site.site, final, unchanged=True))
                progress and progress(results[-1])
                continue
            folder = work / str(index)
            tasks.append(Task(site.site, site.write(folder), folder / "site", final, fingerprint))
        for result in _run(tasks, jobs or os.cpu_count() or 1, out / SHARED, out):
            results.append(result)
            progress and progress(result)
        write_index_pages(out, {r.site.authority for r in results if r.error is None}, assembled)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        _remove_if_empty(out / TMP)
    return results


def _run(tasks: list[Task], jobs: int, shared: Path, out: Path):
    if not tasks:
        return
    # spawn, not fork: MkDocs and Markdown keep module-level state that must start clean.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=context) as pool:
        futures = {pool.submit(mkdocs_build, str(t.config), str(t.built), str(shared)): t for t in tasks}
        for future in as_completed(futures):
            task = futures[future]
            try:
                error, warnings = future.result()
            except Exception as crash:  # a worker that died: report it, keep going with the others
                error, warnings = f"the build process stopped unexpectedly ({crash})", ()
            if error is None:
                publish(task.built, task.final)
                _write_state(out, task.site, task.fingerprint)
            yield Result(task.site, task.final, error, tuple(warnings))


def raise_for_failures(results: list[Result]) -> None:
    failed = [r for r in results if r.error]
    if failed:
        problems = [Problem("", None, f"The site {r.site.name} could not be built: {r.error}") for r in failed]
        raise BuildError(problems)


def mkdocs_build(config_file: str, site_dir: str, shared: str) -> tuple[str | None, list[str]]:
    """Run in a worker process: build one site. Returns (error message or None, warnings)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from .fast_mkdocs import SharedBuildPlugin

    warnings = _WarningCollector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(warnings)
    logger.propagate = False  # MkDocs' info lines would drown the progress; warnings are returned
    try:
        config = load_config(config_file, site_dir=site_dir)
        config.plugins["parent-guides-shared-build"] = SharedBuildPlugin(Path(shared))
        build(config)
    except MkDocsException as error:
        return str(error), warnings.messages
    except Exception as error:  # noqa: BLE001 - any failure of one site is reported; the worker goes on
        return f"{type(error).__name__}: {error}", warnings.messages
    finally:
        logger.removeHandler(warnings)
    return None, warnings.messages


class _WarningCollector(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


# --- incremental builds ---------------------------------------------------------------------------


def site_fingerprint(site: AssembledSite, theme_print: str) -> str:
    digest = hashlib.sha256()
    digest.update(theme_print.encode())
    digest.update(json.dumps(site.config, sort_keys=True, default=str).encode())
    for page in sorted(site.pages, key=lambda p: p.path):
        digest.update(page.path.encode() + b"\0" + page.text().encode() + b"\0")
    return digest.hexdigest()


def _theme_fingerprint(theme: Path | None) -> str:
    """The versions of everything that shapes a page besides its content, and our theme files."""
    parts = [version(name) for name in ("parent-guides", "mkdocs", "mkdocs-material", "markdown")]
    if theme is not None and theme.is_dir():
        for path in sorted(theme.rglob("*")):
            if path.is_file():
                stat = path.stat()
                parts.append(f"{path.relative_to(theme)}:{stat.st_size}:{stat.st_mtime_ns}")
    parts.append(Path(__file__).with_name("fast_mkdocs.py").read_text(encoding="utf-8"))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _state_file(out: Path, site: Site) -> Path:
    return out / STATE / (str(site.path).replace(os.sep, "__") + ".sha256")


def _write_state(out: Path, site: Site, fingerprint: str) -> None:
    _atomic_write(_state_file(out, site), fingerprint)


# --- atomic publishing ----------------------------------------------------------------------------


def publish(built: Path, final: Path) -> None:
    """Move a finished site into place, replacing the old one.

    Two renames on the same disk: the old site steps aside, the new one steps in. If the process is
    killed between them, `recover_interrupted` puts the old site back on the next run.
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    old = _old_name(final)
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        os.rename(final, old)
    os.rename(built, final)
    shutil.rmtree(old, ignore_errors=True)


def _old_name(final: Path) -> Path:
    return final.with_name(f".{final.name}.old")


def recover_interrupted(out: Path) -> None:
    """Undo the traces of a build that was killed: restore a site caught mid-swap, drop temp files."""
    if not out.exists():
        return
    for old in out.rglob(".*.old"):
        final = old.with_name(old.name[1:-4])
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


def write_index_pages(out: Path, authorities: set[str], assembled: list[AssembledSite]) -> None:
    """Small landing pages: each authority's (and school's) folder sends readers to its first language."""
    first_language = {}
    for site in assembled:
        if site.site.authority in authorities:
            first_language.setdefault(site.site.path.parent, site.site.locale)
    for folder, locale in first_language.items():
        _atomic_write(out / folder / "index.html", _redirect_page(f"{locale}/"))
    listing = sorted(p.name for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))
    links = "\n".join(f'<li><a href="{html.escape(name)}/">{html.escape(name)}</a></li>' for name in listing)
    _atomic_write(out / "index.html", _PAGE.format(title="Parent Guides", body=f"<ul>{links}</ul>", head=""))


_PAGE = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
         'content="width=device-width,initial-scale=1"><title>{title}</title>{head}</head>'
         '<body><h1>{title}</h1>{body}</body></html>\n')


def _redirect_page(target: str) -> str:
    target = html.escape(target)
    return _PAGE.format(title="Parent Guides", head=f'<meta http-equiv="refresh" content="0; url={target}">',
                        body=f'<p><a href="{target}">Open the guides</a></p>')


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
