"""Assemble one docs folder and one mkdocs.yml per site, from rendered Markdown.

A site is an authority in one language, optionally for one school. This module chooses the guides
for a site, renders them, and writes the MkDocs config; sitepages.py makes the other pages. It all
produces plain Markdown and a plain MkDocs config, so the builder stays replaceable.
All templates of every site are rendered before anything is written, and every problem is reported
together.
"""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import yaml
from babel import Locale

from . import clock, freshness, limits, shortlinks
from .credits import guide_credits
from .errors import GuidesError, TemplateError, UsageError, relative
from .history import History
from .model import DEFAULT_LOCALE, Guide, LocalAuthority, Project
from .render import Source, babel_locale, format_day, make_context, render_text, tel_number, template_errors
from .schemas import in_language
from .sitepages import (Page, about_page, for_theme, glossary_links, glossary_page, glossary_tooltips, glossary_words,
                        home_page, key_points_section, leaflet_contact, own_school_page, qr_svg, school_pages,
                        term_date_pages)

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Site:
    """One site to build: an authority, a language, and optionally one school."""

    authority: str
    locale: str
    school: int | None = None

    @property
    def name(self) -> str:
        school = f"/school {self.school}" if self.school else ""
        return f"{self.authority}/{self.locale}{school}"

    @cached_property  # asked for often, for each of 40,000 sites: a build's fingerprints, landing pages
    def path(self) -> Path:
        """Where the site goes, relative to the output folder."""
        if self.school:
            return Path(self.authority) / "schools" / str(self.school) / self.locale
        return Path(self.authority) / self.locale

    @property
    def in_authority(self) -> str:
        """Where the site goes inside its authority's folder (and under its `site_url`): en, schools/990101/ur."""
        return self.path.relative_to(self.authority).as_posix()


@dataclass
class AssembledSite:
    site: Site
    config: dict
    pages: list[Page]
    # A school site's own details as its pages show them, by where they come from ("school.name",
    # "school.urn", a page's short address code): what stencil.py stands in for to share one build.
    details: dict[str, str] = field(default_factory=dict)

    def write(self, folder: Path) -> Path:
        """Write docs/ and mkdocs.yml into `folder`; return the config file path."""
        docs = folder / "docs"
        for page in self.pages:
            target = docs / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.text(), encoding="utf-8")
        config = dict(self.config, docs_dir=str(docs))
        config_path = folder / "mkdocs.yml"
        config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return config_path


def sites_for(project: Project, authority: str | None = None, locale: str | None = None,
              schools: list[str] | None = None, shard: tuple[int, int] | None = None) -> list[Site]:
    """Every site to build: each chosen authority in each of its languages.

    `schools` adds per-school sites: ["all"] adds every school's site to the authorities' own; a list
    of URNs gives just those schools' sites (a school office rebuilding its own site waits for
    nothing else). `shard` (I, N) keeps the I-th of N groups, chosen by a stable hash of each
    site's authority and language: adding a site moves no others, and an authority's sites in one
    language stay together, so that its schools' sites fill in each other's stencils (stencil.py).
    """
    slugs = [project.authority(authority).slug] if authority else sorted(project.authorities)
    if locale:
        _require_language(project, slugs, locale)
    sites = []
    for slug in slugs:
        local = project.authorities[slug]
        languages = [lang for lang in local.data.languages if locale in (None, lang)]
        if not schools or schools == ["all"]:
            sites.extend(Site(slug, lang) for lang in languages)
        for urn in _school_urns(local, schools):
            sites.extend(Site(slug, lang, urn) for lang in _school_languages(local.schools[urn], languages))
    if shard:
        index, count = shard
        sites = [s for s in sites if zlib.crc32(f"{s.authority}/{s.locale}".encode()) % count == index - 1]
    return sites


