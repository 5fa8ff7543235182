"""Every language a council offers, in a real browser on a 360 px phone: its guide page, glossary,
search and switcher are accessible (axe-core), private (no request to another site), fit the
screen, read in the right direction, and say when no speaker has checked the translation yet.

The languages are those of the built example sites, whatever they are: a council's fork that offers
other languages is tested in those."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from support import EXAMPLES
from test_pages import _axe_violations, _search, _shows

RIGHT_TO_LEFT = {"ar", "fa", "he", "ur"}


def _offered() -> list[tuple[str, str]]:
    """(authority, language) for each non-English language an example council offers."""
    pairs = []
    for path in sorted(Path(EXAMPLES).glob("*/authority.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        pairs += [(path.parent.name, lang) for lang in data["languages"] if lang != "en"]
    return pairs


def _a_guide(built, authority: str, language: str) -> str:
    guides = sorted((built / authority / language / "guides").glob("*/index.html"))
    assert guides, f"{authority}/{language} has no guides"
    return guides[0].parent.name


@pytest.mark.parametrize("authority, language", _offered(), ids=lambda value: value)
def test_a_guide_and_the_glossary_in_each_language(page, server, built, authority, language):
    slug = _a_guide(built, authority, language)
    for path in (f"{authority}/{language}/guides/{slug}/", f"{authority}/{language}/glossary/"):
        page.goto(f"{server}/{path}")
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == language
        direction = page.evaluate("getComputedStyle(document.body).direction")
        assert direction == ("rtl" if language in RIGHT_TO_LEFT else "ltr"), path
        assert _axe_violations(page) == [], path
        outside = [url for url in page.requests if not url.startswith(server) and not url.startswith("data:")]
        assert outside == [], f"{path}: requests to other sites: {outside}"
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, f"{path} scrolls sideways"


@pytest.mark.parametrize("authority, language", _offered(), ids=lambda value: value)
def test_search_finds_one_word_of_a_guides_title_in_each_language(page, server, built, authority, language):
    slug = _a_guide(built, authority, language)
    page.goto(f"{server}/{authority}/{language}/guides/{slug}/")
    title = page.locator("article h1").first.inner_text()
    word = max(re.findall(r"[^\W\d_](?:[^\s\d,.:;!?()\"'«»“”،۔।-])*", title), key=len)
    _search(page, word)
    _shows(page.locator(".md-search-result__list"), word)  # among the results the reader sees


@pytest.mark.parametrize("authority, language", _offered(), ids=lambda value: value)
def test_the_switcher_leads_to_the_same_guide_in_english(page, server, built, authority, language):
    slug = _a_guide(built, authority, language)
    page.goto(f"{server}/{authority}/{language}/guides/{slug}/")
    page.locator(".md-header__option .md-select button").click()
    page.locator('a.md-select__link[hreflang="en"]').click()
    page.wait_for_load_state()
    assert page.url == f"{server}/{authority}/en/guides/{slug}/"


@pytest.mark.parametrize("authority, language", _offered(), ids=lambda value: value)
def test_a_translation_no_speaker_has_checked_says_so_in_its_own_language(page, server, built, authority,
                                                                            language):
    from toolkit.model import load_project
    from support import example_root

    project = load_project(example_root())
    unchecked = [g for g in project.translations.get(language, {}).values()
                 if (g.meta.reviewed_by or "machine-assisted") == "machine-assisted" and not g.meta.draft
                 and (built / authority / language / "guides" / g.slug / "index.html").is_file()]
    if not unchecked:
        pytest.skip(f"every {language} guide here has been checked by a speaker")
    page.goto(f"{server}/{authority}/{language}/guides/{unchecked[0].slug}/")
    note = page.locator(".pg-unchecked")
    assert note.count() == 1 and note.inner_text().strip() == project.ui_text(language)["machine_assisted"]


FACES = {"ar": "PG Naskh Arabic", "bn": "PG Bengali", "pa": "PG Gurmukhi"}


@pytest.mark.parametrize("authority, language", [(a, lang) for a, lang in _offered() if lang in FACES],
                         ids=lambda value: value)
def test_arabic_bengali_and_gurmukhi_letters_have_their_face_from_this_site(page, server, built, authority,
                                                                          language):
    """The phone's own copy of the face if it has one, else the site's: never a box, never a font service."""
    slug = _a_guide(built, authority, language)
    page.goto(f"{server}/{authority}/{language}/guides/{slug}/")
    page.wait_for_load_state("networkidle")
    text = page.locator("article h1").first.inner_text()
    loaded = page.evaluate("([face, text]) => document.fonts.load(`16px \"${face}\"`, text)"
                           ".then(faces => faces.length)", [FACES[language], text])
    assert loaded >= 1, f"{FACES[language]} did not load for {text!r}"
    family = page.evaluate("getComputedStyle(document.querySelector('article p') || document.body).fontFamily")
    assert family.startswith(f'"{FACES[language]}"'), family
    fonts = [url for url in page.requests if url.endswith(".woff2")]
    assert all(url.startswith(server) for url in fonts), fonts


def test_every_font_the_style_sheet_names_is_on_the_site(built):
    """A phone without the face downloads it from the site: each url() in the sheet must be there."""
    for sheet in sorted(built.glob("*/*/assets/parent-guides.css"))[:1]:
        names = re.findall(r'url\("(fonts/[^"]+)"\)', sheet.read_text(encoding="utf-8"))
        assert names, "the style sheet names no font files"
        for name in names:
            assert (sheet.parent / name).is_file() and (sheet.parent / name).stat().st_size > 10_000, name


ORDER = """() => [...document.querySelectorAll('a[href^="tel:"]')].slice(0, 3).map(a => {
  const text = a.firstChild, words = text.textContent.trim().split(/\\s+/);
  if (words.length < 2) return true;
  const first = document.createRange(), last = document.createRange();
  const at = text.textContent.indexOf(words[0]), end = text.textContent.lastIndexOf(words.at(-1));
  first.setStart(text, at); first.setEnd(text, at + words[0].length);
  last.setStart(text, end); last.setEnd(text, end + words.at(-1).length);
  return first.getBoundingClientRect().left < last.getBoundingClientRect().left; })"""


@pytest.mark.parametrize("authority, language", [(a, lang) for a, lang in _offered() if lang in RIGHT_TO_LEFT],
                         ids=lambda value: value)
def test_a_phone_number_reads_left_to_right_on_a_right_to_left_page(page, server, authority, language):
    """"01632 960104", not "960104 01632", in an Arabic or Urdu sentence."""
    page.goto(f"{server}/{authority}/{language}/")
    page.wait_for_load_state("networkidle")
    page.locator("details.pg-contacts summary").click()  # the council's contacts, folded
    order = page.evaluate(ORDER)
    assert order and all(order), order
