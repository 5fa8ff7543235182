"""Read a Get Information about Schools (GIAS) establishment extract (`edubasealldata*.csv`).

Facts about the file that this reader respects (see the DfE's extract and ../shared/data/README.md):
- It is cp1252, not UTF-8; a copy re-saved by a spreadsheet may be UTF-8, with or without a BOM.
- Columns change between years (2019, 2021, 2024 layouts): they are found by header name.
- Text fields are quoted and numbers are not; a spreadsheet's re-save drops the quotes, the zero
  padding of codes and the leading 0 of phone numbers.
- Many websites lack http(s)://. Status is Open, Closed, "Open, but proposed to close" or
  "Proposed to open". Welsh schools appear as skeleton rows.

The reader streams: one row at a time, so a national file of 50,000 rows costs no more memory
than a small one. Every problem is collected with its line before anything is written.
"""

from __future__ import annotations

import codecs
import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ..errors import Problem, UnreadableInput

REQUIRED = ["URN", "LA (code)", "EstablishmentName", "EstablishmentStatus (name)"]
OPTIONAL = [
    "PhaseOfEducation (name)", "TypeOfEstablishment (name)", "StatutoryLowAge", "StatutoryHighAge",
    "Gender (name)", "ReligiousCharacter (name)", "OfficialSixthForm (name)", "Street", "Locality", "Address3",
    "Town", "County (name)", "Postcode", "TelephoneNum", "SchoolWebsite", "HeadTitle (name)", "HeadFirstName",
    "HeadLastName", "HeadPreferredJobTitle",
]
CLOSED = "Closed"
PROPOSED = {"Proposed to open", "Open, but proposed to close"}
NOT_SET = {"", "Not applicable", "Does not apply", "Not recorded", "None"}


@dataclass
class Row:
    line: int
    values: dict[str, str]


@dataclass
class Extract:
    """The rows of one authority, and what was skipped on the way."""

    schools: list[dict] = field(default_factory=list)
    closed: int = 0
    proposed: list[str] = field(default_factory=list)
    rows_read: int = 0


def detect_encoding(path: Path) -> str:
    """cp1252 as GIAS writes it, unless a re-save made it UTF-8 (a BOM, or bytes that are valid UTF-8)."""
    with path.open("rb") as handle:
        start = handle.read(4)
        if start.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            for block in iter(lambda: handle.read(1 << 20), b""):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


def _refuse_binary(path: Path) -> None:
    with path.open("rb") as handle:
        start = handle.read(8192)
    if start.startswith(b"PK\x03\x04"):
        raise UnreadableInput(Problem(path, None, "this is a zip file (an Excel .xlsx workbook, perhaps), not a CSV. "
                                      "Download the extract as CSV from Get Information about Schools, or save it "
                                      "as CSV from your spreadsheet program."))
    if b"\x00" in start:
        raise UnreadableInput(Problem(path, None, "this file is not text (it has NUL bytes). Use the CSV extract "
                                      "(edubasealldata*.csv) from Get Information about Schools."))


