"""`guides authorities new --code 371`: start a new authority from the shipped LA code list."""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

import click

from ..errors import UsageError, relative

LA_CODES = Path(__file__).resolve().parents[1] / "data" / "la_codes.csv"

TEMPLATE = """# yaml-language-server: $schema=../../schemas/authority.schema.json
# {name}: made by `guides authorities new --code {code}`. Fill in the details marked TODO,
# then import your schools: guides schools import edubasealldata.csv --authority {slug}
name: {name}
la_code: {code}
gss_code: {gss}
nation: {nation}
languages: [{languages}]
website: https://www.example.org/  # TODO: the council's website
# site_url: https://guides.example.org/{slug}/  # where these sites will be published
# colour: "#1d4f76"  # your colour; it must be dark enough for white text (4.5:1)

contacts:
  admissions:
    name: School admissions team
    # phone: TODO
    # email: TODO
    # website: TODO
  # send: {{name: "{send}", website: TODO}}
  # free_school_meals: {{phone: TODO, website: TODO}}

# admissions:
#   primary: {{entry: 2027-09-01, opens: 2026-09-01, closes: 2027-01-15, offers: 2027-04-16}}
#   secondary: {{entry: 2027-09-01, opens: 2026-09-01, closes: 2026-10-31, offers: 2027-03-01}}

# term_dates:
#   - name: Autumn term 2026
#     starts: 2026-09-03
#     ends: 2026-12-18
#     half_term: {{starts: 2026-10-26, ends: 2026-10-30}}
"""

NEXT_STEPS = """Next steps for {name}:
  1. Fill in {file}: the website, contacts, admissions dates and term dates.
  2. Import your schools from Get Information about Schools (download 'all establishment data' as CSV):
       guides schools import edubasealldata.csv --authority {slug}
  3. Check the guides and build the sites:
       guides check && guides build --authority {slug}
  4. If this is a fork of Parent Guides, keep every local change inside authorities/{slug}/ (your own
     versions of guides go in authorities/{slug}/guides/, made with: guides override GUIDE --authority {slug}),
     so that updates from the central guides merge without conflicts. `guides status` says when a
     central guide you changed has changed since."""


def la_record(code: int) -> dict:
    with LA_CODES.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if int(row["la_code"]) == code:
                return row
    raise UsageError(f"There is no local authority with code {code} in the list. The codes are the three-digit "
                     "'LA (code)' numbers in Get Information about Schools (Doncaster is 371, Cardiff 681).")


def slug_for(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def new_authority(root: Path, code: int) -> None:
    record = la_record(code)
    if record["nation"] not in ("England", "Wales") or record["status"] != "current":
        raise UsageError(f"{code} is {record['la_name']} ({record['nation']}, {record['status']}): only current English "
                         "and Welsh local authorities can have a site. Look up the current code in Get Information "
                         "about Schools.")
    slug = slug_for(record["la_name"])
    folder = root / "authorities" / slug
    if (folder / "authority.yml").exists():
        raise UsageError(f"authorities/{slug}/authority.yml already exists: nothing was changed.")
    wales = record["nation"] == "Wales"
    text = TEMPLATE.format(name=record["la_name"], code=code, gss=record["ons_gss_code"], nation=record["nation"],
                           slug=slug, languages="en, cy" if wales else "en",
                           send="Additional learning needs (ALN)" if wales else "SEND local offer")
    (folder / "schools").mkdir(parents=True, exist_ok=True)
    (folder / "authority.yml").write_text(text, encoding="utf-8")
    file = relative(folder / "authority.yml", root)
    click.echo(f"Created {file}.\n")
    click.echo(NEXT_STEPS.format(name=record["la_name"], file=file, slug=slug))
