"""Make MkDocs cheap to run many times in one process, for `guides build` only.

A plain `mkdocs build` of a small site costs most of its time in fixed costs, paid again for every
site: reading its config and pages from disk, loading and compiling mkdocs-material's Jinja
templates, listing the theme's ~10,000 files, and copying 2.5 MB of theme assets. A worker that
builds many sites pays each of them once:

- the site's config and pages come from memory (`load_config`, `PagesInMemory`), never from files;
- the theme's Jinja environment, with its loaded templates, is kept for each interface language;
- the list of theme files is kept for the process (the theme does not change during a build);
- theme assets are not copied into each site: they are hard-linked from one shared folder, so
  1,000 sites cost one copy of the theme on disk, and the search's scripts for languages the site
  does not search in are left out (`unused_search_files`);
- a page whose Markdown another site already converted, with the same links to resolve, reuses that
  HTML (`reuse_converted_pages`): most guides read the same on many schools' sites.

This reaches into MkDocs at documented plugin events (on_config, on_files, on_post_build), uses
MkDocs' own in-memory files (`File.generated`) and wraps `Theme.get_env` and `Page.render`; if a
future MkDocs changes those, only this file needs to follow.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import io
import logging
import os
import shutil
import weakref
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2
import mkdocs.config
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File


def load_config(config: dict, **overrides):
    """MkDocs' config for a site, from the dict assemble.py made: no YAML written or read again."""
    return mkdocs.config.load_config(io.StringIO("{}"), **{**config, **overrides})


class PagesInMemory(BasePlugin):
    """Gives MkDocs the site's pages (sitepages.Page) as in-memory files of its empty docs folder."""

    def __init__(self, pages):
        super().__init__()
        self.pages = pages

    def on_files(self, files, config):
        for page in sorted(self.pages, key=lambda page: _walk_order(page.path)):
            files.append(File.generated(config, page.path, content=page.text()))
        return files


def _walk_order(path: str) -> tuple:
    """Where MkDocs would list a file of the docs folder: folder by folder, each folder's own files
    before its subfolders', index.md first. The order of the menu, search index and site map."""
    *folders, name = path.split("/")
    stem = name.rsplit(".", 1)[0]
    return (tuple(folders), (0,) if stem in ("index", "README") else (1, name))


# The theme's Jinja environments, one for each interface language, with every template loaded
# once. MkDocs gives each render its own context (config, page, nav), so an environment holds
# nothing of one site that another could see. Compiled templates are shared between languages.
_ENVIRONMENTS: dict[tuple, jinja2.Environment] = {}


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates, kept for the life of the worker process."""

    def __init__(self):
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        code = self._store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket):
        self._store[bucket.key] = bucket.bytecode_to_string()


_BYTECODE = _MemoryBytecodeCache()

_LISTINGS: dict[tuple, list[str]] = {}


def _filtered(key: tuple, filter_func) -> list[str]:
    if key not in _LISTINGS:
        names = jinja2.FileSystemLoader(list(key[0])).list_templates()
        _LISTINGS[key] = [n for n in names if filter_func is None or filter_func(n)]
    return _LISTINGS[key]


def warm_up(theme_folder: Path) -> None:
    """Compile the templates a page is made of (main.html, base.html and their partials) before the
    first site arrives: a worker does it while the build gets ready, and the compiled code waits in
    the bytecode cache for each language's environment."""
    from mkdocs.theme import Theme

    env = Theme(name="material", custom_dir=str(theme_folder)).get_env()
    env.bytecode_cache = _BYTECODE
    for name in env.list_templates(extensions=["html"]):
        if _makes_pages(name):
            try:
                env.get_template(name)
            except jinja2.TemplateError:
                pass  # a template pages never use, or one that a site will report when it does


def _makes_pages(template: str) -> bool:
    """A template every page uses: the page's own, and the partials (but not the interface words of
    sixty languages, each site needs one of them)."""
    return template in ("main.html", "base.html", "404.html") or (
        template.startswith("partials/") and not template.startswith("partials/languages/"))


