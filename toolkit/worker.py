"""What runs inside a build worker process: one site at a time, from its pages to its HTML.

A worker lives for the whole build and builds many sites. It assembles each site itself (see
`FromSources`), so the build's own process stays small and its memory flat however many schools
there are, and MkDocs gets the site's config and pages from memory: nothing is written to disk
but the finished site. A new worker gets ready (`get_ready`) while the build's own process does
its checks; this module imports nothing of the toolkit until then.
"""

from __future__ import annotations

import logging
import os
import pickle
import signal
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt

    from .assemble import AssembledSite, Site
    from .history import History


SITE_SECONDS = 300
TOO_SLOW_SITE = ("building it took more than 5 minutes, so it was stopped. A page may have HTML or Markdown that "
                 "is too tangled to read (many tags never closed, thousands of '[' signs): run guides check on it.")


@dataclass
class Outcome:
    """What a worker says about one site."""

    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    problems: list = field(default_factory=list)  # what stopped its pages being made, file by file
    failure: type | None = None  # the kind of GuidesError that did, to exit as it would have
    links: list[str] = field(default_factory=list)  # its guide pages' addresses, for the short links
    stencilled: bool = False  # filled in from another school's site of the same kind (stencil.py)


@dataclass(frozen=True)
class BuildInputs:
    """What every site of one build shares. The build writes it to a file once; each worker reads it
    once (see `_inputs`) and renders the sites it is given from the repository itself."""

    root: Path
    today: dt.date
    history: History | None
    stale: frozenset[Path]
    own_sites: dict[str, frozenset[int]]  # by authority: the schools with their own site in this build
    # School files changed since the workers started (guides build --watch keeps them): read again.
    reread: frozenset[Path] = frozenset()

    def save(self, folder: Path) -> Path:
        path = folder / "inputs.pickle"
        path.write_bytes(pickle.dumps(self))
        return path


@dataclass(frozen=True)
class FromSources:
    """A site a worker renders itself from the repository: all a national build sends it."""

    inputs: str  # the file BuildInputs.save wrote
    site: Site
    alike: int = 0  # school sites of its kind in this build (assemble.school_kind, stencil.py)
    kept_stencils: str | None = None  # a watch's stencils, kept from one of its builds to the next

    @property
    def stencils(self) -> Path | None:
        """Where the workers of this build share their stencils, when the site is worth one."""
        from .stencil import WORTH_A_STENCIL

        if self.alike < WORTH_A_STENCIL:
            return None
        return Path(self.kept_stencils) if self.kept_stencils else Path(self.inputs).parent / "stencils"

    def assemble(self) -> AssembledSite:
        from .assemble import assemble

        inputs, project = _inputs(self.inputs)
        _read_authority(project, self.site.authority)
        return assemble(project, self.site, inputs.today, inputs.stale, inputs.history,
                        inputs.own_sites.get(self.site.authority, frozenset()))


@dataclass(frozen=True)
class Assembled:
    """A site already rendered by the caller (exports, which need the pages themselves)."""

    site: AssembledSite

    def assemble(self) -> AssembledSite:
        return self.site


# Authorities a worker keeps read: sites come authority by authority, so a few are enough, and the
# worker's memory stays the same whether the build has 2 authorities or 175.
KEEP_AUTHORITIES = 4
_recent: list[str] = []


def _read_authority(project, slug: str) -> None:
    from .model import add_authority

    add_authority(project, slug)
    if slug in _recent:
        _recent.remove(slug)
    _recent.append(slug)
    while len(_recent) > KEEP_AUTHORITIES:
        project.authorities.pop(_recent.pop(0), None)


@lru_cache(maxsize=2)
def _inputs(path: str):
    from .model import reread_schools

    inputs = pickle.loads(Path(path).read_bytes())
    project = _base_project(str(inputs.root))
    reread_schools(project, inputs.reread)
    return inputs, project


@lru_cache(maxsize=2)
def _base_project(root: str):
    """The guides, languages and facts; each authority is read when its first site arrives."""
    from .model import load_project

    return load_project(Path(root), only_authorities=())


