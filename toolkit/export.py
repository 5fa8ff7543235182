"""Exports for the channels parents use: a CSV of text messages for a school's messaging system,
and printable PDF leaflets made from the built pages with the theme's print styles.

Both are written into a temporary folder first and moved into place only when complete, so a
failed export never leaves half a set of files, and both say where they went.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .assemble import AssembledSite
from .errors import GuidesError, Problem, UsageError
from .sms import count

TEXT_COLUMNS = ["guide", "language", "message", "characters", "encoding", "segments", "page_address"]


@dataclass
class TextRow:
    guide: str
    language: str
    message: str
    page_address: str

    def as_row(self) -> list:
        counted = count(self.message)
        return [self.guide, self.language, spreadsheet_safe(self.message), counted.characters, counted.encoding,
                counted.segments, spreadsheet_safe(self.page_address)]


# A cell starting with one of these is run as a formula when a school office opens the file in
# Excel or LibreOffice (CSV injection: =HYPERLINK(...) can send data away). OWASP's advice: start
# such a cell with an apostrophe, which spreadsheets show as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def text_rows(sites: list[AssembledSite]) -> list[TextRow]:
    rows = []
    for site in sites:
        for page in site.pages:
            if "text_message" in page.meta:
                rows.append(TextRow(page.meta["guide"], site.site.locale, page.meta["text_message"],
                                    page.meta.get("page_url", "")))
    return rows


def texts_csv(rows: list[TextRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # CRLF: what spreadsheets and most importers expect
    writer.writerow(TEXT_COLUMNS)
    writer.writerows(row.as_row() for row in rows)
    return out.getvalue()


def require_addresses(sites: list[AssembledSite], authority_file: str) -> None:
    if any(not site.config.get("site_url") for site in sites):
        raise UsageError(Problem(authority_file, None,
                                 "text messages and QR codes need the sites' full web address. Add "
                                 "'site_url: https://...' (where the sites are published) to this file."))


def write_atomically(target: Path, files: dict[str, bytes]) -> None:
    """Write `files` (relative name -> bytes) as the folder `target`, replacing it whole."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        for name, data in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        old = target.with_name(f".{target.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        if target.exists():
            os.rename(target, old)
        os.rename(staging, target)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


# --- leaflets -------------------------------------------------------------------------------------

CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"]


def chromium_path() -> str:
    path = os.environ.get("GUIDES_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise UsageError("Leaflets are printed by the Chromium browser, which is not installed here. "
                         "Install it (on Debian or Ubuntu: sudo apt-get install chromium), or set "
                         "GUIDES_CHROMIUM to its path.")
    return path


def languages_without_fonts(locales: set[str]) -> list[str]:
    """The languages this machine has no font for (fontconfig's fc-list), so that Chromium would
    print their letters as empty boxes. Nothing is known without fc-list: then none are named."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return []
    return sorted(locale for locale in locales
                  if not subprocess.run([fc_list, f":lang={locale}", "family"], capture_output=True, text=True).stdout)


def print_leaflets(built: Path, sites: list[AssembledSite]) -> dict[str, bytes]:
    """Print every guide page of the built `sites` to A4 PDF, with the theme's print styles.

    The pages are printed as a reader's browser would show them, but with JavaScript off, and every
    request for something outside the built site's own folder refused: a page can never make the
    printing machine read its files (file:///etc/passwd) or reach another address."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    pdfs = {}
    inside = built.resolve().as_uri() + "/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
            context = browser.new_context(java_script_enabled=False, service_workers="block")
            context.route("**/*", lambda route: route.continue_() if _inside(route.request.url, inside)
                          else route.abort("blockedbyclient"))
            page = context.new_page()
            for site in sites:
                for guide in (p for p in site.pages if "guide" in p.meta):
                    html = built / site.site.path / "guides" / guide.meta["guide"] / "index.html"
                    page.goto(html.as_uri())
                    page.emulate_media(media="print")
                    name = f"{site.site.locale}/{guide.meta['guide']}.pdf"
                    pdfs[name] = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
            browser.close()
    except PlaywrightError as error:
        raise GuidesError(f"Chromium could not print the leaflets: {error.message.splitlines()[0]}") from None
    return pdfs


def _inside(url: str, folder_uri: str) -> bool:
    """True for a file of the built site itself (its pages, styles, fonts and pictures)."""
    from urllib.parse import unquote, urlsplit

    if not url.startswith("file://"):
        return False
    path = Path(unquote(urlsplit(url).path)).resolve()
    return (path.as_uri() + ("/" if path.is_dir() else "")).startswith(folder_uri)
