"""Read a Get Information about Schools (GIAS) establishment extract (`edubasealldata*.csv`).

Facts about the file that this reader respects (see the DfE's extract and the data README):
- GIAS writes cp1252, not UTF-8, and letters outside it (Welsh w and y with a circumflex) arrive
  as "?". A copy re-saved by a spreadsheet may be UTF-8, with or without a byte order mark.
- Columns change between years (the 2019, 2021 and 2024 layouts): they are found by header name.
- Text fields are quoted and numbers are not; a spreadsheet's re-save drops the quotes, the zero
  padding of codes and the leading 0 of phone numbers. Dates are dd-mm-yyyy.
- Many websites lack http(s)://. Status is Open, Closed, "Open, but proposed to close" or
  "Proposed to open". Welsh schools appear as skeleton rows ("Not applicable", no ages).

The reader streams: one row at a time, and only the chosen authority's schools are kept, so a
national file of 50,000 rows costs no more memory than a small one. Every problem in the file is
found, with its line, before the caller writes anything.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from pydantic import HttpUrl, TypeAdapter, ValidationError

from ..errors import Problem, UnreadableInput

REQUIRED = ["URN", "LA (code)", "EstablishmentName", "EstablishmentStatus (name)"]
OPEN, CLOSED = "Open", "Closed"
PROPOSED_TO_OPEN, PROPOSED_TO_CLOSE = "Proposed to open", "Open, but proposed to close"
NOT_SET = {"", "not applicable", "does not apply", "not recorded", "none", "n/a", "-"}

# The fields of a school's YAML file that GIAS owns, in the order they are written. An import
# overwrites these and nothing else.
GIAS_FIELDS = ["urn", "name", "phase", "type", "status", "la_code", "ages", "gender", "religious_character",
               "sixth_form", "address", "phone", "website", "head_teacher", "opening_date", "closing_date"]

ADDRESS = {"street": "Street", "locality": "Locality", "address3": "Address3", "town": "Town",
           "county": "County (name)", "postcode": "Postcode"}
HEAD = {"title": "HeadTitle (name)", "first_name": "HeadFirstName", "last_name": "HeadLastName",
        "job_title": "HeadPreferredJobTitle"}
TEXT = {"phase": "PhaseOfEducation (name)", "type": "TypeOfEstablishment (name)", "gender": "Gender (name)",
        "religious_character": "ReligiousCharacter (name)"}
COLUMNS = set(REQUIRED) | set(ADDRESS.values()) | set(HEAD.values()) | set(TEXT.values()) | {
    "StatutoryLowAge", "StatutoryHighAge", "OfficialSixthForm (name)", "TelephoneNum", "SchoolWebsite",
    "OpenDate", "CloseDate"}

# What a file that is not a CSV starts with, so that the message can say what it is.
SIGNATURES = {
    b"PK\x03\x04": "a zip file (an Excel .xlsx or OpenDocument workbook, perhaps)",
    b"\xd0\xcf\x11\xe0": "an Excel workbook (.xls)",
    b"\x1f\x8b": "a compressed (gzip) file",
    b"%PDF": "a PDF document",
}
EXPORT_CSV = ("Download 'all establishment data' (edubasealldata*.csv) from Get Information about Schools, "
              "or open the file in your spreadsheet program and save it as CSV.")


@dataclass
class Extract:
    """The schools of one authority in an extract, and what was skipped or worth a warning."""

    schools: list[dict] = field(default_factory=list)
    closed: dict[int, str] = field(default_factory=dict)  # URN -> name, for the summary
    proposed_to_open: list[str] = field(default_factory=list)
    proposed_to_close: list[str] = field(default_factory=list)
    rows_read: int = 0
    warnings: list[Problem] = field(default_factory=list)
    lines: dict[int, int] = field(default_factory=dict)  # URN -> the line of its row, for messages


# --- reading the file -----------------------------------------------------------------------------


def detect_encoding(path: Path) -> str:
    """cp1252 as GIAS writes it, unless a re-save made it UTF-8 (a BOM, or bytes that are valid UTF-8)
    or UTF-16 (a spreadsheet's "Unicode text"). Refuses files that are not text at all."""
    with path.open("rb") as handle:
        start = handle.read(8)
        for signature, kind in SIGNATURES.items():
            if start.startswith(signature):
                raise UnreadableInput(Problem(path, None, f"this is {kind}, not a CSV file. {EXPORT_CSV}"))
        if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        handle.seek(0)
        is_utf8, not_cp1252 = _scan(path, handle)
    if is_utf8:
        return "utf-8-sig" if start.startswith(codecs.BOM_UTF8) else "utf-8"
    if not_cp1252 is not None:
        raise UnreadableInput(Problem(path, not_cp1252, "this line has a byte that is neither UTF-8 nor the Windows "
                                      "(cp1252) text GIAS writes: the file may be in another encoding. Open it in "
                                      "your spreadsheet program and save it as 'CSV UTF-8'."))
    return "cp1252"


_NOT_CP1252 = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")  # the five bytes cp1252 leaves undefined


def _scan(path: Path, handle) -> tuple[bool, int | None]:
    """One pass over every byte, a block at a time: a NUL byte anywhere means it is not text, and the
    UTF-8 test must see every byte (an accent may first appear on the last row). Returns whether
    the file is all UTF-8, and the line of the first byte that cp1252 cannot read."""
    utf8 = codecs.getincrementaldecoder("utf-8")()
    is_utf8, bad_line, lines = True, None, 1
    for block in iter(lambda: handle.read(1 << 20), b""):
        if b"\x00" in block:
            raise UnreadableInput(Problem(path, None, f"this file is not text (it has NUL bytes). {EXPORT_CSV}"))
        if is_utf8:
            try:
                utf8.decode(block)
            except UnicodeDecodeError:
                is_utf8 = False
        match = _NOT_CP1252.search(block) if bad_line is None else None
        if match:
            bad_line = lines + block.count(b"\n", 0, match.start())
        lines += block.count(b"\n")
    if is_utf8:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            is_utf8 = False
    return is_utf8, bad_line


@dataclass
class Row:
    line: int  # the file line the row starts on
    values: dict[str, str]


def read_rows(path: Path) -> Iterator[Row]:
    """The rows of the extract, as the columns we use keyed by header name, one at a time."""
    if not path.is_file():
        raise UnreadableInput(Problem(path, None, "this file does not exist. Check the name and folder."))
    try:
        encoding = detect_encoding(path)
        with path.open("r", encoding=encoding, newline="") as handle:
            yield from _rows(path, handle)
    except OSError as error:
        raise UnreadableInput(Problem(path, None, f"this file cannot be read ({error.strerror}).")) from None
    except UnicodeDecodeError:  # a UTF-16 file with a broken character: the scan checks the others
        raise UnreadableInput(Problem(path, None, "this file cannot be read as text in the encoding it says it has. "
                                      "Open it in your spreadsheet program and save it as 'CSV UTF-8'.")) from None


# GIAS's widest row is about 4,000 characters. A line far
# past that is not an extract, and reading it whole could take all the machine's memory.
MAX_LINE = 1_000_000


def _lines(path: Path, handle) -> Iterator[str]:
    """The file's lines, refusing one too long to be part of an extract without reading it whole."""
    number = 0
    while True:
        line = handle.readline(MAX_LINE + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE:
            raise UnreadableInput(Problem(path, number, f"this line is longer than {MAX_LINE:,} characters, so this "
                                          f"is not a GIAS extract, or it is damaged. {EXPORT_CSV}"))
        yield line


def _rows(path: Path, handle) -> Iterator[Row]:
    lines = _lines(path, handle)
    first = next(lines, "")
    if not first.strip():
        raise UnreadableInput(Problem(path, 1, f"this file is empty. {EXPORT_CSV}"))
    # A spreadsheet set up for another country may save with semicolons or tabs between fields.
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter, strict=True)
    header = [name.strip() for name in next(reader)]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise UnreadableInput(Problem(path, 1, "this is not a GIAS establishment extract: it has no "
                                      f"{_join(missing)} column{'s' if len(missing) > 1 else ''}. {EXPORT_CSV}"))
    positions = {name: header.index(name) for name in COLUMNS if name in header}
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise UnreadableInput(Problem(path, line, _broken(error))) from None
        if not any(cell.strip() for cell in cells):
            continue  # a blank line, or a spreadsheet's empty row of commas
        if len(cells) != len(header):
            raise UnreadableInput(Problem(path, line, f"this row has {len(cells)} fields, not {len(header)} like the "
                                          "header: the file may have been cut short while downloading. Download it "
                                          "again."))
        yield Row(line, {name: cells[index].strip() for name, index in positions.items()})


def _broken(error: csv.Error) -> str:
    if "unexpected end of data" in str(error):
        return ("the file ends in the middle of a row (a quote is not closed): it may have been cut short while "
                "downloading. Download it again.")
    return f"this row cannot be read as CSV ({error}). Download the file again, or save it again as CSV."


def _join(names: list[str]) -> str:
    quoted = [f"'{name}'" for name in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


# --- one authority's schools ----------------------------------------------------------------------


def extract_authority(path: Path, la_code: int) -> Extract:
    """The open and proposed schools of one LA, as School fields, read in one pass.

    Every row is read, not just the authority's, so that a file cut short is noticed wherever it
    was cut. Problems in the authority's rows are collected and raised together."""
    extract, problems = Extract(), []
    for row in read_rows(path):
        extract.rows_read += 1
        if _number(row.values["LA (code)"]) == la_code:
            problems += _take(extract, row, path)
    if problems:
        raise UnreadableInput(problems)
    return extract


def _take(extract: Extract, row: Row, path: Path) -> list[Problem]:
    """Add one of the authority's rows to the extract: a school, or a closed one to count."""
    values = row.values
    status, name, urn = values["EstablishmentStatus (name)"], values["EstablishmentName"], _number(values["URN"])
    if urn in extract.lines:
        return [Problem(path, row.line, f"the URN {urn} is also on line {extract.lines[urn]}: a URN can be in an "
                        "extract only once. Was the file joined from two downloads?")]
    if urn is not None:
        extract.lines[urn] = row.line
    if status == CLOSED:
        if urn is not None:
            extract.closed[urn] = name
        return []
    try:
        school, warnings = school_fields(values)
    except ValueError as error:
        return [Problem(path, row.line, str(error))]
    extract.schools.append(school)
    extract.warnings.extend(Problem(path, row.line, f"{name}: {warning}") for warning in warnings)
    if status == PROPOSED_TO_OPEN:
        extract.proposed_to_open.append(name)
    elif status == PROPOSED_TO_CLOSE:
        extract.proposed_to_close.append(name)
    return []


def school_fields(values: dict[str, str]) -> tuple[dict, list[str]]:
    """The GIAS-owned fields of a school's YAML file, cleaned of spreadsheet damage, and warnings
    about values that could not be used. Raises ValueError when the row cannot be used at all."""
    urn = _number(values.get("URN"))
    if urn is None or not 100000 <= urn <= 999999:
        raise ValueError(f"the URN '{values.get('URN')}' is not a six-digit number. Is this the URN column?")
    name = _text(values.get("EstablishmentName"))
    if name is None:
        raise ValueError(f"the school with URN {urn} has no name (EstablishmentName is empty).")
    status = values.get("EstablishmentStatus (name)") or OPEN
    warnings = []
    fields = {
        "urn": urn,
        "name": name,
        **{key: _text(values.get(column)) for key, column in TEXT.items()},
        "status": status,
        "la_code": _number(values.get("LA (code)")),
        "ages": _ages(values),
        "sixth_form": {"has a sixth form": True, "does not have a sixth form": False}.get(
            (values.get("OfficialSixthForm (name)") or "").lower()),
        "address": _part(values, ADDRESS),
        "phone": _phone(values.get("TelephoneNum")),
        "website": _website(values.get("SchoolWebsite"), warnings),
        "head_teacher": _part(values, HEAD),
        # GIAS keeps the day a proposed school opens or closes; parents need it on the school's page.
        "opening_date": _date(values, "OpenDate") if status == PROPOSED_TO_OPEN else None,
        "closing_date": _date(values, "CloseDate") if status == PROPOSED_TO_CLOSE else None,
    }
    marked = [key for key, value in _strings(fields) if "?" in value]
    if marked:
        warnings.append(f"GIAS writes a letter it cannot store (like the Welsh ŵ or ŷ) as '?' ({', '.join(marked)}). "
                        "Put the right letter in the school's file: a new import keeps your correction.")
    return {key: value for key, value in fields.items() if value is not None}, warnings


def _strings(fields: dict, prefix: str = "") -> Iterator[tuple[str, str]]:
    for key, value in fields.items():
        if isinstance(value, dict):
            yield from _strings(value, f"{prefix}{key}.")
        elif isinstance(value, str):
            yield prefix + key, value


def _text(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return None if value.lower() in NOT_SET else value


def _number(value: str | None) -> int | None:
    # A spreadsheet may write whole numbers as 207.0; zero padding ("02") does not matter to int().
    value = (value or "").strip().removesuffix(".0")
    # ASCII digits only: str.isdigit() also says yes to '³' and '²', which int() then refuses.
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 12 else None


def _ages(values: dict) -> dict | None:
    low, high = _number(values.get("StatutoryLowAge")), _number(values.get("StatutoryHighAge"))
    return {"low": low, "high": high} if low is not None and high is not None else None


def _part(values: dict, columns: dict[str, str]) -> dict | None:
    part = {key: _text(values.get(column)) for key, column in columns.items()}
    return {key: value for key, value in part.items() if value} or None


def _date(values: dict, column: str) -> dt.date | None:
    """GIAS writes dd-mm-yyyy; a spreadsheet may re-save it as dd/mm/yyyy or yyyy-mm-dd."""
    value = (values.get(column) or "").strip()
    if not value:
        return None
    for pattern in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            pass
    raise ValueError(f"the {column} '{value}' is not a date: GIAS writes dates like 01-09-2027.")


# UK numbers are grouped by the length of their area code (Ofcom's national telephone numbering plan).
_PHONE_GROUPS = [(r"02", (3, 4, 4)), (r"01\d1|011", (4, 3, 4)), (r"0[3589]", (4, 3, 4)), (r"0", (5, 6))]


def _phone(value: str | None) -> str | None:
    text = " ".join((value or "").split())
    digits = re.sub(r"\D", "", text)
    if not digits:
        return None
    if len(digits) == 10 and not digits.startswith("0"):
        digits = "0" + digits  # a spreadsheet re-save read the number as a number and dropped its 0
    if len(digits) != 11 or not digits.startswith("0"):
        return text  # an extension, or a number we cannot tidy safely: as GIAS has it
    sizes = next(sizes for prefix, sizes in _PHONE_GROUPS if re.match(prefix, digits))
    groups, start = [], 0
    for size in sizes:
        groups.append(digits[start:start + size])
        start += size
    return " ".join(groups)


_URL = TypeAdapter(HttpUrl)


def _website(value: str | None, warnings: list[str]) -> str | None:
    given = (value or "").strip()
    if given.lower() in NOT_SET:
        return None
    # GIAS often has www.school.org.uk without http(s)://
    value = given if re.match(r"https?://", given, re.I) else "https://" + given.lstrip("/")
    try:
        _URL.validate_python(value)
        if " " in value or "." not in value.split("//", 1)[1]:
            raise ValueError
    except (ValidationError, ValueError):
        warnings.append(f"the website '{given}' in GIAS is not a web address, so it was left out.")
        return None
    return value