def get_ready(root: str | None = None) -> None:
    """Run when a worker starts, so that it is ready before the first site arrives: MkDocs imported
    and, given the repository, the toolkit too, the theme's templates compiled and the guides read."""
    _end_with_parent()
    # Ctrl+C reaches every process of the terminal's group: the build stops its workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    import material  # noqa: F401
    import mkdocs.commands.build  # noqa: F401

    if root is not None:
        from .assemble import assemble  # noqa: F401
        from .fast_mkdocs import warm_up
        from .sitepages import alphabetical_key

        try:
            warm_up(Path(root) / "theme")
            _base_project(root)
            alphabetical_key("a")  # reads the Unicode sorting tables
        except Exception:  # noqa: BLE001 - a broken theme or file: each site then reports it, plainly
            _base_project.cache_clear()


def _end_with_parent() -> None:
    """Ask Linux to stop this worker when the build that started it dies (killed, say): otherwise
    workers would go on building sites that nobody publishes. Elsewhere this does nothing."""
    try:
        import ctypes
        import multiprocessing

        libc = ctypes.CDLL(None, use_errno=True)
        parent = multiprocessing.parent_process()
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
        if parent is not None and os.getppid() != parent.pid:  # the build died before the request was made
            os._exit(1)
    except (OSError, AttributeError):
        pass


def build_site(job, site_dir: str, shared: str) -> Outcome:
    """Run in a worker process: render one site (if the job asks) and build it into `site_dir`."""
    from . import stencil
    from .assemble import guide_url
    from .errors import GuidesError, TemplateError

    try:
        assembled = job.assemble()
    except GuidesError as error:
        what = "a page could not be made from its template" if isinstance(error, TemplateError) else \
            "a file it is made from could not be read"
        return Outcome(error=what, problems=list(error.problems), failure=type(error))
    except Exception as error:  # noqa: BLE001 - one site's failure is reported; the worker goes on
        return Outcome(error=f"its pages could not be made ({type(error).__name__}: {error})")
    outcome = stencil.build(assembled, site_dir, shared, mkdocs_build, getattr(job, "stencils", None))
    if outcome.error is None and assembled.config.get("site_url"):
        inside = assembled.site.in_authority
        outcome.links = [f"{inside}/{guide_url(page.meta['guide'])}" for page in assembled.pages
                         if "guide" in page.meta]
    return outcome


def mkdocs_build(assembled: AssembledSite, site_dir: str, shared: str) -> Outcome:
    """Build one assembled site with MkDocs, its config and pages given from memory."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    from .fast_mkdocs import (PagesInMemory, SharedBuildPlugin, load_config, reuse_converted_pages,
                              reuse_search_sections)
    from .limits import TooBig, deadline
    from .safe_pages import SafePagesPlugin

    reuse_converted_pages()
    reuse_search_sections()
    warnings = _WarningCollector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(warnings)
    logger.propagate = False  # MkDocs' info lines would drown the progress; warnings are returned
    try:
        # A site takes well under a second. One that runs for minutes has a page that Markdown's HTML
        # reader takes hours over (thousands of unclosed tags): stop it, and build the others.
        with deadline(SITE_SECONDS, TOO_SLOW_SITE), tempfile.TemporaryDirectory(prefix="docs-") as docs:
            config = load_config(assembled.config, docs_dir=docs, site_dir=site_dir)
            config.plugins["parent-guides-pages"] = PagesInMemory(assembled.pages)
            config.plugins["parent-guides-shared-build"] = SharedBuildPlugin(Path(shared))
            config.plugins["parent-guides-safe-pages"] = SafePagesPlugin()
            build(config)
    except TooBig as error:
        return Outcome(str(error), warnings.messages)
    except MkDocsException as error:
        return Outcome(str(error), warnings.messages)
    except Exception as error:  # noqa: BLE001 - any failure of one site is reported; the worker goes on
        return Outcome(f"{type(error).__name__}: {error}", warnings.messages)
    finally:
        logger.removeHandler(warnings)
    return Outcome(None, warnings.messages)


class _WarningCollector(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())