def read_rows(path: Path) -> Iterator[Row]:
    """Rows as dicts keyed by header name, with the file line each row starts on."""
    if not path.is_file():
        raise UnreadableInput(Problem(path, None, "this file does not exist. Check the name and folder."))
    _refuse_binary(path)
    encoding = detect_encoding(path)
    with path.open("r", encoding=encoding, newline="") as handle:
        reader = csv.reader(handle, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            raise UnreadableInput(Problem(path, 1, "this file is empty.")) from None
        except csv.Error as error:
            raise UnreadableInput(Problem(path, 1, f"this is not a readable CSV file ({error}).")) from None
        missing = [name for name in REQUIRED if name not in header]
        if missing:
            raise UnreadableInput(Problem(path, 1, "this is not a GIAS establishment extract: it has no "
                                          f"{', '.join(repr(m) for m in missing)} column. Download "
                                          "'all establishment data' (edubasealldata*.csv) from Get Information "
                                          "about Schools."))
        positions = {name: header.index(name) for name in REQUIRED + OPTIONAL if name in header}
        while True:
            line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise UnreadableInput(Problem(path, line, f"the file is broken here ({error}): it may have been "
                                              "cut short while downloading. Download it again.")) from None
            if not cells:
                continue
            if len(cells) != len(header):
                raise UnreadableInput(Problem(path, line, f"this row has {len(cells)} fields, not {len(header)}: the "
                                              "file may have been cut short while downloading. Download it again."))
            yield Row(line, {name: cells[index].strip() for name, index in positions.items()})


def extract_authority(path: Path, la_code: int) -> Extract:
    """The open (and proposed) schools of one LA, as School fields, read in one pass."""
    extract = Extract()
    problems = []
    for row in read_rows(path):
        extract.rows_read += 1
        values = row.values
        if _number(values.get("LA (code)")) != la_code:
            continue
        status = values.get("EstablishmentStatus (name)", "")
        if status == CLOSED:
            extract.closed += 1
            continue
        try:
            extract.schools.append(school_fields(values))
        except ValueError as error:
            problems.append(Problem(path, row.line, str(error)))
        if status in PROPOSED:
            extract.proposed.append(f"{values['EstablishmentName']} ({status.lower()})")
    if problems:
        raise UnreadableInput(problems)
    return extract


def school_fields(values: dict[str, str]) -> dict:
    """The GIAS-owned fields of a school's YAML file, cleaned of spreadsheet damage."""
    urn = _number(values.get("URN"))
    if urn is None:
        raise ValueError(f"the URN '{values.get('URN')}' is not a number")
    fields = {
        "urn": urn,
        "name": values["EstablishmentName"],
        "phase": _text(values.get("PhaseOfEducation (name)")),
        "type": _text(values.get("TypeOfEstablishment (name)")),
        "status": values.get("EstablishmentStatus (name)") or "Open",
        "la_code": _number(values.get("LA (code)")),
        "ages": _ages(values),
        "gender": _text(values.get("Gender (name)")),
        "religious_character": _text(values.get("ReligiousCharacter (name)")),
        "sixth_form": _sixth_form(values.get("OfficialSixthForm (name)")),
        "address": _address(values),
        "phone": _phone(values.get("TelephoneNum")),
        "website": _website(values.get("SchoolWebsite")),
        "head_teacher": _head(values),
    }
    return {key: value for key, value in fields.items() if value is not None}


def _text(value: str | None) -> str | None:
    return None if value is None or value.strip() in NOT_SET else value.strip()


def _number(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() else None


def _ages(values: dict) -> dict | None:
    low, high = _number(values.get("StatutoryLowAge")), _number(values.get("StatutoryHighAge"))
    return {"low": low, "high": high} if low is not None and high is not None else None


def _sixth_form(value: str | None) -> bool | None:
    return {"Has a sixth form": True, "Does not have a sixth form": False}.get((value or "").strip())


def _address(values: dict) -> dict | None:
    names = {"street": "Street", "locality": "Locality", "address3": "Address3", "town": "Town",
             "county": "County (name)", "postcode": "Postcode"}
    address = {key: _text(values.get(column)) for key, column in names.items()}
    address = {key: value for key, value in address.items() if value}
    return address or None


def _phone(value: str | None) -> str | None:
    digits = re.sub(r"\D", "", value or "")
    if not digits:
        return None
    if len(digits) == 10 and not digits.startswith("0"):
        digits = "0" + digits  # a spreadsheet re-save dropped the leading 0
    if len(digits) == 11 and digits.startswith("02"):
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"  # London and other 02 numbers: 020 7946 0000
    if len(digits) == 11:
        return f"{digits[:5]} {digits[5:]}"
    return digits


def _website(value: str | None) -> str | None:
    value = (value or "").strip()
    if not value or " " in value or "." not in value:
        return None
    return value if re.match(r"https?://", value, re.I) else f"https://{value}"


def _head(values: dict) -> dict | None:
    head = {"title": _text(values.get("HeadTitle (name)")), "first_name": _text(values.get("HeadFirstName")),
            "last_name": _text(values.get("HeadLastName")), "job_title": _text(values.get("HeadPreferredJobTitle"))}
    head = {key: value for key, value in head.items() if value}
    return head or None


GIAS_FIELDS = ["urn", "name", "phase", "type", "status", "la_code", "ages", "gender", "religious_character",
               "sixth_form", "address", "phone", "website", "head_teacher"]
