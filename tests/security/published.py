"""What must never be in a published page, read with an HTML parser (as a browser would), not grep."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

NEVER = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "svg-use", "portal"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "srcset", "poster", "xlink:href", "background",
                  "ping", "cite"}
SAFE_SCHEMES = {"http", "https", "mailto", "tel", "webcal"}
# The theme's own files: relative, or (on the 404 page, which is served at any address) from the site's root.
THEME_ASSET = re.compile(r"^((\.\./)*(\./)?|(/[a-z0-9-]+)*/)(assets|search)/[\w./-]+$")


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.inline_scripts: list[str] = []
        self.policies: list[str] = []
        self.refresh: list[str] = []
        self._script: list[str] | None = None
        self._script_type = None
        self._open = 0  # elements open now
        self._shortened: int | None = None  # how many were open when a text the theme shortens began

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag not in VOID:
            self._open += 1
            # The theme shortens these with "…" and shows their whole text in a tooltip, as HTML.
            if self._shortened is None and "md-ellipsis" in (values.get("class") or "").split():
                self._shortened = self._open - 1
        if tag in NEVER:
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name} attribute on <{tag}>")
            if name in URL_ATTRIBUTES and value and not _safe_url(value, picture=tag == "img"):
                self.problems.append(f"{name}={value!r} on <{tag}>")
        if tag == "meta":
            equiv = (values.get("http-equiv") or "").lower()
            if equiv == "refresh":
                self.refresh.append(values.get("content") or "")
            if equiv == "content-security-policy":
                self.policies.append(values.get("content") or "")
        if tag == "form" and "md-search__form" not in (values.get("class") or ""):
            self.problems.append("<form> that is not the theme's search")
        if tag == "script":
            src = values.get("src")
            if src is not None and not THEME_ASSET.match(src):
                self.problems.append(f"<script src={src!r}>")
            if src is None and values.get("type") != "application/json":
                self._script = []
            elif values.get("type") == "application/json" and values.get("id") != "__config":
                self.problems.append("a JSON <script> that is not the theme's")

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)
        if self._shortened is not None and "<" in data:
            self.problems.append(f"text the theme would show as HTML in a tooltip: {data.strip()[:80]!r}")

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.inline_scripts.append("".join(self._script))
            self._script = None
        if tag not in VOID:
            self._open = max(self._open - 1, 0)
            if self._shortened is not None and self._open <= self._shortened:
                self._shortened = None


def _safe_url(url: str, picture: bool = False) -> bool:
    url = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(url))
    match = re.match(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):", url)
    if picture:
        return match is None and not url.startswith("//") or url.startswith("data:image/")
    return match is None or match.group(1).lower() in SAFE_SCHEMES


def page_problems(text: str) -> list[str]:
    """Everything unsafe in one published HTML page: elements, event attributes, addresses, and any
    inline script that its Content Security Policy does not name."""
    reader = _Reader()
    reader.feed(text)
    reader.close()
    problems = list(reader.problems)
    for refresh in reader.refresh:
        # Only the toolkit's forwarding pages send a reader on, and only within the site.
        target = refresh.split("url=", 1)[-1]
        if "md-content" in text or not _safe_url(target, picture=True):
            problems.append(f"<meta http-equiv=refresh content={refresh!r}>")
    if reader.inline_scripts or "<html" in text[:300].lower():
        if len(reader.policies) != 1:
            problems.append(f"{len(reader.policies)} Content Security Policies instead of one")
        else:
            problems += _policy_problems(reader.policies[0], reader.inline_scripts)
    return problems


def _policy_problems(policy: str, scripts: list[str]) -> list[str]:
    directives = dict((part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip())
    problems = []
    fallback = directives.get("default-src", "")  # what a missing directive falls back to
    script_src = directives.get("script-src", fallback)
    if "'unsafe-inline'" in script_src or "'unsafe-eval'" in script_src or "*" in script_src.split():
        problems.append(f"script-src lets any script run: {script_src}")
    for name, value in (("object-src", directives.get("object-src", fallback)), ("base-uri", directives.get("base-uri"))):
        if value != "'none'":
            problems.append(f"{name} is {value!r}, not 'none'")
    allowed = set(re.findall(r"'sha256-([^']+)'", script_src))
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        if digest not in allowed:
            problems.append(f"an inline script the policy does not allow: {script[:60]!r}")
    return problems


def fragment_problems(text: str) -> list[str]:
    """Unsafe parts of an HTML fragment (a search index entry)."""
    reader = _Reader()
    reader.feed(text)
    reader.close()
    problems = reader.problems + [f"<script> in a fragment: {s[:40]!r}" for s in reader.inline_scripts]
    if re.search(r"<script", text, re.I) and not reader.inline_scripts:
        problems.append("<script> with a src in a fragment")
    return problems


def site_problems(site: Path) -> dict[str, list[str]]:
    """Every unsafe part of every page and search index entry of a built folder, by file."""
    found = {}
    for path in sorted(site.rglob("*.html")):
        problems = page_problems(path.read_text(encoding="utf-8"))
        if problems:
            found[str(path.relative_to(site))] = problems
    for index in sorted(site.rglob("search_index.json")):
        for doc in json.loads(index.read_text(encoding="utf-8"))["docs"]:
            problems = fragment_problems(doc.get("title", "")) + fragment_problems(doc.get("text", ""))
            if problems:
                found[f"{index.relative_to(site)}#{doc.get('location')}"] = problems
    return found


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style", "title")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style", "title") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(text: str) -> str:
    """The words a reader sees on a page, entities decoded, as a browser shows them."""
    reader = _Text()
    reader.feed(text)
    reader.close()
    return " ".join(" ".join(reader.parts).split())
