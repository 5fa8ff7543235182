"""The GIAS extract reader: the real sample files, the three layouts, the encodings and re-saves
people really produce, the values it tidies, and the files it refuses."""

from __future__ import annotations

import csv
import datetime as dt
import tracemalloc
import zipfile

import pytest

from gias_files import (HEADERS_2021, HEADERS_2024, SAMPLE_2019, SAMPLE_2024, extract_text, headers, sample_rows,
                        spreadsheet_resave, with_values, write_extract)
from toolkit.errors import UnreadableInput
from toolkit.importers.gias import _phone, _website, extract_authority

ST_THOMAS = {
    "urn": 100492, "name": "St Thomas' CofE Primary School", "phase": "Primary", "type": "Voluntary aided school",
    "status": "Open", "la_code": 207, "ages": {"low": 3, "high": 11}, "gender": "Mixed",
    "religious_character": "Church of England", "sixth_form": False,
    "address": {"street": "Appleford Road", "locality": "North Kensington", "town": "London", "postcode": "W10 5EF"},
    "phone": "020 8969 2810", "website": "http://www.st.rbkc.sch.uk",
    "head_teacher": {"title": "Ms", "first_name": "Sarah", "last_name": "Bouette", "job_title": "Headteacher"},
}


def _school(extract, urn: int) -> dict:
    return next(school for school in extract.schools if school["urn"] == urn)


def _refused(path, la_code: int = 207) -> str:
    with pytest.raises(UnreadableInput) as refused:
        extract_authority(path, la_code)
    return refused.value.render()


# --- the real files, in each layout ---------------------------------------------------------------


def test_the_2019_sample_gives_the_authoritys_open_schools_and_nothing_else():
    extract = extract_authority(SAMPLE_2019, 207)
    assert [s["urn"] for s in extract.schools] == [100492, 100494]
    assert _school(extract, 100492) == ST_THOMAS
    assert extract.rows_read == 4 and not extract.closed and not extract.warnings


def test_the_2024_sample_adds_https_and_counts_the_closed_school():
    academy = _school(extract_authority(SAMPLE_2024, 355), 138130)
    assert academy["type"] == "Academy special converter" and academy["website"] == "https://www.example.co.uk"
    assert academy["ages"] == {"low": 9, "high": 19} and academy["sixth_form"] is True
    assert academy["phone"] == "01234 567890" and academy["address"]["county"] == "Lancashire"
    assert "religious_character" not in academy  # "Does not apply" is not a religious character
    closed = extract_authority(SAMPLE_2024, 207)
    assert closed.schools == [] and closed.closed == {140134: "Example School"}


@pytest.mark.parametrize("layout", [HEADERS_2021, HEADERS_2024])
def test_the_2021_and_2024_layouts_are_read_by_column_name(tmp_path, layout):
    """The same school in another year's columns (other names, other order) reads the same."""
    columns = headers(layout)
    assert "CensusAreaStatisticWard (name)" in columns or "FSM" in columns  # really another layout
    path = write_extract(tmp_path / "layout.csv", sample_rows(), header=list(reversed(columns)))
    assert _school(extract_authority(path, 207), 100492) == ST_THOMAS


# --- encodings and re-saves -----------------------------------------------------------------------


def _accented_rows():
    return with_values(sample_rows(), "100492", {"EstablishmentName": "Ysgol Thérèse's Primary School",
                                                 "HeadLastName": "Núñez"})


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8", "utf-8-sig", "utf-16"])
def test_accents_survive_every_encoding_a_file_is_saved_in(tmp_path, encoding):
    path = write_extract(tmp_path / f"{encoding}.csv", _accented_rows(), encoding=encoding)
    school = _school(extract_authority(path, 207), 100492)
    assert school["name"] == "Ysgol Thérèse's Primary School" and school["head_teacher"]["last_name"] == "Núñez"


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8"])
def test_the_encoding_is_decided_on_every_byte_not_the_first_block(tmp_path, encoding):
    """2 MB of plain rows, and the only accent on the last one: cp1252 must not be read as UTF-8."""
    rows = sample_rows()
    filler = [{**rows[1], "URN": str(200000 + n), "LA (code)": "999"} for n in range(2000)]
    path = write_extract(tmp_path / "big.csv", filler + _accented_rows(), encoding=encoding)
    assert path.stat().st_size > 2_000_000
    assert _school(extract_authority(path, 207), 100492)["name"] == "Ysgol Thérèse's Primary School"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_a_spreadsheet_resave_loses_quotes_zeros_and_date_format_and_still_reads(tmp_path, delimiter):
    rows = with_values(sample_rows(), "100494", {"EstablishmentStatus (name)": "Open, but proposed to close",
                                                 "CloseDate": "31-08-2027"})
    damaged = spreadsheet_resave(rows)
    assert damaged[0]["TelephoneNum"] == "2089692810" and damaged[0]["TypeOfEstablishment (code)"] == "2"
    path = write_extract(tmp_path / "resaved.csv", damaged, encoding="utf-8-sig", quoting=csv.QUOTE_MINIMAL,
                         delimiter=delimiter)
    assert '"' not in path.read_text(encoding="utf-8-sig").splitlines()[1]  # really unquoted
    extract = extract_authority(path, 207)
    assert _school(extract, 100492) == ST_THOMAS
    assert _school(extract, 100494)["closing_date"] == dt.date(2027, 8, 31)


