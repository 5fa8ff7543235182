"""A school word's meaning, explained on the spot for everyone: reached with the keyboard, as easy
to read as the text around it, and put away with Escape (WCAG 2.1.1 and 1.4.13)."""

from __future__ import annotations


def _a_page_with_meanings(built) -> str:
    for page in sorted(built.glob("*/en/guides/*/index.html")):
        if "<abbr " in page.read_text(encoding="utf-8"):
            return page.parent.relative_to(built).as_posix() + "/"
    raise AssertionError("no guide page uses a glossary word")


def test_a_school_words_meaning_is_reached_with_the_keyboard_and_put_away_with_escape(page, server, built):
    page.goto(f"{server}/{_a_page_with_meanings(built)}")
    page.wait_for_load_state("networkidle")
    # The theme moves a title into its tooltip when it first shows it: note them all before.
    meanings = page.evaluate("[...document.querySelectorAll('abbr')].map(a => a.getAttribute('title'))")
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "ABBR":
            break
    assert page.evaluate("document.activeElement.tagName") == "ABBR", "Tab never reached a school word"
    meaning = meanings[page.evaluate("[...document.querySelectorAll('abbr')].indexOf(document.activeElement)")]
    tooltip = page.locator(".md-tooltip2--active .md-tooltip2__inner")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert meaning.split(":")[0] in tooltip.inner_text()
    size = float(tooltip.evaluate("e => getComputedStyle(e).fontSize")[:-2])
    body = float(page.evaluate("getComputedStyle(document.querySelector('.md-typeset p')).fontSize")[:-2])
    weight = int(tooltip.evaluate("e => getComputedStyle(e).fontWeight"))
    assert size >= body * 0.85 and weight < 600, (size, body, weight)
    page.keyboard.press("Escape")
    page.wait_for_timeout(400)
    assert not page.locator(".md-tooltip2--active").is_visible()


def test_a_school_words_meaning_links_on_to_its_entry_in_the_glossary(page, server, built):
    """The meaning on the spot is short; the glossary entry has the rest (other names, old names)."""
    path = _a_page_with_meanings(built)
    page.goto(f"{server}/{path}")
    page.wait_for_load_state("networkidle")
    term = page.locator(".pg-page abbr").first
    term.hover()
    link = page.locator(".md-tooltip2--active .md-tooltip2__inner a.pg-term-link")
    link.wait_for(state="attached", timeout=5_000)
    target = link.get_attribute("href")
    assert "/glossary/#term-" in target, target
    page.goto(f"{server}/{path}{target}")
    entry = page.locator(f"[id='{target.split('#', 1)[1]}']")
    assert entry.count() == 1 and entry.is_visible()
