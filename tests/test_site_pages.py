"""Small things a reader meets: the home page's title, and the pages for a wrong address."""

from __future__ import annotations

import re


def test_a_home_pages_title_names_the_site_once(built):
    for home in sorted(built.glob("*/*/index.html")):
        title = re.search(r"<title>([^<]*)</title>", home.read_text(encoding="utf-8")).group(1)
        assert " - " not in title and title.strip(), (home, title)


def test_a_wrong_address_anywhere_gets_a_page_with_a_way_back(built):
    top = (built / "404.html").read_text(encoding="utf-8")
    assert '<a href="/">' in top
    for page in sorted(built.glob("*/*/404.html")):
        home = re.search(r'<a href="([^"]+)">[^<]+</a></p>', page.read_text(encoding="utf-8")).group(1)
        assert home.startswith("/") and "://" not in home, (page, home)  # works on any host, at any depth


def test_search_indexes_are_written_as_utf8(built):
    """An Urdu or Welsh letter is one character in the index, not six (\\u06a9), so a phone downloads
    less than half as much to search an Urdu site."""
    indexes = sorted(built.glob("*/*/search/search_index.json"))
    assert indexes
    for index in indexes:
        text = index.read_text(encoding="utf-8")
        assert not re.search(r"\\u0[0-9a-f]{3}", text), index
