"""What a site is made from, as one hash: if it matches the last build, the site is not rebuilt.

Computed from the input files, not the rendered pages, so that an unchanged site costs no rendering
at all: a school office that edits its own YAML file waits only for its own sites.

A site's inputs: the files it is rendered from (guides, translations, local versions, glossary,
interface words, the authority's file and its schools' files), what git says about the guides
(writers and last changes), the theme and the toolkit itself (code, page templates, data, and the
versions of MkDocs and its theme), the schools that have their own sites in this build (the
directory links to them), and today's date when a guide uses `today`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from .assemble import Site
from .history import History
from .model import Project

TOOLKIT = Path(__file__).parent
VERSIONED = ("parent-guides", "mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2")


class Fingerprints:
    """Fingerprints for the sites of one build; file digests are shared between sites."""

    def __init__(self, project: Project, history: History, sites: list[Site], today: dt.date):
        self.project, self.history, self.sites = project, history, sites
        self.root = project.root
        self.base = _environment(self.root / "theme")
        uses_today = any("today" in g.body for g in self._all_guides())
        self.today = today.isoformat() if uses_today else ""

    def _all_guides(self):
        yield from self.project.guides.values()
        for translated in self.project.translations.values():
            yield from translated.values()
        for authority in self.project.authorities.values():
            yield from authority.overrides.values()

    def of(self, site: Site) -> str:
        digest = hashlib.sha256(f"{self.base}\0{self.today}\0{site.name}\0".encode())
        for path in self._inputs(site):
            digest.update(f"{path}\0{_file_digest(path)}\0".encode())
            commit = self.history.last_change(path) if path.suffix == ".md" else None
            digest.update((commit.sha if commit else "-").encode())
        if not site.school:
            # A school with its own site shows only its name and type in the authority's directory.
            schools = self.project.authorities[site.authority].schools
            digest.update(repr([(urn, schools[urn].name, schools[urn].phase) for urn in self._own(site)]).encode())
        return digest.hexdigest()

    def _own(self, site: Site) -> list[int]:
        return sorted(s.school for s in self.sites if s.school and s.authority == site.authority)

    def _inputs(self, site: Site) -> list[Path]:
        root, folder = self.root, self.project.authorities[site.authority].folder
        patterns = [
            root / "mkdocs.yml", root / ".mailmap",
            root / "content" / "ui.yml", root / "content" / "glossary.yml",
            root / "locales" / site.locale / "ui.yml", root / "locales" / site.locale / "glossary.yml",
            root / "content" / "about.md", root / "locales" / site.locale / "about.md",
            folder / "authority.yml",
        ]
        patterns += sorted((root / "content" / "guides").glob("*.md"))
        patterns += sorted((root / "locales" / site.locale / "guides").glob("*.md"))
        patterns += sorted((folder / "guides").glob("*.md"))
        if site.school:
            patterns.append(folder / "schools" / f"{site.school}.yml")
        else:
            own = set(self._own(site))
            patterns += [p for p in sorted((folder / "schools").glob("*.yml")) if not p.stem.isdigit()
                         or int(p.stem) not in own]
        return [p for p in patterns if p.is_file()]


@lru_cache(maxsize=None)
def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _environment(theme: Path) -> str:
    """The toolkit's own code, page templates and data, our theme, and the versions that shape a page."""
    digest = hashlib.sha256()
    for name in VERSIONED:
        digest.update(f"{name}={_version(name)}\0".encode())
    for folder in (TOOLKIT, theme):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(f"{path.relative_to(folder)}\0{_file_digest(path)}\0".encode())
    return digest.hexdigest()


def _version(name: str) -> str:
    try:
        return version(name)
    except Exception:  # noqa: BLE001 - a package that is not installed simply has no version
        return "-"