def _school_languages(school, languages: list[str]) -> list[str]:
    """A Welsh-medium school's site opens in Welsh (the first language is where its address leads)."""
    if school.language_medium == "Welsh" and "cy" in languages:
        return ["cy", *(lang for lang in languages if lang != "cy")]
    return languages


def _require_language(project: Project, slugs: list[str], locale: str) -> None:
    """A language no chosen authority offers would build (or export) nothing: say so instead."""
    offered = sorted({lang for slug in slugs for lang in project.authorities[slug].data.languages})
    if locale not in offered:
        whose = f"{slugs[0]} offers" if len(slugs) == 1 else "the authorities offer"
        raise UsageError(f"'{locale}' is not a language that {whose}: choose one of {', '.join(offered)} "
                         "(an authority lists its languages in authority.yml).")


def _school_urns(authority: LocalAuthority, schools: list[str] | None) -> list[int]:
    if not schools:
        return []
    if schools == ["all"]:
        return sorted(authority.schools)
    urns = []
    for urn in schools:
        if not urn.isdigit() or int(urn) not in authority.schools:
            raise UsageError(f"There is no school with URN {urn} in authorities/{authority.slug}/schools/.")
        urns.append(int(urn))
    return urns


def assemble_all(project: Project, sites: list[Site], today: dt.date | None = None,
                 history: History | None = None, all_sites: list[Site] | None = None) -> list[AssembledSite]:
    """Render every site; raise one TemplateError with every distinct problem if any fail.

    With `history`, pages credit their writers and show when they changed, and translations whose
    English source changed since they were made say so. `all_sites` is every site of this build
    (default: `sites`): a school with its own site among them gets no copy in the directory.
    """
    today = today or clock.today()
    stale = freshness.stale_paths(project, history) if history else frozenset()
    assembled, problems = [], []
    own = own_sites(all_sites or sites)
    for site in sites:
        try:
            assembled.append(assemble(project, site, today, stale, history, own.get(site.authority, frozenset())))
        except GuidesError as error:
            problems.extend(p for p in error.problems if p not in problems)
    problems.extend(p for p in template_problems(project, sites, today) if p not in problems)
    if problems:
        raise TemplateError(problems)
    return assembled


def own_sites(sites: list[Site]) -> dict[str, frozenset[int]]:
    """By authority, the schools with their own site in this build: each has one page, there, and
    the authority's directory links to it."""
    own: dict[str, set[int]] = {}
    for site in sites:
        if site.school:
            own.setdefault(site.authority, set()).add(site.school)
    return {authority: frozenset(schools) for authority, schools in own.items()}


def template_problems(project: Project, sites: list[Site], today: dt.date) -> list:
    """Every guide of the build's authorities and languages, and the about page, rendered as an
    authority's site shows it (no school) and as a school's does, before any site is built: a
    mistake in a guide then stops the build instead of failing its sites one by one after others
    are published. It also finds a misspelt placeholder inside `{% if school %}` on a build of the
    authority's own sites alone.
    The school is the first of the build's school sites, or else the authority's first school."""
    problems = []
    by_language: dict[tuple[str, str], list[Site]] = {}
    for site in sites:
        by_language.setdefault((site.authority, site.locale), []).append(site)
    for (slug, locale), chosen in sorted(by_language.items()):
        authority = project.authorities[slug]
        schools = [None] if any(not s.school for s in chosen) else []
        first = next((authority.schools[s.school] for s in chosen if s.school), None)
        first = first or (next(iter(authority.schools.values()), None) if schools else None)
        schools += [first] if first else []
        for school in schools:
            context = make_context(authority, school, locale, today, ui=project.ui_text(locale))
            for guide in guides_for(project, authority, locale):
                try:
                    guide_templates(project, guide, context)
                except GuidesError as error:
                    problems.extend(p for p in error.problems if p not in problems)
            try:  # every site has an about page, rendered from a template too
                about_page(project, context, project.ui_text(locale))
            except GuidesError as error:
                problems.extend(p for p in error.problems if p not in problems)
    return problems


