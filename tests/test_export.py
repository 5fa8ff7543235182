"""Exports for a school's channels: the texts CSV and printable leaflets."""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import unicodedata

import pytest
import yaml

from support import EXAMPLES, example_root, run_guides
from toolkit.shortlinks import short_address

SCHOOL_SITE = "https://parent-guides.example.org/doncaster/schools/990101/"
SHORT_ADDRESS = re.compile(r"https://parent-guides\.example\.org/doncaster/t/[a-z2-7]{8}/$")


def test_texts_csv_carries_the_schools_details_and_addresses(tmp_path):
    result = run_guides("export", "texts", "--authority", "doncaster", "--school", "990101",
                        "--out", str(tmp_path), cwd=example_root())
    assert result.returncode == 0, result.stderr
    path = tmp_path / "doncaster/schools/990101/texts/texts.csv"
    assert str(path) in result.stdout
    rows = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert list(rows[0]) == ["guide", "language", "message", "characters", "encoding", "segments", "page_address"]
    evening = next(r for r in rows if r["guide"] == "parents-evening" and r["language"] == "en")
    assert "Millbrook Primary School" in evening["message"]
    assert evening["page_address"] == SCHOOL_SITE + "en/guides/parents-evening/"
    assert SHORT_ADDRESS.search(evening["message"])  # a text carries the page's short address
    assert int(evening["characters"]) == len(evening["message"])
    assert {r["language"] for r in rows} == set(_offered("doncaster"))
    assert "choosing-gcse-options" not in {r["guide"] for r in rows}  # Millbrook is a primary school
    # English and Polish (the GSM alphabet, 160 characters a text) fit one text; scripts sent as
    # UCS-2 (70 characters) fit two with the page's address.
    for row in rows:
        most = 1 if row["language"] in ("en", "pl") else 2
        assert int(row["segments"]) <= most, (row["language"], row["guide"], row["message"])


def test_a_texts_short_address_leads_to_its_guide(tmp_path):
    texts = run_guides("export", "texts", "--authority", "doncaster", "--school", "990101", "--locale", "en",
                       "--out", str(tmp_path / "exports"), cwd=example_root())
    assert texts.returncode == 0, texts.stderr
    rows = list(csv.DictReader((tmp_path / "exports/doncaster/schools/990101/texts/texts.csv")
                               .read_text(encoding="utf-8-sig").splitlines()))
    evening = next(r for r in rows if r["guide"] == "parents-evening")
    short = SHORT_ADDRESS.search(evening["message"]).group(0)

    site = tmp_path / "site"
    built = run_guides("build", "--authority", "doncaster", "--school", "990101", "--out", str(site), cwd=example_root())
    assert built.returncode == 0, built.stderr
    forwarding = site / short.removeprefix("https://parent-guides.example.org/") / "index.html"
    target = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', forwarding.read_text()).group(1)
    assert (forwarding.parent / target / "index.html").resolve() == \
        (site / "doncaster/schools/990101/en/guides/parents-evening/index.html").resolve()


def test_texts_need_the_sites_address(repo):
    path = repo / "authorities/doncaster/authority.yml"
    path.write_text("\n".join(l for l in path.read_text().splitlines() if not l.startswith("site_url:")) + "\n")
    result = run_guides("export", "texts", "--authority", "doncaster", cwd=repo)
    assert result.returncode == 2
    assert "authorities/doncaster/authority.yml: text messages and QR codes need" in result.stderr
    assert not (repo / "exports").exists()


def test_a_language_the_council_does_not_offer_is_refused_and_the_last_export_kept(repo):
    first = run_guides("export", "texts", "--authority", "doncaster", "--locale", "pl", cwd=repo)
    assert first.returncode == 0, first.stderr
    assert "run 'guides build --authority doncaster' and publish" in first.stdout  # the short addresses' pages
    texts = repo / "exports/doncaster/texts/texts.csv"
    before = texts.read_bytes()
    result = run_guides("export", "texts", "--authority", "doncaster", "--locale", "cy", cwd=repo)
    assert result.returncode == 2
    offered = ", ".join(sorted(_offered("doncaster")))
    assert f"'cy' is not a language that doncaster offers: choose one of {offered}" in result.stderr
    assert texts.read_bytes() == before


