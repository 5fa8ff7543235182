"""The last steps before a page is published: its content cleaned, and a Content Security Policy.

- Every page's content (the HTML that Markdown made of a guide, a translation or a page template)
  is cleaned with the allow-list in html_policy.py before the theme wraps it and before search
  indexes it, and so are the headings the theme repeats in its menus.
- Every page carries a Content Security Policy: scripts only from the site's own files and the
  theme's own inline scripts (by their hashes), no plugins, no <base>, no frames, and nothing
  loaded from another website. If something ever slipped past the cleaning, the browser would
  still refuse to run it.

`guides build` adds SafePagesPlugin to every site it builds (worker.py); `mkdocs serve` gets the
same steps through the parent-guides plugin.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

from mkdocs.plugins import BasePlugin, event_priority

from .html_policy import clean, safe_id

POLICY = ("default-src 'self'; script-src 'self'{hashes}; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; media-src 'self'; "
          "object-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'self'")
# mkdocs-material's inline scripts, rendered with this mark where the page's base address goes.
THEME_SCRIPTS = ["partials/javascripts/base.html", "partials/javascripts/content.html",
                 "partials/javascripts/announce.html", "partials/javascripts/outdated.html",
                 "partials/javascripts/palette.html"]
_MARK = "\x00base\x00"
_SCRIPT = re.compile(r"<script(\s[^>]*)?>(.*?)</script>", re.S | re.I)
_HEAD = re.compile(r"<head(\s[^>]*)?>(\s*<meta charset=[^>]*>)?", re.I)


def clean_content(html: str, page) -> str:
    """A page's content, cleaned; its table of contents (shown in the menus) too. The theme shows a
    menu entry too long for its line with "…", and the whole entry as HTML in a tooltip: so the
    entries' text has no < or > (as ‹ and ›), and their ids are ids the menus can hold (`safe_id`)."""
    for item in _toc_items(getattr(page, "toc", None) or []):
        item.title = clean(item.title).replace("&lt;", "‹").replace("&gt;", "›")
        item.id = safe_id(item.id)
    return clean(html)


def _toc_items(items):
    for item in items:
        yield item
        yield from _toc_items(item.children)


def with_policy(output: str, config) -> str:
    """The finished page with a Content Security Policy at the top of its head (after the charset,
    which must come first), before any script."""
    patterns = _theme_scripts(config.theme)
    hashes = sorted({_hash(body) for attributes, body in _SCRIPT.findall(output)
                     if body.strip() and "src=" not in (attributes or "") and "application/json" not in (attributes or "")
                     and any(pattern.fullmatch(body) for pattern in patterns)})
    policy = POLICY.format(hashes="".join(f" 'sha256-{h}'" for h in hashes))
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return _HEAD.sub(lambda m: m.group(0) + tag, output, count=1)


_POLICY_HASHES = re.compile(r"(<meta http-equiv=\"Content-Security-Policy\" "
                            r"content=\"default-src 'self'; script-src 'self')((?: 'sha256-[^']+')*)")


def inline_scripts(output: str) -> list[str]:
    """The text of each script written into a finished page."""
    return [body for _, body in _SCRIPT.findall(output)]


def with_hashes_replaced(output: str, scripts: dict[str, str]) -> str:
    """A finished page whose inline scripts changed after its policy was made (stencil.py writes a
    school's address into another's page): each old script's hash in the policy becomes the new's."""
    new = {_hash(old): _hash(changed) for old, changed in scripts.items()}

    def replaced(match):
        hashes = sorted(new.get(h, h) for h in re.findall(r"'sha256-([^']+)'", match.group(2)))
        return match.group(1) + "".join(f" 'sha256-{h}'" for h in hashes)

    return _POLICY_HASHES.sub(replaced, output, count=1)


def _hash(script: str) -> str:
    return base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def _theme_scripts(theme) -> list[re.Pattern]:
    return _theme_script_patterns(tuple(theme.dirs), tuple(theme.get("features") or ()))


@lru_cache(maxsize=8)
def _theme_script_patterns(dirs: tuple, features: tuple) -> list[re.Pattern]:
    """The theme's own inline scripts, as patterns that match them whatever the page's address."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(list(dirs)))
    patterns = []
    for name in THEME_SCRIPTS:
        try:
            text = env.get_template(name).render(config={"extra": {}}, base_url=_MARK, features=list(features))
        except jinja2.TemplateError:
            continue  # a theme version without this partial
        for _, body in _SCRIPT.findall(text):
            patterns.append(re.compile(re.escape(body).replace(re.escape(_MARK), r'[^"<\\]*'), re.S))
    return patterns


class SafePagesPlugin(BasePlugin):
    """Added by the build worker to each site's config; never listed in mkdocs.yml."""

    @event_priority(100)  # before the search plugin reads the page
    def on_page_content(self, html, page, config, files):
        return clean_content(html, page)

    @event_priority(-100)  # after every other plugin has had its say
    def on_post_page(self, output, page, config):
        return with_policy(output, config)

    @event_priority(-100)
    def on_post_template(self, output_content, template_name, config):
        return with_policy(output_content, config) if template_name.endswith(".html") else output_content

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, config):
        index_as_utf8(Path(config.site_dir) / "search" / "search_index.json")


def index_as_utf8(path: Path) -> None:
    """The search index written as UTF-8: the search plugin writes every Urdu or Welsh letter as
    \\uXXXX, which more than doubles what a phone downloads to search an Urdu site."""
    if path.is_file():
        text = path.read_text(encoding="utf-8")
        if "\\u" in text:
            data = json.loads(text)
            path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