def guide_templates(project: Project, chosen: Chosen, context: dict) -> None:
    """Render every template of a guide's page, in guide_page's order, for its errors alone: each as
    a skeleton where that finds the same errors (render.skeleton), so a guide is compiled once for
    every authority, not once for each (a national shard spent 11 s here, now 2.5). Raises the first
    error, as guide_page would."""
    guide, meta = chosen.guide, chosen.meta
    context = _guide_context(project, guide, context, guide_url(guide.slug))
    parts = [(point, ("key_points", i), False) for i, point in enumerate(meta.key_points)]
    parts += [(guide.body, None, False), (meta.title, ("title",), True), (meta.summary, ("summary",), True)]
    parts += [(meta.text_message, ("text_message",), True)] if meta.text_message else []
    shown = relative(guide.path, project.root)
    for text, where, plain in parts:
        source = Source(shown, guide.front.line_of(where) if where else guide.body_first_line)
        error, _ = template_errors(text, context, source, plain)
        if error is not None:
            raise error


def assemble(project: Project, site: Site, today: dt.date, stale: frozenset[Path] = frozenset(),
             history: History | None = None, own_sites: frozenset[int] = frozenset()) -> AssembledSite:
    with limits.many_renders():
        return _assemble(project, site, today, stale, history, own_sites)


def _assemble(project: Project, site: Site, today: dt.date, stale: frozenset[Path],
              history: History | None, own_sites: frozenset[int]) -> AssembledSite:
    authority = project.authority(site.authority)
    school = authority.schools.get(site.school) if site.school else None
    ui = project.ui_text(site.locale)
    context = make_context(authority, school, site.locale, today, ui=ui)
    guides = guides_for(project, authority, site.locale, stale)
    address = site_address(authority, site)
    problems, pages = [], []
    for guide in guides:
        try:
            pages.append(guide_page(project, guide, context, ui, history, address, authority_address(authority)))
        except GuidesError as error:
            problems.extend(error.problems)
    if problems:
        raise TemplateError(problems)
    pages.append(home_page(project, authority, guides, pages, context, ui))
    if school is None:
        pages.extend(school_pages(project, authority, guides, context, ui, own_sites, address))
    else:
        pages.append(own_school_page(project, authority, school, guides, context, ui, address))
    if project.glossary:
        pages.append(glossary_page(project, authority, context, ui))
    pages.extend(term_date_pages(project, authority, school, context, ui, own_sites, address))
    about = about_page(project, context, ui)
    if about:
        pages.append(about)
    details = school_details(context, address, authority_address(authority), pages) if school else {}
    return AssembledSite(site, site_config(project, authority, site, pages, ui), pages, details)


# A school's kind (phase, type...) is shared by many schools and decides what its pages say: not a detail.
SCHOOL_KINDS = frozenset({"phase", "type", "status", "gender", "religious_character", "language_medium", "channel"})
SHORT_CODE = "short "  # a school detail that is the code of a page's short address: "short <page>"


def school_kind(project: Project, site: Site) -> tuple:
    """What a school site is likely to share a stencil with others by (stencil.py): its authority and
    language, and its school's data with its texts and days left out (they are its details, and
    stood in for), but its kind (phase, type...), times and numbers kept, and how many days it has.
    Guessed before any page is made, so that a school alone of its kind is built the ordinary way,
    not by a stencil that no other school would use."""
    school = project.authorities[site.authority].schools[site.school]
    return site.authority, site.locale, repr(_without_texts(school.model_dump()))


def _without_texts(value, key: str = ""):
    if isinstance(value, dict):
        return {k: _without_texts(v, k) for k, v in value.items() if k != "urn"}
    if isinstance(value, list):
        return [_without_texts(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, dt.time)) or key in SCHOOL_KINDS:
        return value
    return ""  # a text, a web address or a day


