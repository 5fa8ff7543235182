"""`guides authorities new --code 371`: start a new authority from the shipped LA code list.

The list (toolkit/data/la_codes.csv, from Get Information about Schools) gives the name, the ONS
GSS code and the nation, so a council starts from the same code its GIAS extract uses.
"""

from __future__ import annotations

import csv
import os
import re
import textwrap
import unicodedata
from pathlib import Path

import click

from ..errors import Problem, UsageError, relative

LA_CODES = Path(__file__).resolve().parents[1] / "data" / "la_codes.csv"

TEMPLATE = """# yaml-language-server: $schema=../../schemas/authority.schema.json
# {name}: made by `guides authorities new --code {code}`. Fill in each line marked TODO, and the
# commented-out examples below (remove the # in front of a line to use it).
name: {name}
la_code: {code}
gss_code: {gss}
nation: {nation}
languages: [{languages}]  # the first is the site's default; others need translations in locales/
website: https://www.example.org/  # TODO: this is a placeholder. Put the council's website here.
# site_url: https://guides.example.org/{slug}/  # TODO: where these sites will be published
# colour: "#1d4f76"  # your colour; it must be dark enough for white text (4.5:1)
# TODO: remove the next line once every TODO is done. Until then every page says it is an example.
example: true

# TODO: the council teams parents contact. Each can have a name, phone, email and website.
# contacts:
#   general: {{phone: 01632 960000, website: https://www.example.org/}}
#   admissions: {{name: School admissions team, phone: 01632 960000, email: admissions@example.org}}
#   send: {{name: {send}, website: https://www.example.org/}}
#   free_school_meals: {{phone: 01632 960000, website: https://www.example.org/}}
#   attendance: {{name: Attendance team, phone: 01632 960000}}
#   school_transport: {{website: https://www.example.org/}}

# TODO: this year's school admissions dates.
# admissions:
#   primary: {{entry: 2027-09-01, opens: 2026-09-01, closes: 2027-01-15, offers: 2027-04-16}}
#   secondary: {{entry: 2027-09-01, opens: 2026-09-01, closes: 2026-10-31, offers: 2027-03-01}}

# TODO: the council's term dates (a school that sets its own lists them in its own file).
# term_dates:
#   - name: Autumn term 2026
#     starts: 2026-09-03
#     ends: 2026-12-18
#     half_term: {{starts: 2026-10-26, ends: 2026-10-30}}
"""

# The steps after `guides authorities new`, kept here in one place so that other commands and
# documents can add theirs. Each is formatted with name, file, slug and folder.
NEXT_STEPS = [
    "Fill in {file}: the lines marked TODO (the website, contacts, admissions dates and term dates). "
    "Until you remove 'example: true', every page says it is an example.",
    "Import your schools from Get Information about Schools (GIAS): download 'all establishment data' as CSV, "
    "then run\n       guides schools import edubasealldata.csv --authority {slug}",
    "Check the guides and build the sites:\n       guides check && guides build --authority {slug}",
    "If this is your council's fork of Parent Guides, keep every local change inside {folder}/: your schools "
    "in {folder}/schools/, your own versions of guides in {folder}/guides/ (start one with: guides override "
    "GUIDE --authority {slug}). Updates from the central guides then merge without conflicts, and "
    "`guides status` says when a central guide you changed has changed since.",
]

HOW_TO_FIND = """How to find your council's code:
  - it is the 'LA (code)' column of your GIAS extract (edubasealldata*.csv), next to 'LA (name)';
  - or look up one of your schools on https://get-information-schools.service.gov.uk: its page shows
    the local authority and its code;
  - or search for your council's name in toolkit/data/la_codes.csv, the list this command uses."""


