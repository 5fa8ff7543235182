"""The attacked repository's site (tests/security), in a real browser: no dialog opens, no request
leaves the site, and the Content Security Policy never has to block anything, on the attacked pages
or on the shipped ones (so the theme's own scripts all run under it)."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from conftest import _Quiet

WATCH = """window.__violations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"""
PROVOKE = """() => { for (const el of document.querySelectorAll('*')) {
  for (const kind of ['mouseover', 'mouseenter', 'click', 'focus', 'toggle', 'error', 'load']) {
    el.dispatchEvent(new Event(kind, {bubbles: false}));
  } } }"""
# Elements the theme gives a tooltip (it writes the title into the page as HTML when one opens).
TITLED = "article [title], article abbr"


@pytest.fixture(scope="module")
def attacked_server(attacked):
    assert attacked["build"].returncode == 0, attacked["build"].stderr
    handler = functools.partial(_Quiet, directory=str(attacked["site"].parent.parent))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/{attacked['authority']}/{attacked['locale']}"
    httpd.shutdown()


def _visit(browser, url: str) -> dict:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.add_init_script(WATCH)
    dialogs, requests = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    for element in page.locator(TITLED).all()[:40]:  # a reader's pointer over each word with a tooltip
        if element.is_visible():
            element.hover()
            page.wait_for_timeout(30)
    page.evaluate(PROVOKE)
    page.wait_for_timeout(300)
    violations = page.evaluate("window.__violations")
    landed = page.url
    context.close()
    return {"dialogs": dialogs, "requests": requests, "violations": violations, "url": landed}


def _attacked_pages(attacked) -> list[str]:
    site = attacked["site"]
    pages = ["", "guides/zz-attacks/", "glossary/", "schools/", "term-dates/"]
    pages += [p.parent.relative_to(site).as_posix() + "/" for p in sorted((site / "schools").glob("*/index.html"))][:2]
    return pages


def test_no_attack_runs_in_a_browser(browser, attacked, attacked_server):
    for path in _attacked_pages(attacked):
        seen = _visit(browser, f"{attacked_server}/{path}")
        assert seen["dialogs"] == [], f"{path}: a dialog opened: {seen['dialogs']}"
        outside = [u for u in seen["requests"] if not u.startswith(attacked_server.rsplit("/", 2)[0])
                   and not u.startswith("data:")]
        assert outside == [], f"{path}: requests left the site: {outside}"
        assert seen["violations"] == [], f"{path}: something tried to run or load: {seen['violations']}"
        assert seen["url"] == f"{attacked_server}/{path}", f"{path}: the reader was sent to {seen['url']}"


def test_the_theme_works_under_its_policy(browser, server, built):
    """Search, the menus, Listen and the language switcher run on the shipped sites' pages, each
    kind once, with nothing blocked."""
    homes = sorted(p.parent for p in built.glob("*/*/index.html"))
    pages = [homes[0], homes[-1], next(homes[0].glob("guides/*/")), homes[0] / "glossary"]
    for folder in pages:
        path = folder.relative_to(built).as_posix()
        seen = _visit(browser, f"{server}/{path}/")
        assert seen["violations"] == [], f"{path}: {seen['violations']}"