def school_details(context: dict, address: str, authority_base: str, pages: list[Page]) -> dict[str, str]:
    """The texts that make one school's site differ from another's of the same kind: its fields (as
    guides get them), its URN (in its address), and its guide pages' short addresses (in text
    messages and QR codes)."""
    details = {"school.urn": str(context["school"]["urn"])}  # in the site's address, so on every page
    _text_fields(context["school"], "school", details, context["locale"])
    for page in pages:
        if "page_url" in page.meta:  # the short address's code: the rest is the authority's
            code = short_url(address, authority_base, page.meta["page_url"]).rstrip("/").rsplit("/", 1)[-1]
            details[f"{SHORT_CODE}{page.path}"] = code
    # The authority's name is on every page: a school's town of the same name is not the school's.
    shared = context["authority"]["name"]
    return {where: text for where, text in details.items()
            if isinstance(text, str) and text and text not in shared and shared not in text}


def _text_fields(value, where: str, details: dict, locale: str) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in SCHOOL_KINDS:
                _text_fields(item, f"{where}.{key}", details, locale)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _text_fields(item, f"{where}.{index}", details, locale)
    elif isinstance(value, str):
        details[where] = value
        if where.endswith("phone"):
            details[f"{where} tel"] = tel_number(value)
    elif isinstance(value, dt.date):
        # A school's own days (parents' evenings, INSET days) as pages write a day: schools whose
        # days differ share a stencil. A day written any other way differs in the stood-in pages,
        # and the school is then built on its own (stencil.py).
        details[where] = format_day(value, locale, "full")
        details[f"{where} long"] = format_day(value, locale, "long")


@dataclass
class Chosen:
    """The guide shown for one page, and why: a translation, or the English text as a fallback."""

    guide: Guide
    english: Guide  # the English guide it comes from (itself, when it is English)
    notice: str | None = None  # "untranslated" or "stale"

    @property
    def meta(self):
        return self.guide.meta

    @property
    def slug(self) -> str:
        return self.guide.slug


def guides_for(project: Project, authority: LocalAuthority, locale: str, stale: set[Path] = frozenset()) -> list[Chosen]:
    """The guides on this site, in menu order.

    An authority's local version replaces the central guide. In another language, a translation is
    used where there is one; otherwise the English page is shown with a notice. An authority's
    local version is shown in English rather than a translation of the central text it replaced.
    """
    english = dict(project.guides)
    english.update({slug: g for slug, g in authority.overrides.items() if not g.meta.draft or slug not in english})
    translated = project.translations.get(locale, {}) if locale != DEFAULT_LOCALE else {}
    translated = {slug: g for slug, g in translated.items() if not g.meta.draft}  # a draft shows as untranslated
    chosen = []
    for slug, guide in english.items():
        if authority.data.nation not in guide.meta.nations:
            continue
        if locale == DEFAULT_LOCALE:
            chosen.append(Chosen(guide, guide))
        elif slug in translated and guide is project.guides.get(slug):
            translation = translated[slug]
            chosen.append(Chosen(translation, guide, "stale" if translation.path.resolve() in stale else None))
        else:
            chosen.append(Chosen(guide, guide, "untranslated"))
    return sorted(chosen, key=lambda c: (c.meta.order, c.meta.title))


def _guide_context(project: Project, guide: Guide, context: dict, page_url: str) -> dict:
    # English shown on another language's site: its dates and times are written in English too.
    return {**context, "page_url": page_url, "locale": guide.locale, "channel_names": _channel_names(project, guide)}


def _render(project: Project, text: str, context: dict, guide: Guide, yaml_path: tuple | None = None,
            plain: bool = False) -> str:
    first_line = guide.front.line_of(yaml_path) if yaml_path else guide.body_first_line
    return render_text(text, context, Source(relative(guide.path, project.root), first_line), plain=plain)


