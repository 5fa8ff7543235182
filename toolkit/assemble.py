"""Assemble one docs folder and one mkdocs.yml per site, from rendered Markdown.

A site is an authority in one language (and, later, for one school). Everything here produces plain
Markdown and a plain MkDocs config, so the builder stays replaceable: no logic lives inside MkDocs.
All templates of every site are rendered before anything is written, and every problem is reported
together.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zlib
from functools import lru_cache
from dataclasses import dataclass
from pathlib import Path

import yaml
from babel import Locale

from . import freshness
from .calendar import school_year, to_ical
from .credits import guide_credits
from .errors import GuidesError, TemplateError, UsageError, relative
from .history import History
from .model import DEFAULT_LOCALE, Guide, LocalAuthority, Project
from .render import Source, babel_locale, format_day, make_context, render_text

PAGES = Path(__file__).parent / "pages"
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's C dumper when PyYAML has it
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

    @property
    def path(self) -> Path:
        """Where the site goes, relative to the output folder."""
        if self.school:
            return Path(self.authority) / "schools" / str(self.school) / self.locale
        return Path(self.authority) / self.locale


@dataclass
class Page:
    path: str  # relative to docs/
    meta: dict
    body: str

    def text(self) -> str:
        front = yaml.dump(self.meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False) if self.meta else ""
        return f"---\n{front}---\n\n{self.body}" if front else self.body


@dataclass
class AssembledSite:
    site: Site
    config: dict
    pages: list[Page]

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

    `schools` adds per-school sites: a list of URNs, or ["all"]. Without an authority, only the
    authority sites are built unless `schools` is ["all"]. `shard` (I, N) keeps the I-th of N
    groups, chosen by a stable hash of each site's name so that adding a site moves no others.
    """
    slugs = [project.authority(authority).slug] if authority else sorted(project.authorities)
    sites = []
    for slug in slugs:
        local = project.authorities[slug]
        languages = [lang for lang in local.data.languages if locale in (None, lang)]
        sites.extend(Site(slug, lang) for lang in languages)
        for urn in _school_urns(local, schools):
            sites.extend(Site(slug, lang, urn) for lang in languages)
    if shard:
        index, count = shard
        sites = [s for s in sites if zlib.crc32(s.name.encode()) % count == index - 1]
    return sites


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
    today = today or dt.date.today()
    stale = freshness.stale_paths(project, history) if history else frozenset()
    assembled, problems = [], []
    for site in sites:
        # A school with its own site in this build has one page, there; the directory links to it.
        own_sites = frozenset(s.school for s in (all_sites or sites) if s.school and s.authority == site.authority)
        try:
            assembled.append(assemble(project, site, today, stale, history, own_sites))
        except GuidesError as error:
            problems.extend(p for p in error.problems if p not in problems)
    problems.extend(p for p in _problems_with_a_school(project, sites, today) if p not in problems)
    if problems:
        raise TemplateError(problems)
    return assembled


def _problems_with_a_school(project: Project, sites: list[Site], today: dt.date) -> list:
    """A placeholder inside `{% if school %}` is never filled on an authority's own site, so a
    misspelling there would wait for the first school's site. Render each guide once with one of
    the authority's schools as well, and report what fails, so every build finds it."""
    problems = []
    for slug in sorted({s.authority for s in sites if not s.school}):
        authority = project.authorities[slug]
        school = next(iter(authority.schools.values()), None)
        if school is None:
            continue
        for locale in sorted({s.locale for s in sites if s.authority == slug}):
            context = make_context(authority, school, locale, today)
            for chosen in guides_for(project, authority, locale):
                try:
                    guide_page(project, chosen, context, project.ui_text(locale))
                except GuidesError as error:
                    problems.extend(p for p in error.problems if p not in problems)
    return problems


def assemble(project: Project, site: Site, today: dt.date, stale: frozenset[Path] = frozenset(),
             history: History | None = None, own_sites: frozenset[int] = frozenset()) -> AssembledSite:
    authority = project.authority(site.authority)
    school = authority.schools.get(site.school) if site.school else None
    ui = project.ui_text(site.locale)
    context = make_context(authority, school, site.locale, today)
    guides = guides_for(project, authority, site.locale, stale)
    address = site_address(authority, site)
    problems, pages = [], []
    for guide in guides:
        try:
            pages.append(guide_page(project, guide, context, ui, history, address))
        except GuidesError as error:
            problems.extend(error.problems)
    if problems:
        raise TemplateError(problems)
    pages.append(home_page(project, authority, guides, pages, context, ui))
    if school is None:
        pages.extend(school_pages(project, authority, guides, context, ui, own_sites))
    else:
        pages.append(own_school_page(project, authority, school, guides, context, ui))
    if project.glossary:
        pages.append(glossary_page(project, authority, context, ui))
    pages.extend(term_date_pages(project, authority, school, context, ui))
    about = about_page(project, context, ui)
    if about:
        pages.append(about)
    return AssembledSite(site, site_config(project, authority, site, pages, ui), pages)


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
    english.update(authority.overrides)
    translated = project.translations.get(locale, {}) if locale != DEFAULT_LOCALE else {}
    chosen = []
    for slug, guide in english.items():
        if authority.data.nation not in guide.meta.nations:
            continue
        if locale == DEFAULT_LOCALE:
            chosen.append(Chosen(guide, guide))
        elif slug in translated and slug not in authority.overrides:
            translation = translated[slug]
            chosen.append(Chosen(translation, guide, "stale" if translation.path.resolve() in stale else None))
        else:
            chosen.append(Chosen(guide, guide, "untranslated"))
    return sorted(chosen, key=lambda c: (c.meta.order, c.meta.title))