def new_authority(root: Path, code: int) -> None:
    record = la_record(code)
    name, slug = display_name(record["la_name"]), slug_for(display_name(record["la_name"]))
    folder = root / "authorities" / slug
    _refuse_existing(root, folder, code)
    wales = record["nation"] == "Wales"
    text = TEMPLATE.format(name=name, code=code, gss=record["ons_gss_code"], nation=record["nation"], slug=slug,
                           languages="en, cy" if wales else "en",
                           send="Additional learning needs (ALN)" if wales else "SEND local offer")
    (folder / "schools").mkdir(parents=True, exist_ok=True)
    _write(folder / "authority.yml", text)
    click.echo(f"Created {relative(folder / 'authority.yml', root)}.\n")
    click.echo(next_steps(root, name, slug))


def next_steps(root: Path, name: str, slug: str) -> str:
    folder = relative(root / "authorities" / slug, root)
    values = {"name": name, "slug": slug, "folder": folder, "file": f"{folder}/authority.yml"}
    lines = [f"Next steps for {name}:"]
    for number, step in enumerate(NEXT_STEPS, 1):
        text, *commands = step.format(**values).split("\n")  # commands stay on lines of their own
        lines += textwrap.wrap(text, 100, initial_indent=f"  {number}. ", subsequent_indent="     ")
        lines += commands
    return "\n".join(lines)


def la_records() -> list[dict]:
    with LA_CODES.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def la_record(code: int) -> dict:
    """The current English or Welsh LA with this code; a clear refusal for any other."""
    records = la_records()
    record = next((r for r in records if int(r["la_code"]) == code), None)
    if record is None:
        raise UsageError(f"There is no local authority with code {code} in the list of GIAS codes. The codes are "
                         f"three-digit numbers (Doncaster is 371, Cardiff 681).\n{HOW_TO_FIND}")
    if record["status"] != "current" or record["nation"] not in ("England", "Wales"):
        why = ("an old code, from before local government changed" if record["status"] == "historic"
               else "not a local authority")
        guesses = _successors(record, records)
        hint = f"\nPerhaps you mean: {'; '.join(guesses)}." if guesses else ""
        raise UsageError(f"{code} is '{record['la_name']}': {why}. Only a current council in England or Wales can "
                         f"have a site.{hint}\n{HOW_TO_FIND}")
    return record


# Old codes whose successors share no place name with them.
SUCCESSORS = {909: [942, 943]}  # Cumbria (2023): Cumberland; Westmorland and Furness
_NOT_PLACES = {"north", "south", "east", "west", "central", "county", "upon"}


def _successors(old: dict, records: list[dict]) -> list[str]:
    """Current councils that took over from an old one (Pre-LGR 2019 Dorset -> 838 Dorset)."""
    current = [r for r in records if r["status"] == "current" and r["nation"] in ("England", "Wales")]
    places = _places(re.sub(r"^Pre[- ]LGR (\(\d{4}\)|\d{4}) ", "", old["la_name"]))
    known = SUCCESSORS.get(int(old["la_code"]), [])
    return [f"{r['la_code']} {display_name(r['la_name'])}" for r in current
            if int(r["la_code"]) in known or any(a in b or b in a for a in places for b in _places(r["la_name"]))]


def _places(name: str) -> set[str]:
    return set(re.findall(r"[a-z]{5,}", name.lower())) - _NOT_PLACES


def display_name(gias_name: str) -> str:
    """GIAS sorts some names by place: 'Bristol, City of' is shown as 'City of Bristol'."""
    place, comma, kind = gias_name.partition(", ")
    return f"{kind} {place}" if comma and kind.endswith(" of") else gias_name


def slug_for(name: str) -> str:
    """The folder name: lowercase ASCII words joined by dashes (Ynys Môn -> ynys-mon)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def _refuse_existing(root: Path, folder: Path, code: int) -> None:
    if (folder / "authority.yml").exists():
        raise UsageError(Problem(relative(folder / "authority.yml", root), None,
                                 "this authority already exists: nothing was changed."))
    for other in sorted((root / "authorities").glob("*/authority.yml")):
        if re.search(rf"^la_code:\s*{code}\b", other.read_text(encoding="utf-8", errors="replace"), re.M):
            raise UsageError(Problem(relative(other, root), None, f"this authority already has LA code {code}: "
                                     "nothing was changed."))


def _write(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