class SharedBuildPlugin(BasePlugin):
    """Added by the build worker to each site's config; never listed in mkdocs.yml."""

    def __init__(self, shared_assets: Path):
        super().__init__()
        self.shared_assets = Path(shared_assets)
        self.linked: list = []

    @event_priority(100)  # before the search plugin asks the theme for its words
    def on_config(self, config):
        theme = config.theme
        make_env = theme.get_env

        # MkDocs filters the listing with the same rules for every site built from the same base
        # config (only static_templates varies), so the filtered list is cached too.
        key = (tuple(theme.dirs), tuple(sorted(theme.static_templates)))

        def get_env():
            environment = (key, str(theme.locale), theme.get("language"))
            if environment not in _ENVIRONMENTS:
                env = make_env()
                env.bytecode_cache = _BYTECODE
                env.list_templates = lambda extensions=None, filter_func=None: _filtered(key, filter_func)
                _ENVIRONMENTS[environment] = env
            return _ENVIRONMENTS[environment]

        theme.get_env = get_env
        return config

    def on_files(self, files, config):
        """Take the theme's static files out of the copy: on_post_build links them instead."""
        theme_dirs = [os.path.abspath(d) for d in config.theme.dirs]
        self.linked = [f for f in files if f.is_static_page() is False and not f.is_documentation_page()
                       and f.abs_src_path and any(os.path.abspath(f.abs_src_path).startswith(d + os.sep) for d in theme_dirs)]
        for file in self.linked:
            files.remove(file)
        unread = unused_search_files(_search_languages(config))
        self.linked = [f for f in self.linked if f.dest_uri not in unread]
        return files

    def on_post_build(self, config):
        for file in self.linked:
            target = Path(file.abs_dest_path)
            target.parent.mkdir(parents=True, exist_ok=True)
            source = Path(file.abs_src_path)
            try:
                os.link(shared_copy(source, self.shared_assets), target)
            except FileNotFoundError:  # the shared copy went away under us: make it again, once
                os.link(shared_copy(source, self.shared_assets, again=True), target)
            except OSError:  # a file system without hard links: an ordinary copy still works
                shutil.copyfile(source, target)


# The theme ships word-stemming scripts for 30 languages; the search only ever loads those of the
# site's search languages. Leaving the others out saves each site up to 34 files (and a school that
# hosts its own site, files it would never serve).
_SEARCH_SCRIPTS = "assets/javascripts/lunr/"


def unused_search_files(languages: list[str] | None) -> frozenset[str]:
    """The theme's search scripts that a site searching in `languages` never loads: all but those
    that mkdocs-material's search worker asks for (its setup of languages, in workers/search.*.js).
    With the languages unknown, none: every script is kept."""
    if languages is None:
        return frozenset()
    loaded = [f"min/lunr.{lang}.min.js" for lang in languages if lang != "en"]
    loaded += ["tinyseg.js"] * ("ja" in languages) + ["wordcut.js"] * bool({"hi", "th"} & set(languages))
    loaded += ["min/lunr.multi.min.js"] * (len(languages) > 1)
    loaded += ["min/lunr.stemmer.support.min.js"] * bool(loaded)
    return frozenset(f"{_SEARCH_SCRIPTS}{name}" for name in _theme_search_scripts()) - \
        {_SEARCH_SCRIPTS + name for name in loaded}


def _search_languages(config) -> list[str] | None:
    search = config.plugins.get("material/search")
    languages = getattr(getattr(search, "config", None), "lang", None)
    if isinstance(languages, list) and all(isinstance(language, str) for language in languages):
        return languages
    return None  # set up some other way than mkdocs-material's search does it: keep every script