def _render(project: Project, text: str, context: dict, guide: Guide, yaml_path: tuple | None = None) -> str:
    first_line = guide.front.line_of(yaml_path) if yaml_path else guide.body_first_line
    return render_text(text, context, Source(relative(guide.path, project.root), first_line))


def site_address(authority: LocalAuthority, site: Site) -> str:
    """The site's web address, from the authority's `site_url`; relative ("") when it has none."""
    if authority.data.site_url is None:
        return ""
    base = str(authority.data.site_url).rstrip("/") + "/"
    return base + site.path.relative_to(site.authority).as_posix() + "/"


def guide_page(project: Project, chosen: Chosen, context: dict, ui: dict, history: History | None = None,
               address: str = "") -> Page:
    guide, meta = chosen.guide, chosen.meta
    page_url = f"{address}guides/{guide.slug}/"
    site_locale = context["locale"]
    # English shown on another language's site: its dates and times are written in English too.
    context = {**context, "page_url": page_url, "locale": guide.locale}
    render = lambda text, *where: _render(project, text, context, guide, where or None)  # noqa: E731
    body = render(guide.body)
    body += glossary_tooltips(body, project.glossary_for(guide.locale), context["authority"]["nation"])
    page_meta = {
        "title": render(meta.title, "title"),
        "description": render(meta.summary, "summary"),
        "key_points": [render(p, "key_points", i) for i, p in enumerate(meta.key_points)],
        "reviewed": meta.reviewed.isoformat(),
        "reviewed_text": ui["reviewed"].format(date=format_day(meta.reviewed, site_locale)),
        "sources": [{"title": s.title, "url": str(s.url)} for s in meta.sources],
        "guide": guide.slug,
        "source_path": relative(guide.path, project.root),
        "content_lang": guide.locale,
    }
    if chosen.notice:
        page_meta["notice"] = chosen.notice
    if meta.text_message:
        page_meta["text_message"] = " ".join(render(meta.text_message, "text_message").split())
    if address:
        page_meta["page_url"] = page_url
        page_meta["qr_svg"] = qr_svg(page_url, ui["qr_code"])
    page_meta["contact"] = leaflet_contact(context)
    credit = guide_credits(history, guide, chosen.english)
    if credit:
        page_meta.update(credit, last_changed_text=ui["last_changed"].format(
            date=format_day(credit["last_changed"], site_locale)))
    return Page(f"guides/{guide.slug}.md", page_meta, body)


def leaflet_contact(context: dict) -> dict:
    """Who a parent holding a printout can ask: the school on a school's site, else the council."""
    school, authority = context["school"], context["authority"]
    if school:
        return {"name": school["name"], "phone": school["phone"], "website": school["website"]}
    general = authority["contacts"]["general"] or {}
    return {"name": authority["name"], "phone": general.get("phone"), "website": authority["website"]}


def qr_svg(url: str, title: str) -> str:
    """A QR code for a printed page, so a parent can open it on their phone."""
    import segno

    out = io.BytesIO()
    # A fixed mask: choosing the "best" of eight takes 90% of the time and makes no difference to a phone.
    segno.make(url, error="m", mask=0).save(out, kind="svg", border=4, xmldecl=False, title=title,
                                            svgclass="pg-qr", lineclass=None, omitsize=True)
    return out.getvalue().decode("utf-8")


def glossary_tooltips(text: str, glossary, nation: str) -> str:
    """Markdown abbreviation lines for the glossary terms a page uses, so that each use shows its
    meaning on the spot (an <abbr> with a title, shown as a tooltip by the theme)."""
    pattern, meanings = _tooltip_index(glossary, nation)
    if pattern is None:
        return ""
    used = sorted({match.group(0) for match in pattern.finditer(text)} & set(meanings))
    lines = [f"*[{word}]: {meanings[word]}" for word in used]
    return "\n\n" + "\n".join(lines) + "\n" if lines else ""


