"""Importing schools from a real GIAS extract: encodings, layouts, local work kept, bad input refused."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from support import run_guides

GIAS = Path(__file__).resolve().parents[1] / "fixtures" / "gias"
SAMPLE_2019 = GIAS / "gias_schools_experience_2019_verbatim.csv"  # LA 207 has two open schools
SAMPLE_2024 = GIAS / "gias_schools_experience_2024_anonymised_verbatim.csv"  # LA 355: one academy


@pytest.fixture
def kensington(repo):
    result = run_guides("authorities", "new", "--code", "207", cwd=repo)
    assert result.returncode == 0, result.stderr
    return repo


def _import(repo, csv_file, *args, authority="kensington-and-chelsea"):
    return run_guides("schools", "import", str(csv_file), "--authority", authority, *args, cwd=repo)


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_authority_new_makes_a_valid_file_and_says_what_to_do(kensington):
    text = (kensington / "authorities/kensington-and-chelsea/authority.yml").read_text()
    assert "name: Kensington and Chelsea" in text and "la_code: 207" in text and "gss_code: E09000020" in text
    assert "nation: England" in text
    result = run_guides("authorities", "new", "--code", "207", cwd=kensington)
    assert result.returncode == 2 and "already exists" in result.stderr


def test_a_welsh_authority_offers_welsh(repo):
    assert run_guides("authorities", "new", "--code", "661", cwd=repo).returncode == 0
    text = (repo / "authorities/gwynedd/authority.yml").read_text()
    assert "nation: Wales" in text and "languages: [en, cy]" in text


def test_unknown_or_historic_codes_are_refused(repo):
    assert "no local authority with code 1" in run_guides("authorities", "new", "--code", "1", cwd=repo).stderr
    historic = run_guides("authorities", "new", "--code", "999", cwd=repo)
    assert historic.returncode == 2 and "only current English and Welsh local authorities" in historic.stderr


def test_the_2019_sample_imports_and_a_second_run_changes_nothing(kensington):
    first = _import(kensington, SAMPLE_2019)
    assert first.returncode == 0, first.stderr
    assert "2 school(s) were added, 0 updated, 0 unchanged" in first.stdout
    school = (kensington / "authorities/kensington-and-chelsea/schools/100492.yml").read_text()
    assert "name: St Thomas' CofE Primary School" in school
    assert "phone: 020 8969 2810" in school
    assert "website: http://www.st.rbkc.sch.uk" in school
    before = _snapshot(kensington / "authorities")
    second = _import(kensington, SAMPLE_2019)
    assert "No changes." in second.stdout and "0 school(s) were added, 0 updated, 2 unchanged" in second.stdout
    assert _snapshot(kensington / "authorities") == before
    built = run_guides("build", "--authority", "kensington-and-chelsea", "--out", str(kensington / "site"), cwd=kensington)
    assert built.returncode == 0, built.stderr


def test_the_2024_layout_imports_and_closed_schools_are_counted(repo):
    assert run_guides("authorities", "new", "--code", "355", cwd=repo).returncode == 0
    result = _import(repo, SAMPLE_2024, authority="salford")
    assert result.returncode == 0, result.stderr
    text = (repo / "authorities/salford/schools/138130.yml").read_text()
    assert "type: Academy special converter" in text and "website: https://www.example.co.uk" in text
    closed = run_guides("authorities", "new", "--code", "207", cwd=repo)
    assert closed.returncode == 0
    only_closed = _import(repo, SAMPLE_2024)
    assert only_closed.returncode == 2
    assert "no open schools with LA code 207" in only_closed.stderr and "1 closed" in only_closed.stderr


def _variant(tmp_path: Path, name: str, transform) -> Path:
    text = SAMPLE_2019.read_bytes().decode("cp1252").replace("St Thomas' CofE Primary School",
                                                             "St Thérèse's Catholic Primary School")
    path = tmp_path / name
    path.write_bytes(transform(text))
    return path


@pytest.mark.parametrize("name,transform", [
    ("cp1252.csv", lambda text: text.encode("cp1252")),
    ("utf8.csv", lambda text: text.encode("utf-8")),
    ("utf8-bom.csv", lambda text: "\ufeff".encode("utf-8") + text.encode("utf-8")),
])
def test_accents_survive_every_encoding(kensington, tmp_path, name, transform):
    result = _import(kensington, _variant(tmp_path, name, transform))
    assert result.returncode == 0, result.stderr
    text = (kensington / "authorities/kensington-and-chelsea/schools/100492.yml").read_text(encoding="utf-8")
    assert "name: St Thérèse's Catholic Primary School" in text


def test_a_spreadsheet_resave_keeps_phone_numbers_and_finds_columns_by_name(kensington, tmp_path):
    import csv
    import io

    rows = list(csv.reader(io.StringIO(SAMPLE_2019.read_bytes().decode("cp1252"))))
    header = rows[0]
    order = list(reversed(range(len(header))))  # columns in another order, as another layout might be
    phone = header.index("TelephoneNum")
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL)
    for number, row in enumerate(rows):
        if number:
            row[phone] = row[phone].lstrip("0")  # a spreadsheet drops the leading 0
        writer.writerow([row[i] for i in order])
    path = tmp_path / "resaved.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    assert _import(kensington, path).returncode == 0
    assert "phone: 020 8969 2810" in (kensington / "authorities/kensington-and-chelsea/schools/100492.yml").read_text()


def test_hand_added_fields_and_comments_survive_a_reimport(kensington, tmp_path):
    assert _import(kensington, SAMPLE_2019).returncode == 0
    path = kensington / "authorities/kensington-and-chelsea/schools/100492.yml"
    path.write_text(path.read_text() + '# The office asked us to add this.\nday_starts: "08:50"\n'
                    "uniform: Green jumper\n")
    changed = _variant(tmp_path, "changed.csv", lambda text: text.replace("02089692810", "02089692811")
                       .encode("cp1252"))
    dry = _import(kensington, changed, "--dry-run")
    assert "phone: '020 8969 2810' -> '020 8969 2811'" in dry.stdout and "Nothing was written" in dry.stdout
    assert "020 8969 2810" in path.read_text()
    result = _import(kensington, changed)
    assert result.returncode == 0
    text = path.read_text()
    assert "phone: 020 8969 2811" in text and "St Thérèse's" in text
    assert "# The office asked us to add this.\nday_starts: \"08:50\"" in text and "uniform: Green jumper" in text


def _refused(repo, path, *expected):
    before = _snapshot(repo / "authorities")
    result = _import(repo, path)
    assert result.returncode == 2, result.stdout + result.stderr
    for text in expected:
        assert text in result.stderr
    assert "Traceback" not in result.stderr
    assert _snapshot(repo / "authorities") == before


def test_a_file_that_is_not_a_gias_extract_names_the_missing_columns(kensington, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("Name,Email\nJo,jo@example.org\n")
    _refused(kensington, path, "not a GIAS establishment extract", "'URN'", "'EstablishmentName'")


def test_a_truncated_file_is_refused_at_its_line(kensington, tmp_path):
    text = SAMPLE_2019.read_bytes()
    path = tmp_path / "cut.csv"
    path.write_bytes(text[: len(text) * 2 // 3])
    _refused(kensington, path, "cut short")


def test_a_file_that_is_not_text_is_refused(kensington, tmp_path):
    path = tmp_path / "extract.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(200))
    _refused(kensington, path, "zip file", "CSV")
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    _refused(kensington, binary, "not text")


def test_a_missing_file_and_an_la_with_no_rows(kensington, tmp_path):
    _refused(kensington, tmp_path / "nowhere.csv", "does not exist")
    assert run_guides("authorities", "new", "--code", "371", cwd=kensington).returncode == 2  # doncaster exists
    result = _import(kensington, SAMPLE_2019, authority="doncaster")
    assert result.returncode == 2 and "no open schools with LA code 371 (Doncaster)" in result.stderr
