"""A site built from a repository full of attacks publishes none of them: read with an HTML parser,
no page or search index entry has a script, event attribute, frame, form or unsafe address of a
contributor's, and the data values with HTML in them are shown as text."""

from __future__ import annotations

import json
import re

from payloads import DATA_XSS
from published import page_problems, site_problems, visible_text


def test_the_attacked_repository_still_builds(attacked):
    assert attacked["build"].returncode == 0, attacked["build"].stderr
    assert "Traceback" not in attacked["build"].stderr


def test_no_page_or_search_entry_carries_an_attack(attacked):
    site = attacked["site"]
    assert (site / "guides" / "zz-attacks" / "index.html").is_file()
    assert site_problems(site.parent) == {}


def test_the_checker_itself_catches_each_kind_of_attack():
    """The parser-based reader above can fail: each attack, published as it is, is named."""
    for html in ['<img src=x onerror="alert(1)">', '<a href="javascript:alert(1)">x</a>', "<iframe></iframe>",
                 "<base href='https://evil.example.org/'>", "<form action='/x'></form>",
                 '<!doctype html><html><head></head><body><script>alert(1)</script></body></html>',
                 '<a href="#x"><span class="md-ellipsis">Ages <b>&lt;meta http-equiv=refresh&gt;</b></span></a>']:
        assert page_problems(html), html


def test_data_with_html_in_it_is_shown_as_text(attacked):
    """'Smith & Jones' reads right, and a school or council called <script> is shown, never run: in
    the page's text as written, and where the theme shows it (titles, sources) with ‹ and › for < and >,
    as the theme's tooltips would make a tag of '<' again."""
    site = attacked["site"]
    home = visible_text((site / "index.html").read_text(encoding="utf-8"))
    assert "Smith & Jones " + DATA_XSS in home
    guide = visible_text((site / "guides" / "zz-attacks" / "index.html").read_text(encoding="utf-8"))
    in_theme = DATA_XSS.replace("<", "‹").replace(">", "›")
    assert "Attacks " + in_theme in guide and "A source " + in_theme in guide
    school_pages = [p for p in (site / "schools").glob("*/index.html")
                    if "School " + in_theme in visible_text(p.read_text(encoding="utf-8"))]
    assert school_pages, "the school whose name is an attack should have its page, with the name as text"
    assert "Uniform " + DATA_XSS in visible_text(school_pages[0].read_text(encoding="utf-8"))


def test_the_search_index_is_cleaned_too(attacked):
    index = json.loads((attacked["site"] / "search" / "search_index.json").read_text(encoding="utf-8"))
    attack_entries = [d for d in index["docs"] if d["location"].startswith("guides/zz-attacks/")]
    assert attack_entries, "the attack guide should be in the search index"
    for doc in attack_entries:
        assert "<script" not in doc["text"].lower() and "onerror=" not in doc["text"].lower(), doc["text"][:200]
    texts = " ".join(visible_text(d["text"]) for d in attack_entries)
    assert "A page of attacks." in texts


def test_every_page_has_one_content_security_policy(attacked):
    for path in attacked["site"].rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        policies = re.findall(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text)
        assert len(policies) == 1, path
        assert "object-src 'none'" in policies[0] and "base-uri 'none'" in policies[0]
        assert "'unsafe-inline'" not in policies[0].split("script-src", 1)[1].split(";")[0]