def _offered(authority: str) -> list[str]:
    """The languages an example council offers (tests/fixtures/authorities)."""
    return yaml.safe_load((EXAMPLES / authority / "authority.yml").read_text(encoding="utf-8"))["languages"]


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed: .ci/run should have installed it")
        pytest.skip(f"{name} is not installed here")
    return path


@pytest.fixture(scope="module")
def leaflets(tmp_path_factory):
    _tool("chromium")
    out = tmp_path_factory.mktemp("exports")
    result = run_guides("export", "leaflets", "--authority", "doncaster", "--school", "990101",
                        "--out", str(out), cwd=example_root())
    assert result.returncode == 0, result.stderr
    return out / "doncaster/schools/990101/leaflets"


def test_leaflet_text_has_the_key_points_and_the_schools_phone(leaflets):
    text = subprocess.run([_tool("pdftotext"), str(leaflets / "en/parents-evening.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "Key points" in text
    assert "Book your time early. The best times go fast." in text
    assert "01632 960111" in text
    assert "Millbrook Primary School" in text
    assert "This is an example." in text  # made-up data says so on paper too


def test_leaflet_qr_code_opens_the_page(leaflets, tmp_path):
    subprocess.run([_tool("pdftoppm"), "-r", "150", "-png", str(leaflets / "en/parents-evening.pdf"),
                    str(tmp_path / "page")], check=True)
    found = subprocess.run([_tool("zbarimg"), "-q", "--raw", *map(str, sorted(tmp_path.glob("page*.png")))],
                           capture_output=True, text=True).stdout.split()
    # The code holds the page's short address, as its text message does (fewer squares: easier to
    # scan from paper); test_a_texts_short_address_leads_to_its_guide follows it to the page.
    authority_site = SCHOOL_SITE.removesuffix("schools/990101/")
    assert found == [short_address(authority_site, "schools/990101/en/guides/parents-evening/")]


def test_leaflets_in_every_language_urdu_right_to_left(leaflets):
    assert {p.name for p in leaflets.iterdir()} == set(_offered("doncaster"))
    assert (leaflets / "ur/first-day-at-primary-school.pdf").read_bytes().startswith(b"%PDF")
    # Urdu letters print with a font that has them, not as empty boxes.
    if not subprocess.run(["fc-list", ":lang=ur", "family"], capture_output=True, text=True).stdout:
        _tool("an Urdu font (fonts-noto-core)")  # skipped here; on CI a failure
    fonts = subprocess.run([_tool("pdffonts"), str(leaflets / "ur/first-day-at-primary-school.pdf")],
                           capture_output=True, text=True, check=True).stdout
    assert "Urdu" in fonts or "Arabic" in fonts, fonts


def test_a_leaflet_in_each_script_reads_back_its_own_words(leaflets):
    """Printed in Arabic, Bengali, Gurmukhi, Cyrillic...: the PDF holds the words, not empty boxes
    (pdftotext reads the title back from the page, in the reader's language)."""
    from toolkit.model import load_project
    from toolkit.prose import WORD  # a word with its vowel signs, in every script

    project = load_project(example_root())
    tool = _tool("pdftotext")
    for folder in sorted(p for p in leaflets.iterdir() if p.name != "en"):
        pdf = sorted(folder.glob("*.pdf"))[0]
        guide = project.translations.get(folder.name, {}).get(pdf.stem)
        if guide is None:
            continue  # shown in English: the English test reads it
        text = unicodedata.normalize("NFKC", subprocess.run([tool, str(pdf), "-"], capture_output=True, text=True,
                                                            check=True).stdout)
        words = [w for w in WORD.findall(unicodedata.normalize("NFKC", guide.meta.title)) if len(w) > 3]
        assert any(word in text for word in words), f"{folder.name}: none of {words} in {pdf.name}"