# --- the values it tidies -------------------------------------------------------------------------


@pytest.mark.parametrize("given,shown", [
    ("02089692810", "020 8969 2810"),
    ("2089692810", "020 8969 2810"),  # a spreadsheet dropped the 0
    ("01632960111", "01632 960111"),
    ("1632960111", "01632 960111"),
    ("01134960000", "0113 496 0000"),
    ("01214960000", "0121 496 0000"),
    ("07700900123", "07700 900123"),
    ("03001234567", "0300 123 4567"),
    ("(01302) 736000", "01302 736000"),
    ("01302 736000 ext 12", "01302 736000 ext 12"),  # cannot be tidied safely: as GIAS has it
    ("", None),
])
def test_phone_numbers_keep_their_0_and_are_grouped_as_people_write_them(given, shown):
    assert _phone(given) == shown


@pytest.mark.parametrize("given,kept", [
    ("www.school.org.uk", "https://www.school.org.uk"),
    ("http://www.school.org.uk", "http://www.school.org.uk"),
    ("https://school.org.uk/home", "https://school.org.uk/home"),
    ("", None),
    ("Not applicable", None),
])
def test_websites_get_https_when_they_lack_it(given, kept):
    warnings = []
    assert _website(given, warnings) == kept and not warnings


@pytest.mark.parametrize("given", ["www.school .org", "school", "http//"])
def test_a_website_that_is_not_an_address_is_left_out_with_a_warning(given):
    warnings = []
    assert _website(given, warnings) is None
    assert f"the website '{given}' in GIAS is not a web address" in warnings[0]


def test_proposed_schools_are_kept_with_their_dates_and_closed_ones_counted(tmp_path):
    rows = with_values(sample_rows(), "100492", {"EstablishmentStatus (name)": "Proposed to open",
                                                 "OpenDate": "01-09-2027"})
    rows = with_values(rows, "100494", {"EstablishmentStatus (name)": "Open, but proposed to close",
                                        "CloseDate": "31-08-2027"})
    rows.append({**rows[0], "URN": "100999", "EstablishmentName": "Old School", "EstablishmentStatus (name)": "Closed"})
    extract = extract_authority(write_extract(tmp_path / "statuses.csv", rows), 207)
    assert _school(extract, 100492)["status"] == "Proposed to open"
    assert _school(extract, 100492)["opening_date"] == dt.date(2027, 9, 1)
    assert _school(extract, 100494)["closing_date"] == dt.date(2027, 8, 31)
    assert extract.proposed_to_open == ["St Thomas' CofE Primary School"]
    assert extract.proposed_to_close == ["Saint Francis of Assisi Catholic Primary School"]
    assert extract.closed == {100999: "Old School"}


def test_a_welsh_skeleton_row_reads_and_a_lost_letter_is_pointed_out(tmp_path):
    """GIAS has only a few fields for Welsh schools, and writes ŵ and ŷ as '?'."""
    row = {name: "" for name in headers(HEADERS_2024)}
    row.update({"URN": "401234", "LA (code)": "681", "EstablishmentName": "Ysgol Gymraeg Pen-y-D?r",
                "EstablishmentStatus (name)": "Open", "PhaseOfEducation (name)": "Not applicable",
                "TypeOfEstablishment (name)": "Welsh establishment", "Town": "Cardiff"})
    extract = extract_authority(write_extract(tmp_path / "wales.csv", [row]), 681)
    assert extract.schools == [{"urn": 401234, "name": "Ysgol Gymraeg Pen-y-D?r", "type": "Welsh establishment",
                                "status": "Open", "la_code": 681, "address": {"town": "Cardiff"}}]
    assert "wales.csv:2: Ysgol Gymraeg Pen-y-D?r: GIAS writes a letter it cannot store" in str(extract.warnings[0])


