"""Each kind of page, in a real browser, as a parent on a phone meets it: accessible (axe-core,
WCAG 2.2 A and AA), private (no request to another site), usable 360 pixels wide, and with a
language switcher, search, listening and printing that work."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

PAGES = [
    "doncaster/en/",
    "doncaster/en/guides/first-day-at-primary-school/",
    "doncaster/en/schools/",
    "doncaster/en/schools/990101/",
    "doncaster/en/glossary/",
    "doncaster/pl/guides/parents-evening/",
    "doncaster/ur/guides/parents-evening/",
    "cardiff/cy/",
    "cardiff/cy/guides/talking-to-your-childs-teacher/",
]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def _search(page, query: str):
    """Type a query into the site's search as a reader would; the result list's locator."""
    page.locator("label.md-search__icon, label[for='__search']").first.click()
    # The index loads when search opens, and the theme searches again once it has: wait for it (the
    # theme then says "Type to start searching", in the site's language), or that search could come
    # halfway through the typing and show results for part of the query.
    ready = page.evaluate("JSON.parse(document.getElementById('__config').textContent)"
                          ".translations['search.result.placeholder']")
    expect(page.locator(".md-search-result__meta")).to_have_text(ready, timeout=10_000)
    box = page.locator("input.md-search__input")
    box.press_sequentially(query, delay=20)
    # The theme searches on keyup; Playwright types letters that are not on its keyboard (Urdu, ó)
    # without key events, where a phone's keyboard sends them. One key press stands in for that.
    box.press("End")
    return page.locator(".md-search-result__item")


def _shows(results, text: str):
    """The first result comes to show the text, as the reader sees it (results can take a moment)."""
    expect(results.first).to_be_visible(timeout=10_000)
    expect(results.first).to_contain_text(text, ignore_case=True, use_inner_text=True, timeout=10_000)


def _axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})"
            for v in results.response["violations"]]


@pytest.mark.parametrize("path", PAGES)
def test_page_is_accessible_private_and_fits_a_phone(page, server, path):
    page.goto(f"{server}/{path}")
    page.wait_for_load_state("networkidle")
    assert _axe_violations(page) == []
    outside = [url for url in page.requests if not url.startswith(server) and not url.startswith("data:")]
    assert outside == [], f"requests to other sites: {outside}"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{path} scrolls sideways: {width}px wide"


def test_language_switcher_leads_to_the_same_guide(page, server):
    page.goto(f"{server}/doncaster/pl/guides/parents-evening/")
    page.locator(".md-header__option .md-select button").click()
    page.locator('a.md-select__link[hreflang="en"]').click()
    page.wait_for_load_state()
    assert page.url == f"{server}/doncaster/en/guides/parents-evening/"
    assert page.locator("html").get_attribute("lang") == "en"


def test_search_finds_a_guide(page, server):
    page.goto(f"{server}/doncaster/en/")
    _shows(_search(page, "parents evening"), "parents")


def test_the_search_index_loads_only_when_a_reader_opens_search(page, server, built):
    """The index holds every guide's text: a parent who came from a text message and never searches
    does not download it. Opening search fetches it, and search works."""
    guide = sorted(built.glob("doncaster/en/guides/*/index.html"))[0].parent.relative_to(built).as_posix()
    page.goto(f"{server}/{guide}/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in page.requests if url.endswith("search_index.json")]
    page.locator("label.md-search__icon, label[for='__search']").first.click()
    page.locator("input.md-search__input").press_sequentially("school", delay=20)
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    assert [url for url in page.requests if url.endswith("search_index.json")]


@pytest.mark.parametrize("site, query, found", [
    ("doncaster/pl/", "wywiadówkę", "wywiadówk"),  # with a Polish letter
    ("doncaster/ur/", "ملاقات", "ملاقات"),  # Urdu: words end in Arabic-script punctuation such as ۔
    ("doncaster/ur/", "اسکول", "اسکول"),  # one Urdu word on its own: English's trimmer would remove it all
    ("doncaster/ur/", "بچے", "بچ"),
    ("cardiff/cy/", "noson rieni", "noson rieni"),
])
def test_search_finds_a_guide_in_the_sites_language(page, server, site, query, found):
    page.goto(f"{server}/{site}")
    _shows(_search(page, query), found)


def test_urdu_page_reads_right_to_left(page, server):
    page.goto(f"{server}/doncaster/ur/")
    assert page.locator("html").get_attribute("lang") == "ur"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"


# A stand-in for the browser's speech with one voice, that records what it is asked to say and
# ends only when a test says so (headless Chromium may have no voices at all).
FAKE_SPEECH = """
window.__spoken = []; window.__calls = [];
const fake = {speaking: false, pending: false, paused: false,
  getVoices: () => [{lang: "VOICE", name: "Test voice"}],
  speak(u) { window.__spoken.push(u.text); window.__utterance = u; this.speaking = true; },
  cancel() { window.__calls.push("cancel"); this.speaking = false; },
  pause() { window.__calls.push("pause"); this.paused = true; },
  resume() { window.__calls.push("resume"); this.paused = false; },
  addEventListener() {}};
