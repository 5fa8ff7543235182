"""`guides build`: load and validate the repository, check the guides' templates, then build the
chosen sites in worker processes, each of which renders its own sites (see build.py, worker.py)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import click

from .. import clock, freshness, shortlinks
from ..assemble import Site, guide_url, guides_for, own_sites, school_kind, sites_for, template_problems
from ..build import (Result, build_sites, is_current, output_lock, raise_for_failures, start_workers,
                     write_index_pages)
from ..errors import BuildError, Problem, TemplateError
from ..fingerprint import Fingerprints
from ..history import History
from ..model import Project
from ..worker import BuildInputs


def run_build(project: Project, authority: str | None = None, locale: str | None = None,
              schools: list[str] | None = None, shard: tuple[int, int] | None = None,
              jobs: int | None = None, out: Path | None = None) -> None:
    out = out or project.root / "site"
    # A shard builds its share, but its pages are those of the whole build: an authority's directory
    # links to every school that has its own site, whichever shard builds that site.
    every = sites_for(project, authority, locale, schools)
    sites = sites_for(project, authority, locale, schools, shard) if shard else every
    if not sites:
        out.mkdir(parents=True, exist_ok=True)  # an empty share is still a folder to hand on
        click.echo("Nothing to build: no site matches those options.", err=True)
        return
    try:
        with output_lock(out, waiting=lambda: click.echo(f"Another build is writing to {out}: waiting for it to "
                                                         "finish ...", err=True)):
            _build(project, sites, every, jobs, out)
    except OSError as error:  # a full disk, a folder we may not write: the old sites are still there
        where = error.filename or out
        raise BuildError(Problem(str(where), None, f"could not be written ({error.strerror or error}). Free some "
                                 "disk space, or choose a folder you can write to with --out, and run the build "
                                 "again: the sites that were there before are unchanged.")) from None


def run_watch(root: Path, authority: str | None = None, locale: str | None = None, schools: list[str] | None = None,
              jobs: int | None = None, out: Path | None = None) -> None:
    """Build, then build again after each change (see watch.py), with the same workers throughout."""
    from .watch import watch

    root = root.resolve()
    out = out or root / "site"
    kept: Kept | None = None

    def build_again(project: Project, reread: frozenset[Path], changed: frozenset[Path] | None) -> None:
        nonlocal kept
        kept = kept or Kept(start_workers(jobs or os.cpu_count() or 1, project.root))
        every = sites_for(project, authority, locale, schools)
        try:
            with output_lock(out):
                _build(project, every, every, jobs, out, kept, reread, changed)
        except BaseException:  # a mistake in a file, or a site that failed: the next build starts afresh
            close()
            raise

    def close() -> None:
        nonlocal kept
        if kept is not None:
            kept.pool.shutdown(cancel_futures=True)
            shutil.rmtree(kept.stencils, ignore_errors=True)
            kept = None

    try:
        watch(root, build_again, close, ignored=out.resolve())
    finally:
        close()


@dataclass
class Kept:
    """What a watch keeps from one build to the next (see run_watch). Only schools' files change
    between them: a change to any other file starts the watch again."""

    pool: ProcessPoolExecutor  # its workers, left running
    # Where they share their stencils: a worker finds the one another made for an edited school's kind.
    stencils: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="guides-stencils-")))
    built: dict[Site, str] = field(default_factory=dict)  # each site's fingerprint as last built here
    history: History | None = None  # git's history, as the watch started
    stale: frozenset[Path] | None = None  # the translations behind their English guides, from it
    # How the last build worked out fingerprints: for its sites, on its day (see _fingerprints).
    prints: tuple[Fingerprints, list[Site], dt.date] | None = None
    landing: dict[Path, str] = field(default_factory=dict)  # the landing pages as last written


def run_landing_pages(project: Project, out: Path | None = None, every_site: bool = False) -> None:
    """The pages that lead to the sites (see write_index_pages): for every site found in `out`, after
    the shards of a big build, each built on its own machine, are put together in one folder; or,
    with `every_site`, for every site the repository makes (schools' too), wherever they were built:
    a national set is too big to put together on one machine."""
    out = out or project.root / "site"
    sites = sites_for(project, schools=["all"])
    found = sites if every_site else [site for site in sites if (out / site.path).is_dir()]
    if not found:
        raise BuildError(Problem(str(out), None, "has no built sites in it. Build them first with guides build, "
                                 "or give the folder that holds them with --out."))
    # Each shard refused two of its own pages sharing a short address; here all of them are known.
    shortlinks.refuse_shared_codes(_guide_addresses(project, found))
    with output_lock(out):
        write_index_pages(out, found, _authority_names(project), built_here=not every_site)
    click.echo(f"Wrote the landing pages for {len(found)} site(s) in {out}.")


def _guide_addresses(project: Project, sites) -> dict[str, list[str]]:
    """By authority, the address inside its folder of every guide page that has a short address
    (those of an authority with a `site_url`), worked out without rendering a page."""
    addresses: dict[str, list[str]] = {}
    for site in sites:
        authority = project.authorities[site.authority]
        if authority.data.site_url:
            guides = guides_for(project, authority, site.locale)
            addresses.setdefault(site.authority, []).extend(f"{site.in_authority}/{guide_url(c.slug)}" for c in guides)
    return addresses


def _authority_names(project: Project) -> dict[str, str]:
    return {slug: str(a.data.name) for slug, a in project.authorities.items()}


def _build(project: Project, sites, every, jobs: int | None, out: Path, kept: Kept | None = None,
           reread: frozenset[Path] = frozenset(), changed: frozenset[Path] | None = None) -> None:
    """Build `sites`, which are `every` site of the build or one shard of them. With `kept`, a
    watch's workers build them, and what it keeps is brought up to date; `reread` are the school
    files the workers must read again, and `changed` those changed since the watch's last build."""
    started = time.monotonic()
    history = kept.history if kept and kept.history is not None else History(project.root)
    if history.warning():
        click.echo(f"Warning: {history.warning()}", err=True)
    today = clock.today()
    fingerprints = _fingerprints(project, history, sites, every, today, kept, changed)
    built = kept.built if kept else {}  # a site this process built is known without reading its record
    rebuilt = [site for site in sites
               if built.get(site) != fingerprints[site] and not is_current(out, site, fingerprints[site])]
    results = [Result(site, out / site.path, unchanged=True) for site in sites if site not in rebuilt]
    # Workers start getting ready now (see worker.get_ready), while this process does its checks.
    pool = kept.pool if kept else (start_workers(min(jobs or os.cpu_count() or 1, len(rebuilt)), project.root)
                                   if rebuilt else None)
    try:
        # A mistake in a guide stops the build before anything is built. Each site's pages are then
        # rendered by the worker that builds it. When a watch builds again after schools' files
        # changed, the guides are as they were: a school's data that one cannot take fails that
        # school's sites alone, with the same message, in the worker.
        problems = template_problems(project, rebuilt, today) if changed is None else []
        if problems:
            raise TemplateError(problems)
        stale = kept.stale if kept and kept.stale is not None else freshness.stale_paths(project, history)
        if kept:
            kept.history, kept.stale = history, stale
        inputs = BuildInputs(project.root, today, history, stale, own_sites(every), reread)
    except BaseException:
        if pool and not kept:
            pool.shutdown(cancel_futures=True)
        raise
    click.echo(f"Building {len(rebuilt)} of {len(sites)} site(s) into {out} "
               f"({len(results)} unchanged) ...", err=True)
    progress = Progress(len(rebuilt))
    links: dict[str, list[str]] = {}
    kinds = {site: school_kind(project, site) for site in rebuilt if site.school}
    results += build_sites(rebuilt, out, fingerprints, jobs, progress=progress, pool=pool, inputs=inputs, kinds=kinds,
                           published=lambda result: shortlinks.write_links(out, _collect_links(result, links)),
                           keep_pool=kept is not None, stencils=kept.stencils if kept else None)
    progress.finish()
    built.update((result.site, fingerprints[result.site]) for result in results if result.error is None)
    write_index_pages(out, sites, _authority_names(project), written=kept.landing if kept else None)
    # Each site wrote its own as it was published; two pages of different sites sharing a code are
    # only seen together.
    shortlinks.refuse_shared_codes(links)
    click.echo(summary(results, time.monotonic() - started, out))
    for authority in stale_school_sites(out, sites):
        click.echo(f"Note: {out / authority / 'schools'} has school sites from an earlier build, which this one did "
                   f"not update: run guides build --authority {authority} --schools all to bring them up to date.",
                   err=True)
    raise_for_failures(results)


def _fingerprints(project: Project, history: History, sites: list[Site], every: list[Site], today: dt.date,
                  kept: Kept | None, changed: frozenset[Path] | None) -> dict[Site, str]:
    """Each site's fingerprint (fingerprint.py). When a watch builds again after schools' files
    changed (`changed`), only those schools' sites and their authorities' (whose directory lists
    them) are worked out again: any other change starts the watch afresh, a new day or another set
    of sites (a school's file added) needs them all."""
    if kept and kept.prints and changed is not None and kept.prints[1:] == (every, today):
        prints = kept.prints[0]
        schools = {(path.parent.parent.name, path.stem) for path in changed}
        authorities = {authority for authority, _ in schools}
        again = [site for site in sites if site not in kept.built
                 or ((site.authority, str(site.school)) in schools if site.school else site.authority in authorities)]
        return {**{site: kept.built[site] for site in sites if site in kept.built}, **{s: prints.of(s) for s in again}}
    prints = Fingerprints(project, history, every, today)
    if kept:
        kept.prints = (prints, every, today)
    return {site: prints.of(site) for site in sites}


def _collect_links(result: Result, links: dict[str, list[str]]) -> dict[str, list[str]]:
    """The short links of a site just built (by its authority), added to those of the whole build.
    A site's guide pages with a web address each have one; unchanged sites kept theirs from before."""
    links.setdefault(result.site.authority, []).extend(result.links)
    return {result.site.authority: list(result.links)}


class Progress:
    """One line that counts sites built, unchanged, failed and left, redrawn in a terminal. Elsewhere
    (a CI log) a line for each site of a small build, and for a big one only the counts each time
    another tenth is done: a national build must not write 40,000 lines."""

    EVERY_SITE = 50  # builds up to this size say each site they build

    def __init__(self, total: int, clock=time.monotonic):
        self.total, self.finished = total, 0
        self.counts = {"built": 0, "unchanged": 0, "failed": 0}
        self.live = sys.stderr.isatty()
        self.clock, self.started = clock, clock()

    def __call__(self, result: Result) -> None:
        self.finished += 1
        self.counts["failed" if result.error is not None else "unchanged" if result.unchanged else "built"] += 1
        if self.live:
            click.echo(f"\r{self._counts()}", nl=False, err=True)
        elif self.total <= self.EVERY_SITE:
            if result.error is None and not result.unchanged:
                click.echo(f"  built {result.site.name}", err=True)
        elif self.finished * 10 // self.total > (self.finished - 1) * 10 // self.total:
            click.echo(f"  {self._counts()}", err=True)
        for warning in result.warnings:
            click.echo(f"{'' if not self.live else chr(10)}  warning in {result.site.name}: {warning}", err=True)

    def _counts(self) -> str:
        left = self.total - self.finished
        width = 30
        bar = "#" * (width * self.finished // self.total)
        counts = ", ".join(f"{number} {what}" for what, number in self.counts.items())
        return f"[{bar:<{width}}] {counts}, {left} left{self._time_left(left)}"

    def _time_left(self, left: int) -> str:
        """About how long the sites still to build will take, at the pace so far."""
        if not left or not self.finished:
            return ""
        seconds = round((self.clock() - self.started) / self.finished * left)
        return f", about {seconds // 60}:{seconds % 60:02d} to go"

    def finish(self) -> None:
        if self.live:
            click.echo("", err=True)


def summary(results: list[Result], seconds: float, out: Path) -> str:
    built = sum(r.error is None and not r.unchanged for r in results)
    unchanged = sum(r.unchanged for r in results)
    failed = [r for r in results if r.error]
    stencilled = sum(r.stencilled for r in results)
    text = f"{built} site(s) built" + (f" ({stencilled} filled in from a school's site of the same kind)"
                                       if stencilled else "")
    text += f", {unchanged} unchanged, {len(failed)} failed, in {seconds:.1f}s."
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
