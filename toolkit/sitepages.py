"""The pages of a site besides the guides: home, schools, a school's own page, term dates,
glossary and about, and what a printed guide carries (a QR code, who to ask) and the glossary
tooltips. Each is plain Markdown made from a template in toolkit/pages/ with the site's words.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import pyuca
import yaml

from .calendar import TermDates, by_school_year, school_year, to_ical
from .checks.trie import words_pattern
from .errors import relative
from .html_policy import plain_title
from .phases import STAGES, phase_label, stages_for, suits_phase
from .prose import WORD_CHARS
from .render import Source, make_context, render_text
from .yamlfile import read_text

if TYPE_CHECKING:
    from .assemble import Chosen
    from .model import LocalAuthority, Project

PAGES = Path(__file__).parent / "pages"
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's C dumper when PyYAML has it


@dataclass
class Page:
    path: str  # relative to docs/
    meta: dict  # plain text, as written: escaped for the theme by text()
    body: str

    def text(self) -> str:
        meta = for_theme(self.meta)
        front = yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False) if meta else ""
        return f"---\n{front}---\n\n{self.body}" if front else self.body


def escape_for_theme(text: str) -> str:
    """& and " as entities, < and > as ‹ and ›. The theme puts values only in text and in double-quoted
    attributes (tests/security checks every published page), so an apostrophe stays one: "Dydy'r",
    "O'Brien". Where it shortens a name or title with "…" (the site's name, a page's in the menus),
    its script shows the whole text as HTML in a tooltip: an entity for < would become a tag again."""
    return html.escape(plain_title(text), quote=False).replace('"', "&quot;")


# The theme shows front matter values as they are, as HTML: only these are ours and meant as HTML.
OUR_HTML = frozenset({"qr_svg"})


def for_theme(value, key: str | None = None):
    """Page and site values made safe to show as HTML: every text escaped ("Smith &amp; Jones",
    "&lt;script&gt;"), in attributes too, except the HTML the toolkit made itself (OUR_HTML)."""
    if isinstance(value, str):
        return value if key in OUR_HTML else escape_for_theme(value)
    if isinstance(value, dict):
        return {k: for_theme(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [for_theme(v) for v in value]
    return value


def leaflet_contact(context: dict) -> dict:
    """Who a parent holding a printout can ask: the school on a school's site, else the council."""
    school, authority = context["school"], context["authority"]
    if school:
        return {"name": school["name"], "phone": school.get("phone"), "website": school.get("website")}
    general = authority["contacts"]["general"] or {}
    return {"name": authority["name"], "phone": general.get("phone"), "website": authority["website"]}


@functools.lru_cache(maxsize=1024)  # a watch builds an edited school's pages again: the same codes
def qr_svg(url: str, title: str) -> str:
    """A QR code for a printed page, so a parent can open it on their phone: an SVG of one path,
    each row's dark modules drawn as strokes, inside the quiet zone that readers need."""
    import zxingcpp  # ZXing's C++ encoder: a site has 27 codes, and pure-Python ones took a quarter of its time

    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = memoryview(code.to_image(add_quiet_zones=False))  # a byte a module: 0 dark, 255 light
    height, width = image.shape
    modules = image.tobytes()
    # Each run of modules becomes a step of the path, looked up, not worked out: Python's loop over
    # the runs cost twice the encoding. The pen starts each row where the last one ended.
    rows = b"\n".join([modules[start:start + width] for start in range(0, height * width, width)])
    path = f"M{QUIET_ZONE} {QUIET_ZONE}.5" + "".join(map(_path_steps(width).__getitem__, _RUNS.split(rows)))
    side = max(height, width) + 2 * QUIET_ZONE
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" class="pg-qr">'
            f'<title>{html.escape(title, quote=False)}</title><path stroke="#000" d="{path}"/></svg>')


QUIET_ZONE = 4  # modules of white around a QR code, as the standard asks
_RUNS = re.compile(rb"(\x00+|\n)")  # split at dark runs and row ends, keeping them: light runs between


@functools.lru_cache(maxsize=8)
def _path_steps(width: int) -> dict[bytes, str]:
    """The path's step for every run a row of `width` modules can have: a light run moves the pen,
    a dark one draws a stroke, and a row's end goes back to the left, a row down."""
    steps = {b"": "", b"\n": f"m-{width} 1"}
    for length in range(1, width + 1):
        steps[b"\xff" * length], steps[b"\x00" * length] = f"m{length} 0", f"h{length}"
    return steps