def authority_address(authority: LocalAuthority) -> str:
    """Where the authority's sites are published (its `site_url`); "" when it has not said."""
    return str(authority.data.site_url).rstrip("/") + "/" if authority.data.site_url else ""


def guide_url(slug: str) -> str:
    """A guide page's address inside its site. The workers' short addresses (text messages, QR
    codes) and the landing pages' check that no two pages share one are both made from it."""
    return f"guides/{slug}/"


def site_address(authority: LocalAuthority, site: Site) -> str:
    """The site's web address, from the authority's `site_url`; relative ("") when it has none."""
    base = authority_address(authority)
    return base + site.in_authority + "/" if base else ""


def short_url(address: str, authority_base: str, page_url: str) -> str:
    """A guide page's short address (shortlinks.py), or its own where the site has no web address."""
    return shortlinks.short_address(authority_base, page_url[len(authority_base):]) if address else page_url


def guide_page(project: Project, chosen: Chosen, context: dict, ui: dict, history: History | None = None,
               address: str = "", authority_base: str = "") -> Page:
    guide, meta = chosen.guide, chosen.meta
    page_url = address + guide_url(guide.slug)
    site_locale = context["locale"]
    context = _guide_context(project, guide, context, page_url)
    render = lambda text, *where: _render(project, text, context, guide, where or None)  # noqa: E731
    plain = lambda text, where: _render(project, text, context, guide, (where,), plain=True)  # noqa: E731
    key_points = [render(p, "key_points", i) for i, p in enumerate(meta.key_points)]
    body = key_points_section(key_points, ui["key_points"]) + render(guide.body)
    glossary, nation = project.glossary_for(guide.locale), context["authority"]["nation"]
    words = glossary_words(body, glossary, nation)
    links = glossary_links(words, glossary, nation)
    body += glossary_tooltips(words, glossary, nation)
    page_meta = {  # plain text: Page.text() escapes it for the theme
        "title": plain(meta.title, "title"),
        "description": plain(meta.summary, "summary"),
        "key_points": key_points,
        "reviewed": meta.reviewed.isoformat(),
        "reviewed_text": ui["reviewed"].format(date=format_day(meta.reviewed, site_locale)),
        "sources": [{"title": s.title, "url": str(s.url)} for s in meta.sources
                    if context["authority"]["nation"] in s.nations],
        "guide": guide.slug,
        "source_path": relative(guide.path, project.root),
        "content_lang": guide.locale,
    }
    if links and guide.locale == site_locale:  # the glossary page is in the site's language
        page_meta["term_links"] = links
    if chosen.notice:
        page_meta["notice"] = chosen.notice
    if guide.locale != "en" and not freshness.checked_by_a_speaker(guide):
        page_meta["unchecked"] = True  # one line, in the page's language, says so
    # A text costs by the character, and a QR code with fewer characters has bigger squares, easier
    # to scan from paper (and quicker to make): both carry the page's short address (shortlinks.py).
    short = short_url(address, authority_base, page_url)
    if meta.text_message:
        text = _render(project, meta.text_message, {**context, "page_url": short}, guide, ("text_message",),
                       plain=True)
        page_meta["text_message"] = " ".join(text.split())
    if address:
        page_meta["page_url"] = page_url
        page_meta["qr_svg"] = qr_svg(short, ui["qr_code"])
    page_meta["contact"] = leaflet_contact(context)
    credit = guide_credits(history, guide, chosen.english)
    if credit:
        page_meta.update(credit, last_changed_text=ui["last_changed"].format(
            date=format_day(credit["last_changed"], site_locale)))
    return Page(f"guides/{guide.slug}.md", page_meta, body)


def _channel_names(project: Project, guide: Guide) -> dict[str, str]:
    """The ways a school keeps in touch, named in the guide's language (for the `channel` filter)."""
    return {key.removeprefix("channel_"): name for key, name in project.ui_text(guide.locale).items()
            if key.startswith("channel_")}


