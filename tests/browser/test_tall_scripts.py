"""Urdu's Nastaliq letters stand tall, with dots far below the line: nowhere on a phone may a line
be too short for them or hide what overflows (the menus cut the dots off: "بچے" read "ىحے")."""

from __future__ import annotations

import pytest

TALL = ("ur", "ar", "bn", "pa")  # scripts whose letters or vowel signs need lines about twice their size
CLIPPED = """() => [...document.querySelectorAll('.md-nav__link, .md-nav__title, .md-header__topic .md-ellipsis')]
  .filter(e => e.getClientRects().length && e.textContent.trim())
  .map(e => { const s = getComputedStyle(e), size = parseFloat(s.fontSize);
              const line = s.lineHeight === 'normal' ? size * 1.2 : parseFloat(s.lineHeight);
              const hidden = s.overflow === 'hidden' || s.overflowY === 'hidden';
              return {text: e.textContent.trim().slice(0, 30), ratio: line / size,
                      cut: hidden && e.scrollHeight > e.clientHeight + 1}; })
  .filter(r => r.ratio < 1.9 || r.cut)"""


def _tall_pages(built) -> list[str]:
    pages = []
    for lang in TALL:
        pages += [p.parent.relative_to(built).as_posix() + "/" for p in sorted(built.glob(f"*/{lang}/guides/*/index.html"))[:1]]
    return pages


def test_tall_letters_are_never_clipped_in_the_menus_or_the_header(page, server, built):
    pages = _tall_pages(built)
    if not pages:
        pytest.skip("no site here is in a tall script")
    for path in pages:
        page.goto(f"{server}/{path}")
        page.wait_for_load_state("networkidle")
        page.locator("label.md-header__button[for='__drawer']").first.click()  # the phone menu
        page.wait_for_timeout(400)
        assert page.evaluate(CLIPPED) == [], path