Object.defineProperty(window, "speechSynthesis", {get: () => fake});
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
"""


def _with_voice(browser, language: str):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    context.add_init_script(FAKE_SPEECH.replace("VOICE", language))
    return context, context.new_page()


def _guide(built, language: str) -> str:
    page = sorted(built.glob(f"*/{language}/guides/*/index.html"))[0]
    return page.parent.relative_to(built).as_posix() + "/"


def test_listen_is_offered_only_where_there_is_a_voice_for_the_pages_language(browser, server, built):
    context, tab = _with_voice(browser, "en-GB")
    tab.goto(f"{server}/{_guide(built, 'en')}")
    assert tab.locator(".pg-listen").is_visible()
    others = [p for p in sorted(built.glob("*/*/guides/*/index.html")) if p.parts[-4] != "en"]
    if others:  # a page in another language, and only an English voice: no button
        tab.goto(f"{server}/{others[0].parent.relative_to(built).as_posix()}/")
        assert not tab.locator(".pg-listen").is_visible()
    context.close()


def test_listen_reads_the_page_not_its_buttons_pauses_and_says_when_it_cannot(browser, server, built):
    context, tab = _with_voice(browser, "en-GB")
    tab.goto(f"{server}/{_guide(built, 'en')}")
    title = tab.locator(".pg-page h1").inner_text()
    tab.locator(".pg-listen").click()
    spoken = tab.evaluate("window.__spoken[0]")
    assert title in spoken and "Listen to this page" not in spoken and "Pause" not in spoken
    tab.locator(".pg-listen-pause").click()
    assert tab.evaluate("window.__calls") == ["pause"]
    assert tab.locator(".pg-listen-pause").inner_text() == "Carry on listening"
    tab.evaluate("speechSynthesis.speaking = false; window.__utterance.onerror({error: 'synthesis-failed'})")
    assert tab.locator(".pg-listen-status").inner_text() == "This page cannot be read aloud on this device."
    assert tab.locator(".pg-listen").inner_text() == "Listen to this page"
    context.close()


def test_listen_button_stays_hidden_without_speech(browser, server):
    context = browser.new_context()
    context.add_init_script("Object.defineProperty(window, 'speechSynthesis', {get: () => undefined});"
                            "window.SpeechSynthesisUtterance = undefined;")
    tab = context.new_page()
    tab.goto(f"{server}/doncaster/en/guides/parents-evening/")
    assert not tab.locator(".pg-listen").is_visible()
    assert tab.locator(".pg-key-points").is_visible()  # the page itself is unaffected
    context.close()


def test_printed_guide_has_just_the_guide_and_its_address(page, server):
    url = f"{server}/doncaster/en/guides/parents-evening/"
    page.goto(url)
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert page.locator(".pg-key-points").is_visible()
    # The page's published address (from site_url), not where this test happens to serve it.
    assert page.locator(".pg-print-address").inner_text() == \
        "https://parent-guides.example.org/doncaster/en/guides/parents-evening/"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_glossary_words_show_their_meaning_on_the_spot(page, server):
    page.goto(f"{server}/doncaster/en/guides/talking-to-your-childs-teacher/")
    titles = page.locator("article abbr[title]")
    if titles.count() == 0:
        pytest.skip("the glossary has no term that this guide uses yet")
    assert re.search(r"\w", titles.first.get_attribute("title"))


def test_the_home_page_is_taken_in_at_a_glance_on_a_phone(page, server, built):
    """Age groups, questions and council contacts folded: three screens at most on a 360 px phone,
    however many guides a council has; each guide listed once, and one tap opens its age group."""
    for home in sorted(built.glob("*/*/index.html")):
        path = home.parent.relative_to(built).as_posix()
        page.goto(f"{server}/{path}/")
        page.wait_for_load_state("networkidle")
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height <= 3 * 800, f"{path}: {height} px at 360 px wide"
        links = page.evaluate("[...document.querySelectorAll('details.pg-stage a[href^=\"guides/\"]')]"
                              ".map(a => a.getAttribute('href'))")
        assert links and len(links) == len(set(links)), f"{path}: a guide is listed twice"
        folds = page.locator("details.pg-fold")
        assert all(folds.nth(i).get_attribute("open") is None for i in range(folds.count()))
        first = page.locator("details.pg-stage").first
        first.locator("summary").click()
        assert first.locator("a").first.is_visible()


def test_the_list_of_authorities_is_accessible_and_runs_under_its_policy(page, server):
    """The top page of site/ (the toolkit's own, not the theme's): axe-clean, links big enough to tap."""
    violations = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security" in message.text else None)
    page.goto(f"{server}/")
    assert _axe_violations(page) == []
    assert violations == []


def test_axe_finds_nothing_in_the_glossary_an_open_meaning_the_urdu_menu_or_search(page, server, built):
    """Accessibility of the states a parent reaches by acting, not only of pages as they load."""
    glossaries = sorted(p.parent.relative_to(built).as_posix() for p in built.glob("*/*/glossary/index.html"))
    page.goto(f"{server}/{glossaries[0]}/")
    assert _axe_violations(page) == []

    with_meanings = next(p.parent.relative_to(built).as_posix() for p in sorted(built.glob("*/en/guides/*/index.html"))
                         if "<abbr " in p.read_text(encoding="utf-8"))
    page.goto(f"{server}/{with_meanings}/")
    page.locator("article abbr").first.focus()
    page.locator(".md-tooltip2--active").first.wait_for(state="visible", timeout=5_000)
    page.wait_for_timeout(600)  # the theme fades a meaning in: measure it once it is shown in full
    assert _axe_violations(page) == []

    tall = sorted(p.parent.relative_to(built).as_posix() for p in built.glob("*/ur/guides/*/index.html"))
    if tall:
        page.goto(f"{server}/{tall[0]}/")
        page.locator("label.md-header__button[for='__drawer']").first.click()
        page.wait_for_timeout(400)
        assert _axe_violations(page) == []
        page.goto(f"{server}/{tall[0]}/")  # the menu closed again
        page.locator("label.md-search__icon, label[for='__search']").first.click()
        box = page.locator("input.md-search__input")
        box.press_sequentially("اسکول", delay=20)
        box.press("End")
        page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
        assert _axe_violations(page) == []
