"""`guides build`: load, validate, render and assemble every chosen site, then build them."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

from .. import clock, shortlinks
from ..assemble import AssembledSite, assemble_all, sites_for
from ..build import (Result, build_sites, is_current, output_lock, raise_for_failures, start_workers,
                     write_index_pages)
from ..errors import BuildError, Problem
from ..fingerprint import Fingerprints
from ..history import History
from ..model import Project


def run_build(project: Project, authority: str | None = None, locale: str | None = None,
              schools: list[str] | None = None, shard: tuple[int, int] | None = None,
              jobs: int | None = None, out: Path | None = None) -> None:
    out = out or project.root / "site"
    sites = sites_for(project, authority, locale, schools, shard)
    if not sites:
        click.echo("Nothing to build: no site matches those options.", err=True)
        return
    try:
        with output_lock(out, waiting=lambda: click.echo(f"Another build is writing to {out}: waiting for it to "
                                                         "finish ...", err=True)):
            _build(project, sites, jobs, out)
    except OSError as error:  # a full disk, a folder we may not write: the old sites are still there
        where = error.filename or out
        raise BuildError(Problem(str(where), None, f"could not be written ({error.strerror or error}). Free some "
                                 "disk space, or choose a folder you can write to with --out, and run the build "
                                 "again: the sites that were there before are unchanged.")) from None


def _build(project: Project, sites, jobs: int | None, out: Path) -> None:
    started = time.monotonic()
    history = History(project.root)
    if history.warning():
        click.echo(f"Warning: {history.warning()}", err=True)
    today = clock.today()
    prints = Fingerprints(project, history, sites, today)
    fingerprints = {site: prints.of(site) for site in sites}
    changed = [site for site in sites if not is_current(out, site, fingerprints[site])]
    results = [Result(site, out / site.path, unchanged=True) for site in sites if site not in changed]
    # Workers start importing MkDocs now, while this process renders the pages.
    pool = start_workers(min(jobs or os.cpu_count() or 1, len(changed))) if changed else None
    try:
        assembled = assemble_all(project, changed, today, history=history, all_sites=sites)
    except BaseException:
        if pool:
            pool.shutdown(cancel_futures=True)
        raise
    click.echo(f"Building {len(assembled)} of {len(sites)} site(s) into {out} "
               f"({len(results)} unchanged) ...", err=True)
    progress = Progress(len(assembled))
    results += build_sites(assembled, out, fingerprints, jobs, progress=progress, pool=pool,
                           published=lambda site: shortlinks.write_links(out, short_link_pages([site])))
    progress.finish()
    write_index_pages(out, sites, {slug: str(a.data.name) for slug, a in project.authorities.items()})
    built = {r.site for r in results if r.error is None and not r.unchanged}
    # Each site wrote its own as it was published; once more for all, to catch two pages sharing a code.
    shortlinks.write_links(out, short_link_pages([a for a in assembled if a.site in built]))
    click.echo(summary(results, time.monotonic() - started, out))
    for authority in stale_school_sites(out, sites):
        click.echo(f"Note: {out / authority / 'schools'} has school sites from an earlier build, which this one did "
                   f"not update: run guides build --authority {authority} --schools all to bring them up to date.",
                   err=True)
    raise_for_failures(results)


def short_link_pages(assembled: list[AssembledSite]) -> dict[str, list[str]]:
    """Each guide page that has a web address, as its authority's short links need it: by authority,
    the page's address inside the authority's folder. (Unchanged sites kept theirs from before.)"""
    pages: dict[str, list[str]] = {}
    for site in assembled:
        if site.config.get("site_url"):
            inside = site.site.path.relative_to(site.site.authority).as_posix()
            pages.setdefault(site.site.authority, []).extend(
                f"{inside}/guides/{page.meta['guide']}/" for page in site.pages if "guide" in page.meta)
    return pages


class Progress:
    """One line that counts sites built, unchanged, failed and left; a line per site when not a terminal."""

    def __init__(self, total: int, clock=time.monotonic):
        self.total, self.done = total, []
        self.live = sys.stderr.isatty()
        self.clock, self.started = clock, clock()

    def __call__(self, result: Result) -> None:
        self.done.append(result)
        if self.live:
            click.echo(f"\r{self._counts()}", nl=False, err=True)
        elif result.error is None and not result.unchanged:
            click.echo(f"  built {result.site.name}", err=True)
        for warning in result.warnings:
            click.echo(f"{'' if not self.live else chr(10)}  warning in {result.site.name}: {warning}", err=True)

    def _counts(self) -> str:
        built = sum(r.error is None and not r.unchanged for r in self.done)
        unchanged = sum(r.unchanged for r in self.done)
        failed = sum(r.error is not None for r in self.done)
        left = self.total - len(self.done)
        width = 30
        bar = "#" * (width * len(self.done) // self.total)
        return f"[{bar:<{width}}] {built} built, {unchanged} unchanged, {failed} failed, {left} left{self._time_left(left)}"

    def _time_left(self, left: int) -> str:
        """About how long the sites still to build will take, at the pace so far."""
        if not left or not self.done:
            return ""
        seconds = round((self.clock() - self.started) / len(self.done) * left)
        return f", about {seconds // 60}:{seconds % 60:02d} to go"

    def finish(self) -> None:
        if self.live:
            click.echo("", err=True)


def summary(results: list[Result], seconds: float, out: Path) -> str:
    built = sum(r.error is None and not r.unchanged for r in results)
    unchanged = sum(r.unchanged for r in results)
    failed = [r for r in results if r.error]
    text = f"{built} site(s) built, {unchanged} unchanged, {len(failed)} failed, in {seconds:.1f}s."
    if not failed:
        # The pages link to folders, as a web server serves them, not to index.html files on disk.
        first = results[0].site.path.as_posix() + "/" if len(results) == 1 else ""
        text += f" To look at them: python3 -m http.server -d {out}, then open http://localhost:8000/{first}"
    return text


def stale_school_sites(out: Path, sites) -> list[str]:
    """Authorities whose school sites, built before, this build did not touch: they may be out of date."""
    built = {s.authority for s in sites if s.school}
    return sorted(a for a in {s.authority for s in sites} - built if (out / a / "schools").is_dir()
                  and any(p.is_dir() and p.name.isdigit() for p in (out / a / "schools").iterdir()))
