"""The glossary page: a real definition list, one entry a term, with an A to Z that leads to each letter."""

from __future__ import annotations

import re
from html.parser import HTMLParser


class _Glossary(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.terms, self.ids, self.links, self.definitions = [], set(), [], 0
        self._in_dt = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "dt":
            self._in_dt = True
            self.terms.append("")
        elif tag == "dd":
            self.definitions += 1
        elif tag == "a" and (values.get("href") or "").startswith("#term-"):
            self.links.append(values["href"][1:])

    def handle_endtag(self, tag):
        if tag == "dt":
            self._in_dt = False

    def handle_data(self, data):
        if self._in_dt:
            self.terms[-1] += data


def test_every_glossary_page_is_a_definition_list_with_an_a_to_z(built):
    pages = sorted(built.glob("*/*/glossary/index.html"))
    assert pages
    for page in pages:
        reader = _Glossary()
        reader.feed(page.read_text(encoding="utf-8"))
        assert len(reader.terms) > 1 and len(reader.terms) == reader.definitions, page
        assert reader.links and set(reader.links) <= reader.ids, page  # every letter leads to a term
        dt_ids = [i for i in reader.ids if i.startswith("term-")]
        assert len(dt_ids) == len(reader.terms), page  # one anchor a term
        assert not any(re.search(r"\S\s{2,}\S", term) for term in reader.terms)