# --- files it refuses, saying why -----------------------------------------------------------------


def test_a_file_that_is_not_an_extract_names_the_missing_columns(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("Name,Email\nJo,jo@example.org\n")
    message = _refused(path)
    assert "people.csv:1: this is not a GIAS establishment extract" in message
    assert "'URN', 'LA (code)', 'EstablishmentName' or 'EstablishmentStatus (name)' columns" in message


def test_a_last_row_cut_short_is_refused_with_its_line(tmp_path):
    text = SAMPLE_2019.read_bytes()
    path = tmp_path / "cut.csv"
    path.write_bytes(text[: text.rindex(b",543194,") + 8])  # in the unquoted numbers of the last row
    message = _refused(path, 203)
    assert "cut.csv:5: this row has 115 fields, not 133 like the header" in message and "cut short" in message


def test_a_file_ending_inside_quotes_is_refused_with_its_line(tmp_path):
    text = SAMPLE_2019.read_bytes()
    path = tmp_path / "cut.csv"
    path.write_bytes(text[: text.rindex(b'"Greenwich 004') + 5])
    message = _refused(path, 203)
    assert "cut.csv:5: the file ends in the middle of a row (a quote is not closed)" in message


def test_a_duplicated_urn_is_refused(tmp_path):
    rows = sample_rows()
    path = write_extract(tmp_path / "twice.csv", rows + rows[:1])
    assert "twice.csv:6: the URN 100492 is also on line 2" in _refused(path)


def test_a_row_of_the_authority_without_a_urn_is_refused(tmp_path):
    path = write_extract(tmp_path / "nourn.csv", with_values(sample_rows(), "100494", {"URN": ""}))
    assert "nourn.csv:4: the URN '' is not a six-digit number" in _refused(path)


@pytest.mark.parametrize("name,content,expected", [
    ("extract.xlsx", None, "this is a zip file (an Excel .xlsx"),
    ("extract.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "this is an Excel workbook (.xls)"),
    ("extract.pdf", b"%PDF-1.4\n" + bytes(100), "this is a PDF document"),
    ("binary.csv", b"\x00\x01\x02\x03" * 100, "this file is not text (it has NUL bytes)"),
    ("empty.csv", b"", "this file is empty"),
])
def test_a_file_that_is_not_a_csv_is_refused_and_told_to_export_csv(tmp_path, name, content, expected):
    path = tmp_path / name
    if content is None:
        with zipfile.ZipFile(path, "w") as workbook:
            workbook.writestr("xl/workbook.xml", "<workbook/>")
    else:
        path.write_bytes(content)
    message = _refused(path)
    assert expected in message and "save it as CSV" in message


def test_nul_bytes_far_into_a_file_are_found(tmp_path):
    text = extract_text(sample_rows()).encode("cp1252")
    path = tmp_path / "late.csv"
    path.write_bytes(text + b" " * 3_000_000 + b"\x00")
    assert "not text" in _refused(path)


def test_a_byte_that_neither_utf8_nor_cp1252_can_read_is_refused_with_its_line(tmp_path):
    text = extract_text(sample_rows()).encode("cp1252").replace(b"Appleford", b"Apple\x81ord")
    path = tmp_path / "mac.csv"
    path.write_bytes(text)
    assert "mac.csv:2: this line has a byte that is neither UTF-8 nor the Windows (cp1252) text" in _refused(path)


def test_a_missing_file_is_refused(tmp_path):
    assert "nowhere.csv: this file does not exist" in _refused(tmp_path / "nowhere.csv")


# --- streaming ------------------------------------------------------------------------------------


def _peak(path, la_code: int) -> int:
    tracemalloc.start()
    try:
        extract_authority(path, la_code)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_size_of_the_file(tmp_path):
    """Ten times the rows (of other authorities) must not cost ten times the memory: the reader
    keeps one row at a time. benchmarks/gias_import.py measures it at national size."""
    rows = sample_rows()
    def extract(count):
        others = [{**rows[n % 4], "URN": str(200000 + n), "LA (code)": "999"} for n in range(count)]
        return write_extract(tmp_path / f"{count}.csv", rows + others)
    small, large = _peak(extract(500), 207), _peak(extract(5000), 207)
    assert large < small * 1.5, (small, large)
