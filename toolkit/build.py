"""Build assembled sites with MkDocs, in parallel worker processes, and publish them atomically.

MkDocs keeps global state (logging, plugins, the working directory), so each site is built in a
fresh worker process. A site is built into a temporary folder beside its final place and only then
moved into place, so a build that fails or is killed never leaves a half-written site: readers keep
the previous one.
"""

from __future__ import annotations

import html
import multiprocessing
import os
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .assemble import AssembledSite, Site
from .errors import BuildError, Problem

TMP = ".tmp"  # under the output folder, so the final move is a rename on the same disk


@dataclass
class Result:
    site: Site
    output: Path
    error: str | None = None


@dataclass
class Task:
    site: Site
    config: Path
    built: Path  # where MkDocs writes
    final: Path  # where the site is published


def build_sites(assembled: list[AssembledSite], out: Path, jobs: int | None = None) -> list[Result]:
    """Build every site into `out`. A site that fails keeps its old version; the others are published."""
    out = out.resolve()
    recover_interrupted(out)
    work = Path(tempfile.mkdtemp(prefix="build-", dir=_tmp_dir(out)))
    try:
        tasks = []
        for index, site in enumerate(assembled):
            folder = work / str(index)
            tasks.append(Task(site.site, site.write(folder), folder / "site", out / site.site.path))
        results = list(_run(tasks, jobs or os.cpu_count() or 1))
        write_index_pages(out, {r.site.authority for r in results if r.error is None}, assembled)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        _remove_if_empty(out / TMP)
    return results


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass  # not empty: another build is running, or a crash left files that the next run clears


def raise_for_failures(results: list[Result]) -> None:
    failed = [r for r in results if r.error]
    if failed:
        problems = [Problem("", None, f"The site {r.site.name} could not be built: {r.error}") for r in failed]
        raise BuildError(problems)


def _run(tasks: list[Task], jobs: int):
    # spawn + max_tasks_per_child=1: every site gets a clean interpreter (MkDocs global state).
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, max_tasks_per_child=1) as pool:
        futures = [(task, pool.submit(mkdocs_build, str(task.config), str(task.built))) for task in tasks]
        for task, future in futures:
            try:
                error = future.result()
            except Exception as crash:  # a worker that died: report it, keep going with the others
                error = f"the build process stopped unexpectedly ({crash})"
            if error is None:
                publish(task.built, task.final)
            yield Result(task.site, task.final, error)


def mkdocs_build(config_file: str, site_dir: str) -> str | None:
    """Run in a worker process: build one site. Returns an error message, or None on success."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    try:
        config = load_config(config_file, site_dir=site_dir)
        build(config)
    except MkDocsException as error:
        return str(error)
    except (OSError, ValueError) as error:
        return f"{type(error).__name__}: {error}"
    return None


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


def write_index_pages(out: Path, authorities: set[str], assembled: list[AssembledSite]) -> None:
    """Small landing pages: each authority's folder sends readers to its first language."""
    for slug in sorted(authorities):
        locales = [a.site.locale for a in assembled if a.site.authority == slug and not a.site.school]
        if not locales:
            continue
        target = f"{locales[0]}/"
        _atomic_write(out / slug / "index.html", _redirect_page(target))
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