_TOOLTIPS: dict[tuple[int, str], tuple] = {}


def _tooltip_index(glossary, nation: str):
    """One pattern for all of a glossary's words in a nation, made once per run."""
    key = (id(glossary), nation)
    if key not in _TOOLTIPS:
        meanings = {}
        for term in glossary:
            if nation in term.nations:
                meaning = f"{term.stands_for}: {term.meaning}" if term.stands_for else term.meaning
                for word in [term.term, *term.also]:
                    meanings[word] = " ".join(meaning.split())
        words = sorted(meanings, key=len, reverse=True)
        pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, words)) + r")(?![\w-])") if words else None
        _TOOLTIPS[key] = (glossary, pattern, meanings)  # the glossary is kept so that its id stays unique
    return _TOOLTIPS[key][1:]


def _page_template(name: str, context: dict, **values) -> str:
    path = PAGES / name
    return render_text(path.read_text(encoding="utf-8"), {**context, **values}, Source(path))


def home_page(project, authority, guides, pages, context, ui) -> Page:
    titles = {p.meta["guide"]: p.meta for p in pages if "guide" in p.meta}
    cards = [{"slug": g.slug, "title": titles[g.slug]["title"], "summary": titles[g.slug]["description"],
              "stages": g.meta.stages, "questions": g.meta.questions} for g in guides]
    body = _page_template("home.md", context, ui=ui, guides=cards,
                          schools=_school_list(authority) if not context["school"] else [])
    heading = ui["site_name"].format(authority=authority.data.name)
    return Page("index.md", {"title": heading, "source_path": _authority_file(project, authority)}, body)


def _authority_file(project: Project, authority: LocalAuthority) -> str:
    return relative(authority.folder / "authority.yml", project.root)


def _school_list(authority: LocalAuthority) -> list[dict]:
    schools = sorted(authority.schools.values(), key=lambda s: s.name)
    return [{"urn": s.urn, "name": s.name, "phase": s.phase or ""} for s in schools]


def school_pages(project, authority, guides, context, ui, own_sites: frozenset[int] = frozenset()) -> list[Page]:
    """The school directory, and a page for each school that has no site of its own in this build."""
    schools = _school_list(authority)
    for school in schools:
        own = school["urn"] in own_sites
        school["own_site"] = f"../../schools/{school['urn']}/{context['locale']}/school/" if own else None
    pages = [Page("schools/index.md", {"title": ui["schools"], "source_path": _authority_file(project, authority)},
                  _page_template("schools.md", context, ui=ui, schools=schools))]
    for school in authority.schools.values():
        if school.urn in own_sites:
            continue
        school_context = make_context(authority, school, context["locale"], context["today"])
        body = _page_template("school.md", school_context, ui=ui, guides=_guides_for_phase(guides, school),
                              link_prefix="../", **_school_dates(authority, school, ui, f"{school.urn}.ics"))
        source = relative(authority.folder / "schools" / f"{school.urn}.yml", project.root)
        pages.append(Page(f"schools/{school.urn}.md",
                          {"title": school.name, "example": school.example, "source_path": source}, body))
    return pages


def own_school_page(project, authority, school, guides, context, ui) -> Page:
    """On a school's own site, its details page sits beside the guides."""
    body = _page_template("school.md", context, ui=ui, guides=_guides_for_phase(guides, school), link_prefix="",
                          **_school_dates(authority, school, ui, "term-dates.ics"))
    source = relative(authority.folder / "schools" / f"{school.urn}.yml", project.root)
    return Page("school.md", {"title": school.name, "example": school.example, "source_path": source}, body)


def _school_dates(authority, school, ui, calendar: str) -> dict:
    events = school_year(authority.data, school, ui)
    return {"events": [e.__dict__ for e in events], "calendar": calendar if events else None,
            "own_terms": bool(school.term_dates)}


PHASE_STAGES = {
    "nursery": {"early-years"},
    "primary": {"early-years", "primary"},
    "middle": {"primary", "secondary"},
    "secondary": {"secondary", "post-16"},
    "16 plus": {"post-16"},
    "all-through": {"early-years", "primary", "secondary", "post-16"},
}


def _guides_for_phase(guides: list[Chosen], school) -> list[dict]:
    """The guides that matter for a school's phase: a primary school does not need GCSE options."""
    phase = (school.phase or "").lower()
    stages = next((s for key, s in PHASE_STAGES.items() if key in phase), None)
    chosen = [g for g in guides if stages is None or "all" in g.meta.stages or stages & set(g.meta.stages)]
    return [{"slug": g.slug, "title": g.meta.title} for g in chosen]


