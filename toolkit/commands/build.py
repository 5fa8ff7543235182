"""`guides build`: load, validate, render and assemble every chosen site, then build them."""

from __future__ import annotations

import time
from pathlib import Path

import click

from ..assemble import assemble_all, sites_for
from ..build import build_sites, raise_for_failures
from ..history import History
from ..model import Project


def run_build(project: Project, authority: str | None = None, locale: str | None = None,
              jobs: int | None = None, out: Path | None = None) -> None:
    started = time.monotonic()
    out = out or project.root / "site"
    sites = sites_for(project, authority, locale)
    if not sites:
        click.echo("Nothing to build: no authority offers that language.", err=True)
        return
    history = History(project.root)
    if history.warning():
        click.echo(f"Warning: {history.warning()}", err=True)
    assembled = assemble_all(project, sites, history=history)
    click.echo(f"Building {len(assembled)} site(s) into {out} ...")
    results = build_sites(assembled, out, jobs)
    for result in results:
        if result.error is None:
            click.echo(f"  built {result.site.name} -> {result.output}")
    raise_for_failures(results)
    click.echo(f"Done in {time.monotonic() - started:.1f}s. Open {out / 'index.html'} in a browser.")
