"""GIAS extracts for the tests: the real sample files, and variants made from them the way people
really change them (a spreadsheet's re-save, another year's layout, a download cut short)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

GIAS = Path(__file__).resolve().parent / "fixtures" / "gias"
SAMPLE_2019 = GIAS / "gias_schools_experience_2019_verbatim.csv"  # LA 207: two open schools
SAMPLE_2024 = GIAS / "gias_schools_experience_2024_anonymised_verbatim.csv"  # LA 355 open, LA 207 closed
HEADERS_2021 = GIAS / "gias_headers_2021.txt"
HEADERS_2024 = GIAS / "gias_headers_2024.txt"


def sample_rows(path: Path = SAMPLE_2019) -> list[dict[str, str]]:
    """The rows of a sample file, keyed by header name (GIAS writes cp1252)."""
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("cp1252"), newline="")))


def headers(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def extract_text(rows: list[dict], header: list[str] | None = None, quoting: int = csv.QUOTE_ALL,
                 delimiter: str = ",") -> str:
    """An extract as text, with the columns of `header` (default: the rows' own) in that order."""
    header = header or list(rows[0])
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=quoting, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    return out.getvalue()


def write_extract(path: Path, rows: list[dict], header: list[str] | None = None, encoding: str = "cp1252",
                  **options) -> Path:
    path.write_bytes(extract_text(rows, header, **options).encode(encoding))
    return path


def spreadsheet_resave(rows: list[dict]) -> list[dict]:
    """What a spreadsheet does to an extract it opens and saves: numbers lose their leading zeros
    (codes "02" -> "2", phones "020..." -> "20...") and dates become dd/mm/yyyy."""
    def damage(value: str) -> str:
        if value.isdigit():
            return value.lstrip("0") or "0"
        return re.sub(r"^(\d\d)-(\d\d)-(\d{4})$", r"\1/\2/\3", value)

    return [{name: damage(value) for name, value in row.items()} for row in rows]


def with_values(rows: list[dict], urn: str, values: dict[str, str]) -> list[dict]:
    """The rows, with some values of the school with this URN changed."""
    return [{**row, **values} if row["URN"] == urn else row for row in rows]
