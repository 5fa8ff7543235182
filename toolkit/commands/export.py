"""`guides export texts|leaflets`: text messages as CSV, guides as printable PDF leaflets."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from .. import export
from ..assemble import assemble_all, sites_for
from ..build import build_sites, raise_for_failures
from ..errors import relative
from ..model import Project
from ..phases import suits_phase


def _sites(project: Project, authority: str, school: str | None, locale: str | None):
    chosen = [site for site in sites_for(project, authority, locale, [school] if school else None)
              if (site.school is None) == (school is None)]
    assembled = assemble_all(project, chosen)
    export.require_addresses(assembled, relative(project.authority(authority).folder / "authority.yml",
                                                 project.root))
    return assembled


def _target(project: Project, out: Path | None, authority: str, school: str | None) -> Path:
    base = out or project.root / "exports"
    return base / authority / ("schools/" + school if school else "")


def run_texts(project: Project, authority: str, school: str | None, locale: str | None, out: Path | None) -> None:
    sites = _sites(project, authority, school, locale)
    rows = export.text_rows(sites)
    if school:  # a school sends only the texts for its own age range
        phase = project.authority(authority).schools[int(school)].phase
        guides = project.guides
        rows = [r for r in rows if r.guide not in guides or suits_phase(guides[r.guide].meta.stages, phase)]
    target = _target(project, out, authority, school) / "texts"
    # UTF-8 with a byte order mark, so that spreadsheet programs show Welsh and Urdu correctly.
    export.write_atomically(target, {"texts.csv": export.texts_csv(rows).encode("utf-8-sig")})
    long = sum(row.as_row()[5] > 1 for row in rows)
    click.echo(f"Wrote {len(rows)} text message(s) to {target / 'texts.csv'}"
               + (f" ({long} need more than one text: see the segments column)." if long else "."))
    without = sorted({p.meta["guide"] for site in sites for p in site.pages
                      if "guide" in p.meta and "text_message" not in p.meta})
    if without:
        click.echo(f"{len(without)} guide(s) have no text message, so they are not in the file: {', '.join(without)}. "
                   "Add a 'text_message:' line to a guide's front matter to include it (see CONTRIBUTING.md).")
    build = f"guides build --authority {authority}" + (f" --school {school}" if school else "")
    click.echo(f"The short addresses in the messages work once the site is published: run '{build}' "
               "and publish the site folder before the texts are sent.")


def run_leaflets(project: Project, authority: str, school: str | None, locale: str | None, out: Path | None) -> None:
    sites = _sites(project, authority, school, locale)
    export.chromium_path()  # say it is missing before building anything
    missing = export.languages_without_fonts({site.site.locale for site in sites})
    if missing:
        click.echo(f"Warning: this computer has no font for {', '.join(missing)}, so those leaflets would print "
                   "letters as empty boxes. On Debian or Ubuntu: sudo apt-get install fonts-noto-core", err=True)
    with tempfile.TemporaryDirectory(prefix="guides-leaflets-") as temporary:
        built = Path(temporary)
        results = build_sites(sites, built, {s.site: "" for s in sites})
        raise_for_failures(results)
        pdfs = export.print_leaflets(built, sites)
    target = _target(project, out, authority, school) / "leaflets"
    export.write_atomically(target, pdfs)
    click.echo(f"Wrote {len(pdfs)} leaflet(s) to {target}/ (one folder per language).")