def key_points_section(points: list[str], heading: str) -> str:
    """The key points that open a guide, as part of its Markdown: so that search finds them, and a
    glossary word in them shows its meaning like anywhere else on the page."""
    items = "\n".join(f"- {point}" for point in points)
    return (f'<section class="pg-key-points" aria-labelledby="pg-key-points-title" markdown>\n'
            f'<h2 id="pg-key-points-title">{html.escape(heading)}</h2>\n\n{items}\n\n</section>\n\n')


def glossary_words(text: str, glossary, nation: str) -> list[str]:
    """The glossary words a page uses, in order: its tooltips and its links to the glossary page."""
    _tooltip_index(glossary, nation)
    return list(_words_in(text, (id(glossary), nation)))


@functools.lru_cache(maxsize=256)
def _words_in(text: str, index: tuple[int, str]) -> tuple[str, ...]:
    """Looking for a hundred words is slow, and most guides read the same for every school of a kind."""
    _, pattern, meanings = _TOOLTIPS[index]
    if pattern is None:
        return ()
    return tuple(sorted({match.group(0) for match in pattern.finditer(text)} & set(meanings)))


def glossary_tooltips(words: list[str], glossary, nation: str) -> str:
    """Markdown abbreviation lines for the glossary `words` a page uses, so that each use shows its
    meaning on the spot (an <abbr> with a title, shown as a tooltip by the theme)."""
    meanings = _tooltip_index(glossary, nation)[1]
    lines = [f"*[{word}]: {meanings[word]}" for word in words]
    return "\n\n" + "\n".join(lines) + "\n" if lines else ""


def glossary_links(words: list[str], glossary, nation: str) -> dict[str, str]:
    """Each glossary word the page uses, with the id of its entry on the glossary page: a word's
    meaning on the spot links on to the whole entry (its other names, whether it is old)."""
    glossary_entries(glossary, nation)
    anchors = _ENTRIES[(id(glossary), nation)][2]
    return {word: anchors[word] for word in words if word in anchors}


_ENTRIES: dict[tuple[int, str], tuple] = {}


def glossary_entries(glossary, nation: str) -> list[tuple]:
    """A nation's terms in alphabetical order, each with the id of its entry on the glossary page:
    the glossary page and every guide's links to it use the same list (made once per run)."""
    key = (id(glossary), nation)
    if key not in _ENTRIES:
        terms = sorted((t for t in glossary if nation in t.nations), key=lambda t: alphabetical_key(t.term))
        entries = term_anchors(terms)
        anchors = {word: anchor for term, anchor in entries for word in [term.term, *term.also]}
        _ENTRIES[key] = (glossary, entries, anchors)  # the glossary is kept so that its id stays unique
    return _ENTRIES[key][1]


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
                    if word:  # an empty spelling would be "found" everywhere
                        meanings[word] = " ".join(meaning.split())
        # As a tree of letters (checks/trie.py): a site's pages are 100,000 letters to look through.
        # Every word as written, as a tooltip is shown only for the word as the glossary writes it.
        words = words_pattern(list(meanings), exact=set(meanings))
        pattern = re.compile(rf"(?<![{WORD_CHARS}-])(?:{words})(?![{WORD_CHARS}-])", re.I) if meanings else None
        _TOOLTIPS[key] = (glossary, pattern, meanings)  # the glossary is kept so that its id stays unique
    return _TOOLTIPS[key][1:]


def _page_template(name: str, context: dict, **values) -> str:
    return render_text(_page_text(name), {**context, **values}, Source(PAGES / name))


