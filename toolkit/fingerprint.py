"""What a site is made from, as one hash: if it matches the last build, the site is not rebuilt.

Computed from the input files, not the rendered pages, so that an unchanged site costs no rendering
at all: a school office that edits its own YAML file waits only for its own sites.

A site's inputs: the files it is rendered from (everything under content/ and the language's folder
under locales/: guides, glossary, interface words, facts; the authority's file, local versions and
its schools' files), what git says about the guides
(writers and last changes), the theme and the toolkit itself (code, page templates, data, and the
versions of MkDocs and its theme), the schools that have their own sites in this build (the
directory links to them), and today's date when a guide uses `today`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import cached_property, lru_cache
from importlib.metadata import version
from pathlib import Path

from .assemble import Site, own_sites
from .history import History
from .model import Project

TOOLKIT = Path(__file__).parent
VERSIONED = ("parent-guides", "mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2")


class Fingerprints:
    """Fingerprints for the sites of one build; file digests are shared between sites."""

    def __init__(self, project: Project, history: History, sites: list[Site], today: dt.date):
        self.project, self.history = project, history
        self.own = own_sites(sites)  # by authority: the schools with their own site in this build
        self.root = project.root
        self._shared_digests: dict[tuple[str, str], str] = {}
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
        digest.update(self._shared(site.authority, site.locale).encode())
        folder = self.project.authorities[site.authority].folder / "schools"
        if site.school:
            digest.update(self._files([folder / f"{site.school}.yml"]).encode())
        else:
            own = self.own.get(site.authority, frozenset())
            others = [p for p in sorted(folder.glob("*.yml")) if not p.stem.isdigit() or int(p.stem) not in own]
            digest.update(self._files(others).encode())
            # A school with its own site shows only its name and type in the authority's directory.
            schools = self.project.authorities[site.authority].schools
            digest.update(repr([(urn, schools[urn].name, schools[urn].phase) for urn in sorted(own)]).encode())
        return digest.hexdigest()

    def _shared(self, authority: str, locale: str) -> str:
        """The inputs every site of an authority in one language shares, hashed once."""
        if (authority, locale) not in self._shared_digests:
            own = self._files(self._shared_paths(authority, locale))
            self._shared_digests[(authority, locale)] = f"{self._content}\0{own}"
        return self._shared_digests[(authority, locale)]

    @cached_property
    def _content(self) -> str:
        """Every file under content/ (guides, glossary, interface words, facts: whatever is added
        there later counts too) and the base config, which every site shares: hashed once."""
        paths = [self.root / "mkdocs.yml", self.root / ".mailmap"]
        return self._files(paths + sorted(p for p in (self.root / "content").rglob("*") if p.is_file()))

    def _shared_paths(self, authority: str, locale: str) -> list[Path]:
        """What the sites of an authority in one language share besides content/: the language's
        folder, and the authority's own file and guides. Its schools' files are added per site (`of`)."""
        folder = self.project.authorities[authority].folder
        paths = [folder / "authority.yml"]
        paths += sorted(p for p in (self.root / "locales" / locale).rglob("*") if p.is_file())
        paths += sorted((folder / "guides").glob("*.md"))
        return paths

    def _files(self, paths: list[Path]) -> str:
        """The paths, their contents and, for guides, their last commit, as one digest."""
        digest = hashlib.sha256()
        for path in paths:
            if not path.is_file():
                continue
            commit = self.history.last_change(path) if path.suffix == ".md" else None
            digest.update(f"{path}\0{_file_digest(path)}\0{commit.sha if commit else '-'}\0".encode())
        return digest.hexdigest()


def _file_digest(path: Path) -> str:
    # Known by the file's state, not its name: `guides build --watch` asks again after an edit.
    state = path.stat()
    return _digest(path, state.st_ino, state.st_size, state.st_mtime_ns, state.st_ctime_ns)


@lru_cache(maxsize=None)
def _digest(path: Path, *state: int) -> str:
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