def term_date_pages(project, authority, school, context, ui) -> list[Page]:
    """The term dates page, and a calendar file for the site's school, or for each school of the
    authority (linked from its school page), that a phone can subscribe to."""
    events = school_year(authority.data, school, ui)
    name = f"{school.name if school else authority.data.name}: {ui['term_dates']}"
    pages = []
    if events:
        scope = str(school.urn) if school else authority.slug
        pages.append(Page("term-dates.ics", {}, to_ical(events, name, scope).decode("utf-8")))
    if school is None:
        for each in authority.schools.values():
            own = school_year(authority.data, each, ui)
            if own:
                calendar = to_ical(own, f"{each.name}: {ui['term_dates']}", str(each.urn))
                pages.append(Page(f"schools/{each.urn}.ics", {}, calendar.decode("utf-8")))
    body = _page_template("term-dates.md", context, ui=ui, events=[e.__dict__ for e in events],
                          calendar="term-dates.ics" if events else None)
    source = relative(authority.folder / "authority.yml", project.root)
    return [Page("term-dates.md", {"title": ui["term_dates"], "source_path": source}, body), *pages]


def about_page(project: Project, context: dict, ui: dict) -> Page | None:
    """Who writes the guides and how to help: content/about.md, or its translation."""
    translated = project.root / "locales" / context["locale"] / "about.md"
    path = translated if translated.is_file() else project.root / "content" / "about.md"
    if not path.is_file():
        return None
    shown = relative(path, project.root)
    body = render_text(path.read_text(encoding="utf-8"), context, Source(shown))
    return Page("about.md", {"title": ui["about"], "source_path": shown}, body)


def glossary_page(project, authority, context, ui) -> Page:
    nation = authority.data.nation
    glossary = project.glossary_for(context["locale"])
    terms = sorted((t for t in glossary if nation in t.nations), key=lambda t: t.term.lower())
    body = _page_template("glossary.md", context, ui=ui, terms=[t.model_dump() for t in terms])
    locale_file = project.root / "locales" / context["locale"] / "glossary.yml"
    source = locale_file if locale_file.is_file() else project.root / "content" / "glossary.yml"
    return Page("glossary.md", {"title": ui["glossary"], "source_path": relative(source, project.root)}, body)


def site_config(project: Project, authority: LocalAuthority, site: Site, pages: list[Page], ui: dict) -> dict:
    """The full MkDocs config for one site: the repository's mkdocs.yml with this site's values on top."""
    base = _base_config(project.root / "mkdocs.yml")
    data = authority.data
    theme = dict(base.get("theme", {}))
    theme.update(language=theme_language(site.locale), custom_dir=str(project.root / "theme"), font=False)
    guide_pages = [p for p in pages if p.path.startswith("guides/")]
    nav = [{ui["home"]: "index.md"}, {ui["guides"]: [{p.meta["title"]: p.path} for p in guide_pages]}]
    if any(p.path == "schools/index.md" for p in pages):
        nav.append({ui["schools"]: "schools/index.md"})
    own = next((p for p in pages if p.path == "school.md"), None)
    if own:
        nav.insert(1, {own.meta["title"]: "school.md"})
    if any(p.path == "term-dates.md" for p in pages):
        nav.append({ui["term_dates"]: "term-dates.md"})
    if any(p.path == "glossary.md" for p in pages):
        nav.append({ui["glossary"]: "glossary.md"})
    if any(p.path == "about.md" for p in pages):
        nav.append({ui["about"]: "about.md"})
    extra = dict(base.get("extra", {}))
    extra.update(
        alternate=[{"name": language_name(lang), "lang": lang, "link": f"../{lang}/"} for lang in data.languages]
        if len(data.languages) > 1 else None,
        authority=data.name,
        example=data.example,
        brand_colour=data.colour,
        ui=ui,
        generator=False,
    )
    return {
        **base,
        "site_name": ui["site_name"].format(authority=data.name),
        "site_url": site_address(authority, site) or None,
        "theme": theme,
        "nav": nav,
        "not_in_nav": "schools/*.md\n",
        "plugins": [{"search": {"lang": _search_language(site.locale)}}],
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


def theme_language(locale: str) -> str:
    """mkdocs-material's interface language: the site's, where the theme has it, else English."""
    import material

    partials = Path(material.__file__).parent / "templates" / "partials" / "languages"
    return locale if (partials / f"{locale}.html").is_file() else "en"


def language_name(locale: str) -> str:
    """A language's name in that language, as a reader looks for it: English, Cymraeg, Polski, اردو."""
    name = Locale.parse(babel_locale(locale)).get_language_name(babel_locale(locale)) or locale
    return name[:1].upper() + name[1:]


# lunr.js has stemmers for these; for others (cy, ur) search still works, without stemming.
_SEARCH_LANGUAGES = {"en", "de", "es", "fr", "it", "nl", "pl", "pt", "ru", "tr"}


def _search_language(locale: str) -> str:
    return locale if locale in _SEARCH_LANGUAGES else "en"