@functools.lru_cache(maxsize=None)  # a few small files, read for every site
def _page_text(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


_GLOSSARY_BODIES: dict[tuple, tuple] = {}


def _glossary_body(glossary, nation: str, intro: str, old_term: str) -> str:
    """The glossary page's text, the same on every site of a nation in a language: made once. Its
    template is given nothing of a school or an authority, so that it cannot come to differ."""
    key = (id(glossary), nation, intro, old_term)
    if key not in _GLOSSARY_BODIES:
        terms = [{**t.model_dump(), "anchor": anchor} for t, anchor in glossary_entries(glossary, nation)]
        letters = []
        for term in terms:  # an A to Z of the letters that start a term, each leading to its first term
            letter = term["term"][:1].upper()
            if not letters or letters[-1]["letter"] != letter:
                letters.append({"letter": letter, "anchor": term["anchor"]})
        ui = {"glossary_intro": intro, "old_term": old_term}
        body = _page_template("glossary.md", {}, ui=ui, terms=terms, letters=letters)
        _GLOSSARY_BODIES[key] = (glossary, body)  # the glossary is kept so that its id stays unique
    return _GLOSSARY_BODIES[key][1]


def home_page(project, authority, guides, pages, context, ui) -> Page:
    """The guides by stage and by question: on a school's site, those for the school's age range."""
    titles = {p.meta["guide"]: p.meta for p in pages if "guide" in p.meta}
    phase = context["school"]["phase"] if context["school"] else None
    stages = [s for s in STAGES if s == "all" or stages_for(phase) is None or s in stages_for(phase)]
    # Each guide once, under the first of its stages this site shows: a phone shows the whole list
    # in a screen or two (listed under every stage, it ran to seven screens).
    cards = [{"slug": g.slug, "title": titles[g.slug]["title"], "summary": titles[g.slug]["description"],
              "first_stage": next((s for s in stages if s in g.meta.stages), "all"), "questions": g.meta.questions}
             for g in for_phase(guides, phase)]
    body = _page_template("home.md", context, ui=ui, guides=cards, stages=stages,
                          schools=_school_list(authority, ui) if not context["school"] else [])
    heading = ui["site_name"].format(authority=context["authority"]["name"])
    return Page("index.md", {"title": heading, "source_path": _authority_file(project, authority)}, body)


def _authority_file(project: Project, authority: LocalAuthority) -> str:
    return relative(authority.folder / "authority.yml", project.root)


def _school_list(authority: LocalAuthority, ui: dict) -> list[dict]:
    schools = sorted(authority.schools.values(), key=lambda s: s.name)
    return [{"urn": s.urn, "name": s.name, "phase": phase_label(s.phase, s.type, ui)} for s in schools]


def school_pages(project, authority, guides, context, ui, own_sites: frozenset[int] = frozenset(),
                 address: str = "") -> list[Page]:
    """The school directory, and a page for each school that has no site of its own in this build."""
    schools = _school_list(authority, ui)
    for school in schools:
        own = school["urn"] in own_sites
        school["own_site"] = f"../../schools/{school['urn']}/{context['locale']}/school/" if own else None
    pages = [Page("schools/index.md", {"title": ui["schools"], "source_path": _authority_file(project, authority)},
                  _page_template("schools.md", context, ui=ui, schools=schools))]
    for school in authority.schools.values():
        if school.urn in own_sites:
            continue
        school_context = make_context(authority, school, context["locale"], context["today"], ui=ui)
        body = _page_template("school.md", school_context, ui=ui, guides=_guides_for_phase(guides, school),
                              link_prefix="../", **_school_dates(authority, school, ui, context, address,
                                                                 f"{school.urn}.ics", f"schools/{school.urn}.ics"))
        source = relative(authority.folder / "schools" / f"{school.urn}.yml", project.root)
        pages.append(Page(f"schools/{school.urn}.md",
                          {"title": school.name, "example": school.example, "source_path": source}, body))
    return pages


def own_school_page(project, authority, school, guides, context, ui, address: str = "") -> Page:
    """On a school's own site, its details page sits beside the guides."""
    body = _page_template("school.md", context, ui=ui, guides=_guides_for_phase(guides, school), link_prefix="",
                          **_school_dates(authority, school, ui, context, address, "term-dates.ics", "term-dates.ics"))
    source = relative(authority.folder / "schools" / f"{school.urn}.yml", project.root)
    return Page("school.md", {"title": school.name, "example": school.example, "source_path": source}, body)


def _school_dates(authority, school, ui, context, address: str, link: str, path: str) -> dict:
    """What a school page shows of its dates; `link` is its calendar file from the page, `path` from the site."""
    dates = TermDates.of(authority.data, school)
    events = dates.events(ui, context["locale"])
    return {"years": _years(events, context["today"]), "own_terms": dates.own_terms,
            **_calendar_links(events, address, link, path)}


def _calendar_links(events, address: str, link: str, path: str) -> dict:
    """The calendar file to download and the links to subscribe to it: none without any dates."""
    if not events:
        return {"calendar": None, "subscribe": None}
    return {"calendar": link, "subscribe": subscribe_links(address, path)}


def subscribe_links(address: str, path: str) -> dict | None:
    """Links that subscribe a phone's calendar to a calendar file, so that it changes when the dates
    do (a downloaded file never changes). They need the file's full address: none without site_url."""
    if not address:
        return None
    url = address + path
    return {"webcal": "webcal://" + url.split("://", 1)[1],  # Apple Calendar, Outlook
            # Google Calendar subscribes through this link to a feed served over https.
            "google": "https://calendar.google.com/calendar/r?cid=" + quote(url, safe="")}


def _years(events, today) -> list[dict]:
    """The term dates a page shows: one table per school year, leaving out years that are over."""
    return [{"label": f"{year}\u2013{year + 1}", "events": [e.__dict__ for e in group]}
            for year, group in by_school_year(events, today)]


def for_phase(guides: list[Chosen], phase: str | None) -> list[Chosen]:
    return [g for g in guides if suits_phase(g.meta.stages, phase)]


def _guides_for_phase(guides: list[Chosen], school) -> list[dict]:
    return [{"slug": g.slug, "title": g.meta.title} for g in for_phase(guides, school.phase)]


def term_date_pages(project, authority, school, context, ui, own_sites: frozenset[int] = frozenset(),
                    address: str = "") -> list[Page]:
    """The term dates page, and a calendar file for the site's school, or for each school of the
    authority (linked from its school page), that a phone can subscribe to."""
    dates = TermDates.of(authority.data, school)
    events = dates.events(ui, context["locale"])
    name = f"{school.name if school else context['authority']['name']}: {ui['term_dates']}"
    pages = []
    if events:
        scope = str(school.urn) if school else authority.slug
        pages.append(Page("term-dates.ics", {}, to_ical(events, name, scope).decode("utf-8")))
    if school is None:
        for each in authority.schools.values():
            own = school_year(authority.data, each, ui, context["locale"])
            if own:
                calendar = to_ical(own, f"{each.name}: {ui['term_dates']}", str(each.urn))
                pages.append(Page(f"schools/{each.urn}.ics", {}, calendar.decode("utf-8")))
    body = _page_template("term-dates.md", context, ui=ui, years=_years(events, context["today"]),
                          own_terms=dates.own_terms, **_calendar_links(events, address, "term-dates.ics",
                                                                       "term-dates.ics"),
                          own_schools=[] if school else _schools_with_own_terms(authority, context, own_sites))
    source = relative(authority.folder / "authority.yml", project.root)
    return [Page("term-dates.md", {"title": ui["term_dates"], "source_path": source}, body), *pages]


def _schools_with_own_terms(authority, context, own_sites: frozenset[int]) -> list[dict]:
    """Schools that set their own terms, so that their parents do not go by the council's dates."""
    schools = sorted((s for s in authority.schools.values() if s.term_dates), key=lambda s: s.name)
    return [{"name": s.name, "page": None if s.urn in own_sites else f"schools/{s.urn}.md",
             "own_site": f"../../schools/{s.urn}/{context['locale']}/school/" if s.urn in own_sites else None}
            for s in schools]


def about_page(project: Project, context: dict, ui: dict) -> Page | None:
    """Who writes the guides and how to help: content/about.md, or its translation."""
    translated = project.root / "locales" / context["locale"] / "about.md"
    path = translated if translated.is_file() else project.root / "content" / "about.md"
    if not path.is_file():
        return None
    shown = relative(path, project.root)
    body = render_text(read_text(path), context, Source(shown))
    meta = {"title": ui["about"], "source_path": shown}
    if path != translated and context["locale"] != "en":  # shown in English, and marked so, until translated
        meta.update(notice="untranslated", content_lang="en")
    return Page("about.md", meta, body)


@functools.cache
def _collator() -> pyuca.Collator:
    return pyuca.Collator()  # reads the Unicode tables once per process (a quarter of a second)


def alphabetical_key(text: str) -> tuple:
    """Sort by the Unicode Collation Algorithm, as a reader expects: Urdu's پ after ب, Polish ś after s
    (sorting by code point puts them after the whole alphabet). Welsh digraphs (ch, ll) sort as two letters."""
    return _collator().sort_key(text)


def term_anchors(terms) -> list[tuple]:
    """Each term with the id of its entry on the glossary page: "term-ehc-plan", unique on the page.
    Letters of every script are kept (an Urdu term's id is in Urdu), so the address reads right."""
    taken, result = set(), []
    for term in terms:
        anchor = "term-" + (re.sub(r"[^\w]+", "-", term.term.lower()).strip("-_") or "x")
        while anchor in taken:
            anchor += "-2"
        taken.add(anchor)
        result.append((term, anchor))
    return result


def glossary_page(project, authority, context, ui) -> Page:
    nation = authority.data.nation
    glossary = project.glossary_for(context["locale"])
    body = _glossary_body(glossary, nation, ui["glossary_intro"], ui["old_term"])
    locale_file = project.root / "locales" / context["locale"] / "glossary.yml"
    source = locale_file if locale_file.is_file() else project.root / "content" / "glossary.yml"
    meta = {"title": ui["glossary"], "source_path": relative(source, project.root)}
    if locale_file.is_file() and (project.glossary_reviewers.get(context["locale"]) or "machine-assisted") \
            == "machine-assisted":
        meta["unchecked"] = True  # one line, in the page's language, says no speaker has checked it
    return Page("glossary.md", meta, body)