@lru_cache(maxsize=1)
def _theme_search_scripts() -> tuple[str, ...]:
    import material

    folder = Path(material.__file__).parent / "templates" / _SEARCH_SCRIPTS
    return tuple(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def shared_copy(source: Path, store: Path, again: bool = False) -> Path:
    """The one shared copy of a theme file, made on first use. Named by content, so a changed theme
    file gets a new copy while sites built earlier keep linking to the old one."""
    digest = _digest(source, source.stat().st_mtime_ns, source.stat().st_size)
    shared = store / f"{digest}-{source.name}"
    if again or not shared.exists():
        store.mkdir(parents=True, exist_ok=True)
        temporary = store / f".{digest}.{os.getpid()}.tmp"
        shutil.copyfile(source, temporary)
        try:
            # Link, not replace: if another worker made the copy first, theirs stays the only one.
            os.link(temporary, shared)
        except FileExistsError:
            pass
        finally:
            temporary.unlink(missing_ok=True)
    return shared


@lru_cache(maxsize=None)
def _digest(source: Path, mtime: int, size: int) -> str:
    return hashlib.sha256(source.read_bytes()).hexdigest()[:20]


# --- pages another site has converted already -----------------------------------------------------

# Python-Markdown's conversion is a third of a school site's time, and a guide that does not name
# the school reads the same on every school's site. MkDocs converts a page from its Markdown, its
# own address, the addresses of the site's other files (links between pages become relative ones)
# and the Markdown settings: with all of those the same, the HTML is too. The warnings a conversion
# logs (a link to a page that is not there) are kept with it and logged again for each site.
# (The extensions, named in mkdocs.yml, keep nothing from one page to the next; one that read files,
# such as pymdownx.snippets, would need those files in the key.)
# Characters of Markdown and HTML kept: a few authorities' guides (sites come authority by authority),
# whatever the size of a page.
KEEP_CONVERTED = 8_000_000


@dataclass(frozen=True)
class _Converted:
    content: str
    toc: object
    title: str | None
    anchor_ids: frozenset
    links_to_anchors: dict | None  # {linked page's src_uri: {anchor: link as written}}
    records: tuple  # the log records the conversion made


class _Kept:
    """Values kept by key while their sizes (in characters) add up to at most `budget`, the least
    recently used dropped first. A value bigger than `largest` is not kept: it would push out the rest."""

    def __init__(self, budget: int, largest: int):
        self.budget, self.largest = budget, largest
        self.values: OrderedDict = OrderedDict()  # key -> (value, size)
        self.size = 0

    def get(self, key):
        found = self.values.get(key)
        if found is None:
            return None
        self.values.move_to_end(key)
        return found[0]

    def keep(self, key, value, size: int) -> None:
        if size > self.largest:
            return
        if key in self.values:
            self.size -= self.values.pop(key)[1]
        self.values[key] = (value, size)
        self.size += size
        while self.size > self.budget:
            self.size -= self.values.popitem(last=False)[1][1]

    def clear(self) -> None:
        self.values.clear()
        self.size = 0


_CONVERTED = _Kept(KEEP_CONVERTED, KEEP_CONVERTED // 4)  # by the page's Markdown and what links resolve by


def reuse_converted_pages() -> None:
    """Make MkDocs' Page.render reuse the HTML of a page converted before with the same inputs."""
    from mkdocs.structure.pages import Page

    if getattr(Page.render, "reuses", False):
        return
    convert = Page.render

    def render(page, config, files):
        key = (page.markdown, page.file.src_uri, page.file.url, _digest_of(files), _settings_of(config))
        done = _CONVERTED.get(key)
        if done is None:
            with _Recorded() as records, _naming_the_page(page):
                convert(page, config, files)
            _CONVERTED.keep(key, _Converted(
                page.content, copy.deepcopy(page.toc), page._title_from_render, frozenset(page.present_anchor_ids),
                None if page.links_to_anchors is None else
                {linked.src_uri: dict(links) for linked, links in page.links_to_anchors.items()}, tuple(records)),
                size=len(page.markdown) + len(page.content))
            return
        page.content, page.toc, page._title_from_render = done.content, copy.deepcopy(done.toc), done.title
        page.present_anchor_ids = set(done.anchor_ids)
        if done.links_to_anchors is not None:
            page.links_to_anchors = {files.get_file_from_path(uri): dict(links)
                                     for uri, links in done.links_to_anchors.items()}
        for record in done.records:
            logger = logging.getLogger(record.name)
            if logger.isEnabledFor(record.levelno):
                logger.handle(record)

    render.reuses = True
    Page.render = render


def reuse_search_sections() -> None:
    """Make mkdocs-material's search read the sections of a page's HTML once. Its HTML parser (in
    Python) was an eighth of a school site's MkDocs build, and it reads nothing but the page's HTML:
    a guide whose HTML comes back the same for another site (above) has the same sections. The
    entries are still made for each site, from its own page's address, contents and title."""
    from material.plugins.search.plugin import Parser, SearchIndex

    if getattr(SearchIndex.add_entry_from_context, "reuses", False):
        return
    original = SearchIndex.add_entry_from_context

    def add_entry_from_context(index, page):  # as mkdocs-material's own, with the sections kept
        search = page.meta.get("search") or {}
        if search.get("exclude"):
            return
        for section in _sections_of(page.content, Parser):
            # A copy: making the entry can set the section's title (from the page's, when it has none).
            index.create_entry_for_section(copy.copy(section), page.toc, page.url, page)

    add_entry_from_context.reuses, add_entry_from_context.original = True, original
    SearchIndex.add_entry_from_context = add_entry_from_context


_SECTIONS = _Kept(KEEP_CONVERTED // 2, KEEP_CONVERTED // 8)  # by the page's HTML


def _sections_of(content: str, parser_class) -> list:
    """The sections of a page's HTML that the search indexes, as mkdocs-material's Parser finds them."""
    sections = _SECTIONS.get(content)
    if sections is None:
        parser = parser_class()
        parser.feed(content)
        parser.close()
        sections = [section for section in parser.data if not section.is_excluded()]
        _SECTIONS.keep(content, sections, size=len(content))
    return sections


@contextlib.contextmanager
def _naming_the_page(page):
    """Say which page Markdown was reading (the file a contributor wrote, where there is one) when
    the site's deadline struck (worker.py), or when the page nested deeper than Python can follow."""
    from .limits import TooBig

    shown = page.meta.get("source_path") or page.file.src_uri
    try:
        yield
    except TooBig as error:
        raise TooBig(f"{error} Markdown was still reading {shown}.") from None
    except RecursionError:
        raise TooBig(f"Markdown could not read {shown}: it nests too deeply (thousands of * around a word, or "
                     "lists inside lists). Simplify it.") from None


_LAST_FILES: list = [lambda: None, ""]  # the site's files (weakly) and their digest: made once a site


def _digest_of(files) -> str:
    """The addresses of a site's files, which links between its pages resolve to."""
    if _LAST_FILES[0]() is not files:
        listing = sorted((file.src_uri, file.url) for file in files)
        _LAST_FILES[:] = [weakref.ref(files), hashlib.sha256(repr(listing).encode()).hexdigest()]
    return _LAST_FILES[1]


def _settings_of(config) -> str:
    """The settings a conversion depends on, and the log level that decides what it records."""
    level = logging.getLogger("mkdocs.structure.pages").getEffectiveLevel()
    return repr((config["markdown_extensions"], config["mdx_configs"], config["use_directory_urls"],
                 config["validation"], level))


class _Recorded(logging.Handler):
    """The records that MkDocs and Markdown log while a page is converted (they are passed on too)."""

    LOGGERS = ("mkdocs", "MARKDOWN")

    def __init__(self):
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)

    def __enter__(self):
        for name in self.LOGGERS:
            logging.getLogger(name).addHandler(self)
        return self.records

    def __exit__(self, *exc):
        for name in self.LOGGERS:
            logging.getLogger(name).removeHandler(self)
