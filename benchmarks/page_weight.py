"""Page weight: what a parent's phone downloads for a guide page, ours against plain mkdocs-material.

Builds Doncaster's English and Urdu sites with `guides build`, and the same rendered pages with the
plain mkdocs-material defaults (Google Fonts on, no theme changes, the theme in the same language),
serves both on localhost, and loads a guide page and then a second guide page in headless Chromium,
counting the bytes transferred (Chrome's own count of bytes on the wire). Target (issue 18): at most
0.8x plain mkdocs-material for a first visit, in both languages.

This machine reaches no font server, so the default site's requests to Google Fonts are answered
by the benchmark with the same font files from the npm packages @fontsource/roboto and
@fontsource/roboto-mono (Google's own Latin subsets of Roboto, as Google Fonts serves them), with
a stylesheet of the shape Google sends. Without npm, the default's total leaves the fonts out and
is only a lower bound, and the output says so.

Usage: python benchmarks/page_weight.py
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
FIRST, SECOND = "guides/first-day-at-primary-school/", "guides/parents-evening/"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync"]


LANGUAGES = ("en", "ur")


def build_ours(out: Path, locale: str) -> Path:
    subprocess.run([sys.executable, "-m", "toolkit", "build", "--authority", "doncaster", "--locale", locale,
                    "--out", str(out)], cwd=REPO, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return out / "doncaster" / locale


def build_plain(work: Path, locale: str) -> Path:
    """The same rendered Markdown, built with mkdocs-material's defaults in the same language."""
    from toolkit.assemble import Site, assemble, theme_language
    from toolkit.model import load_project

    site = assemble(load_project(REPO), Site("doncaster", locale), dt.date.today())
    config = site.write(work)
    plain = {"site_name": "Parent Guides", "docs_dir": str(work / "docs"),
             "theme": {"name": "material", "language": theme_language(locale)},
             "plugins": ["search"], "markdown_extensions": ["abbr", "admonition", "attr_list", "def_list",
                                                            "md_in_html", "tables"]}
    config.write_text(yaml.safe_dump(plain))
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(work / "site")],
                   check=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    return work / "site"


def serve(folder: Path, types: dict[str, str] | None = None) -> str:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **(types or {})}

        def end_headers(self):
            if types:  # the font server: fonts from another origin need this, as Google sends it
                self.send_header("Access-Control-Allow-Origin", "*")
            super().end_headers()

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}/"


FAMILIES = {"Roboto": "roboto", "Roboto Mono": "roboto-mono"}


def google_fonts(work: Path) -> dict[str, bytes] | None:
    """What Google Fonts would send for mkdocs-material's default fonts: {path part: bytes}."""
    files = {}
    for package in FAMILIES.values():
        try:
            subprocess.run(["npm", "pack", "--silent", f"@fontsource/{package}@5"], cwd=work, check=True,
                           capture_output=True, timeout=120)
        except (OSError, subprocess.SubprocessError):
            return None
        archive = next(work.glob(f"fontsource-{package}-*.tgz"))
        shutil.unpack_archive(archive, work / package)
        for font in (work / package / "package" / "files").glob(f"{package}-latin-*.woff2"):
            files[font.name] = font.read_bytes()
    css = []
    for family, package in FAMILIES.items():
        for weight in (300, 400, 700):
            for style in ("normal", "italic"):
                name = f"{package}-latin-{weight}-{style}.woff2"
                if name in files:
                    css.append(f"@font-face{{font-family:'{family}';font-style:{style};font-weight:{weight};"
                               f"font-display:fallback;src:url(https://fonts.gstatic.com/s/{name}) format('woff2');"
                               "unicode-range:U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,"
                               "U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,"
                               "U+FEFF,U+FFFD;}")
    files["css"] = "\n".join(css).encode()
    return files


def serve_fonts(fonts: dict[str, bytes], folder: Path, plain_site: Path) -> None:
    """Serve the fonts from localhost, and point the default site's pages at that server instead of
    Google's. (A local server, not request interception, so that the browser cache works normally.)"""
    folder.mkdir()
    for name, data in fonts.items():
        (folder / name).write_bytes(data)
    base = serve(folder, {"": "text/css", ".woff2": "font/woff2"})
    (folder / "css").write_bytes(fonts["css"].replace(b"https://fonts.gstatic.com/s/", base.encode()))
    for page in plain_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        page.write_text(html.replace("https://fonts.googleapis.com/", base).replace(
            "https://fonts.gstatic.com", base.rstrip("/")), encoding="utf-8")


def weigh(browser, base: str) -> tuple[int, int, list[str]]:
    """Bytes transferred for a first visit to one guide, then a second guide; failed outside requests."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    loaded, outside = [], []
    cdp.on("Network.loadingFinished", lambda event: loaded.append(event["encodedDataLength"]))
    page.on("requestfailed", lambda request: outside.append(request.url))
    page.goto(base + FIRST, wait_until="networkidle")
    first = sum(loaded)
    loaded.clear()
    page.goto(base + SECOND, wait_until="networkidle")
    second = sum(loaded)
    context.close()
    return first, second, [url for url in outside if not url.startswith(base)]


def main() -> None:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    rows = []
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        (work / "npm").mkdir()
        fonts = google_fonts(work / "npm")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=FLAGS)
            for locale in LANGUAGES:
                ours = serve(build_ours(work / f"ours-{locale}", locale))
                plain_site = build_plain(work / f"plain-{locale}", locale)
                if fonts:
                    serve_fonts(fonts, work / f"fonts-{locale}", plain_site)
                plain = serve(plain_site)
                rows.append((locale, weigh(browser, ours), weigh(browser, plain)))
            browser.close()
    label = "plain mkdocs-material + Google Fonts" if fonts else "plain mkdocs-material (no fonts: lower bound)"
    print(f"bytes transferred for a guide page (ours against {label})")
    print("language   ours: first visit  second page   plain: first visit  second page   ratio first  second")
    for locale, (our_first, our_second, our_outside), (plain_first, plain_second, plain_outside) in rows:
        print(f"{locale:<10} {our_first:>18,} {our_second:>12,} {plain_first:>19,} {plain_second:>12,}"
              f" {our_first / plain_first:>12.2f} {our_second / max(plain_second, 1):>7.2f}")
        print(f"           requests to other sites: ours {len(our_outside)}" + ("" if fonts else
              f", plain {len(plain_outside)} (failed here, not counted)"))
    print("target: first visit at most 0.80 of plain mkdocs-material, in each language")


if __name__ == "__main__":
    main()