def site_config(project: Project, authority: LocalAuthority, site: Site, pages: list[Page], ui: dict) -> dict:
    """The full MkDocs config for one site: the repository's mkdocs.yml with this site's values on top."""
    base = _base_config(project.root / "mkdocs.yml")
    data = authority.data
    theme = dict(base.get("theme", {}))
    theme.update(language=theme_language(site.locale, project.root / "theme"), custom_dir=str(project.root / "theme"),
                 font=False)
    guide_pages = [p for p in pages if p.path.startswith("guides/")]
    ui, name = for_theme(ui), in_language(data.name, site.locale)  # the theme shows them as HTML
    nav = [{ui["home"]: "index.md"}, {ui["guides"]: [{for_theme(p.meta["title"]): p.path} for p in guide_pages]}]
    if any(p.path == "schools/index.md" for p in pages):
        nav.append({ui["schools"]: "schools/index.md"})
    own = next((p for p in pages if p.path == "school.md"), None)
    if own:
        nav.insert(1, {for_theme(own.meta["title"]): "school.md"})
    if any(p.path == "term-dates.md" for p in pages):
        nav.append({ui["term_dates"]: "term-dates.md"})
    if any(p.path == "glossary.md" for p in pages):
        nav.append({ui["glossary"]: "glossary.md"})
    if any(p.path == "about.md" for p in pages):
        nav.append({ui["about"]: "about.md"})
    extra = dict(base.get("extra", {}))
    extra.update(
        alternate=[{"name": for_theme(language_name(lang)), "lang": lang, "link": f"../{lang}/"}
                   for lang in data.languages] if len(data.languages) > 1 else None,
        authority=for_theme(name),
        example=data.example,
        brand_colour=data.colour,
        ui=ui,
        generator=False,
    )
    return {
        **base,
        "site_name": ui["site_name"].format(authority=for_theme(name)),
        "site_url": site_address(authority, site) or None,
        "theme": theme,
        "nav": nav,
        "not_in_nav": "schools/*.md\n",
        "plugins": [{"search": {"separator": SEARCH_SEPARATOR}}],
        "extra": extra,
    }


@lru_cache(maxsize=4)
def _read_base_config(path: Path, modified: int) -> str:
    return path.read_text(encoding="utf-8")


def _base_config(path: Path) -> dict:
    """The repository's mkdocs.yml (read once per run), without the preview plugin for `mkdocs serve`."""
    base = yaml.load(_read_base_config(path, path.stat().st_mtime_ns), Loader=_Loader) or {}
    base.pop("plugins", None)
    return base


def theme_language(locale: str, theme: Path | None = None) -> str:
    """mkdocs-material's interface language: the site's, where the theme has it or the project's
    theme/ folder adds it (Panjabi, Somali), else English."""
    import material

    theme = theme or Path(__file__).resolve().parents[1] / "theme"
    partials = [Path(material.__file__).parent / "templates" / "partials" / "languages", theme / "partials" / "languages"]
    return locale if any((folder / f"{locale}.html").is_file() for folder in partials) else "en"


def language_name(locale: str) -> str:
    """A language's name in that language, as a reader looks for it: English, Cymraeg, Polski, اردو."""
    name = Locale.parse(babel_locale(locale)).get_language_name(babel_locale(locale)) or locale
    return name[:1].upper() + name[1:]


# Search words are split at spaces and at punctuation, Latin and Arabic-script (، ؛ ؟ ۔), so that a word
# before a full stop is found: the theme's own pipelines for Polish and Urdu keep punctuation otherwise.
# The language itself is left to mkdocs-material's defaults for the theme language: lunr.js has no
# stemmer for Welsh, Polish or Urdu, and an English one would only spoil their words.
SEARCH_SEPARATOR = r'[\s\-,:;!?()"“”„«»/،؛؟۔]+|\.(?!\d)'
