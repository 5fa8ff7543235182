"""`guides schools import`, as a council uses it: the sample extracts import, local work survives
a re-import, --dry-run writes nothing, and bad input is refused with a message and no change."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from gias_files import SAMPLE_2019, SAMPLE_2024, sample_rows, with_values, write_extract
from support import page_text, run_guides, without_code

SLUG = "kensington-and-chelsea"  # LA 207, which has two open schools in the 2019 sample


@pytest.fixture
def kensington(repo):
    """A repository copy with a new authority for LA 207, made as a council would make it."""
    without_code(repo, 207)
    result = run_guides("authorities", "new", "--code", "207", cwd=repo)
    assert result.returncode == 0, result.stderr
    return repo


def _import(repo: Path, csv_file: Path, *args: str, authority: str = SLUG):
    return run_guides("schools", "import", str(csv_file), "--authority", authority, *args, cwd=repo)


def _school_file(repo: Path, urn: int) -> Path:
    return repo / "authorities" / SLUG / "schools" / f"{urn}.yml"


def _snapshot(repo: Path) -> dict[str, str]:
    folder = repo / "authorities"
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_2019_sample_imports_and_a_second_run_changes_nothing(kensington):
    first = _import(kensington, SAMPLE_2019)
    assert first.returncode == 0, first.stderr
    assert "added    100492 St Thomas' CofE Primary School" in first.stdout
    assert "Done: 2 added, 0 updated, 0 unchanged, 0 closed skipped, 0 proposed to open, 0 proposed to close." \
        in first.stdout
    text = _school_file(kensington, 100492).read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schemas/school.schema.json\n")
    assert "name: St Thomas' CofE Primary School" in text and "phone: 020 8969 2810" in text
    before = _snapshot(kensington)
    second = _import(kensington, SAMPLE_2019)
    assert second.returncode == 0 and "No changes." in second.stdout
    assert "Done: 0 added, 0 updated, 2 unchanged" in second.stdout
    assert _snapshot(kensington) == before  # not one byte


def test_accents_survive_and_a_utf8_resave_of_the_same_extract_changes_nothing(kensington, tmp_path):
    rows = with_values(sample_rows(), "100492", {"EstablishmentName": "St Thérèse's Catholic Primary School"})
    original = write_extract(tmp_path / "edubasealldata.csv", rows, encoding="cp1252")
    assert _import(kensington, original).returncode == 0
    text = _school_file(kensington, 100492).read_text(encoding="utf-8")
    assert "name: St Thérèse's Catholic Primary School" in text
    before = _snapshot(kensington)
    for encoding in ("utf-8", "utf-8-sig"):
        resaved = write_extract(tmp_path / f"{encoding}.csv", rows, encoding=encoding)
        result = _import(kensington, resaved)
        assert result.returncode == 0 and "No changes." in result.stdout, result.stdout
    assert _snapshot(kensington) == before


def test_the_2024_layout_imports_an_academy(repo):
    without_code(repo, 355)
    assert run_guides("authorities", "new", "--code", "355", cwd=repo).returncode == 0
    result = _import(repo, SAMPLE_2024, authority="salford")
    assert result.returncode == 0, result.stderr
    text = (repo / "authorities/salford/schools/138130.yml").read_text(encoding="utf-8")
    assert "type: Academy special converter" in text and "website: https://www.example.co.uk" in text


def test_a_hand_added_field_and_a_comment_survive_a_reimport(kensington, tmp_path):
    assert _import(kensington, SAMPLE_2019).returncode == 0
    path = _school_file(kensington, 100492)
    path.write_text(path.read_text(encoding="utf-8") + "# The office asked us to add this.\n"
                    'day_starts: "08:50"  # from September\nuniform: Green jumper\n', encoding="utf-8")
    changed = write_extract(tmp_path / "changed.csv", with_values(sample_rows(), "100492", {
        "TelephoneNum": "02089692811", "Street": "Appleford Street", "EstablishmentStatus (name)":
        "Open, but proposed to close", "CloseDate": "31-08-2027"}))
    result = _import(kensington, changed)
    assert result.returncode == 0, result.stderr
    assert "updated  100492 St Thomas' CofE Primary School" in result.stdout
    assert "    phone: 020 8969 2810 -> 020 8969 2811" in result.stdout
    assert "    address.street: Appleford Road -> Appleford Street" in result.stdout
    assert "Proposed to close (their pages say so): St Thomas' CofE Primary School" in result.stdout
    text = path.read_text(encoding="utf-8")
    assert "phone: 020 8969 2811" in text and "closing_date: 2027-08-31" in text
    assert '# The office asked us to add this.\nday_starts: "08:50"  # from September\nuniform: Green jumper\n' in text
    assert text.index("closing_date") < text.index("# Add this school's own details")  # GIAS fields together


def test_dry_run_shows_the_changes_and_writes_nothing(kensington, tmp_path):
    new = _import(kensington, SAMPLE_2019, "--dry-run")
    assert "would add    100492 St Thomas' CofE Primary School" in new.stdout
    assert "Nothing was written (--dry-run)" in new.stdout
    assert not list((kensington / "authorities" / SLUG / "schools").iterdir())
    assert _import(kensington, SAMPLE_2019).returncode == 0
    before = _snapshot(kensington)
    changed = write_extract(tmp_path / "changed.csv", with_values(sample_rows(), "100494", {"HeadFirstName": "Kath"}))
    dry = _import(kensington, changed, "--dry-run")
    assert "would update  100494 Saint Francis of Assisi Catholic Primary School" in dry.stdout
    assert "    head_teacher.first_name: Kathleen -> Kath" in dry.stdout
    assert "Would be: 0 added, 1 updated, 1 unchanged" in dry.stdout
    assert _snapshot(kensington) == before


def test_a_welsh_letter_put_back_by_hand_is_kept(kensington, tmp_path):
    lost = write_extract(tmp_path / "lost.csv", with_values(sample_rows(), "100492", {
        "EstablishmentName": "Ysgol Pen-y-D?r"}))
    first = _import(kensington, lost)
    assert "warning:" in first.stdout and "(like the Welsh ŵ or ŷ) as '?' (name)" in first.stdout
    path = _school_file(kensington, 100492)
    path.write_text(path.read_text(encoding="utf-8").replace("Pen-y-D?r", "Pen-y-Dŵr"), encoding="utf-8")
    again = _import(kensington, lost)
    assert "No changes." in again.stdout
    assert "name: Ysgol Pen-y-Dŵr" in path.read_text(encoding="utf-8")


def test_closed_and_proposed_schools_are_counted_and_shown(kensington, tmp_path):
    assert _import(kensington, SAMPLE_2019).returncode == 0
    rows = with_values(sample_rows(), "100492", {"EstablishmentStatus (name)": "Closed"})
    rows = with_values(rows, "100494", {"EstablishmentStatus (name)": "Proposed to open", "OpenDate": "01-09-2027"})
    result = _import(kensington, write_extract(tmp_path / "statuses.csv", rows))
    assert "1 closed skipped, 1 proposed to open, 0 proposed to close" in result.stdout
    assert f"Closed in GIAS, but still in authorities/{SLUG}/schools/: 100492 St Thomas' CofE Primary School" \
        in result.stdout
    assert _school_file(kensington, 100492).exists()  # an import never deletes local work
    out = kensington / "site"
    built = run_guides("build", "--authority", SLUG, "--out", str(out), cwd=kensington)
    assert built.returncode == 0, built.stderr
    page = page_text(out / SLUG / "en/schools/100494/index.html")
    assert "This school is proposed to open. Some details may change." in page and "1 September 2027" in page


# --- bad input: a message, exit 2, and every file as it was ---------------------------------------


def _zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as workbook:
        workbook.writestr("xl/workbook.xml", "<workbook/>")
    return path


def _bytes(name: str, content: bytes):
    def make(folder: Path) -> Path:
        (folder / name).write_bytes(content)
        return folder / name
    return make


SAMPLE = SAMPLE_2019.read_bytes()
BAD_INPUT = {
    "not an extract": (_bytes("people.csv", b"Name,Email\nJo,jo@example.org\n"),
                       ["people.csv:1: this is not a GIAS establishment extract", "'URN'", "'EstablishmentName'"]),
    "last row cut short": (_bytes("cut.csv", SAMPLE[: SAMPLE.rindex(b",543194,") + 8]),
                           ["cut.csv:5: this row has 115 fields, not 133", "cut short"]),
    "unclosed quote": (_bytes("cut.csv", SAMPLE[: SAMPLE.rindex(b'"Greenwich 004') + 5]),
                       ["cut.csv:5: the file ends in the middle of a row (a quote is not closed)"]),
    "binary": (_bytes("binary.csv", b"\x00\x01\x02" * 100), ["binary.csv: this file is not text", "save it as CSV"]),
    "xlsx": (lambda folder: _zip(folder / "edubasealldata.xlsx"), ["this is a zip file", "save it as CSV"]),
    "empty": (_bytes("empty.csv", b""), ["empty.csv:1: this file is empty"]),
    "missing": (lambda folder: folder / "nowhere.csv", ["nowhere.csv: this file does not exist"]),
    "an age GIAS cannot have": (
        lambda folder: write_extract(folder / "ages.csv",
                                     with_values(sample_rows(), "100494", {"StatutoryHighAge": "99"})),
        ["ages.csv:4: 100494 Saint Francis of Assisi Catholic Primary School: after the import",
         "would not be valid", "ages.high"]),
}


@pytest.mark.parametrize("case", BAD_INPUT)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(kensington, tmp_path, case):
    assert _import(kensington, SAMPLE_2019).returncode == 0
    path = _school_file(kensington, 100494)
    path.write_text(path.read_text(encoding="utf-8") + "uniform: Blue\n", encoding="utf-8")
    before = _snapshot(kensington)
    make, expected = BAD_INPUT[case]
    result = _import(kensington, make(tmp_path))
    assert result.returncode == 2, result.stdout + result.stderr
    for text in expected:
        assert text in result.stderr
    assert "Traceback" not in result.stderr
    assert _snapshot(kensington) == before


def test_an_authority_with_no_rows_is_named(kensington):
    result = _import(kensington, SAMPLE_2019, authority="doncaster")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "there are no open schools of Doncaster (LA code 371) in this file: none of its 4 rows has LA code 371" \
        in result.stderr


def test_an_authority_whose_schools_are_all_closed_is_told_so(repo):
    without_code(repo, 207)
    assert run_guides("authorities", "new", "--code", "207", cwd=repo).returncode == 0
    result = _import(repo, SAMPLE_2024)
    assert result.returncode == 2
    assert "no open schools of Kensington and Chelsea (LA code 207) in this file: all 1 of its schools" in result.stderr
