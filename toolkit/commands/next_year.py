"""`guides authorities next-year`: move an example authority's dates on by one school year.

The example councils' dates (terms, admissions, schools' parents' evenings) are made up, and they
age: a year on, their sites would show only past dates. This moves every date in an example
authority's files, and its schools' files, on a year: admissions dates to the same day (England's
are set by law: 31 October, 1 March...), every other date to the same weekday nearest that day (a
term that starts on a Thursday still does), and the years in term names on by one. Comments and
layout are kept. A real council's dates are its own: they are never moved.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import click
from ..errors import UsageError
from ..model import Project
from .schools import round_trip_yaml

_YEAR = re.compile(r"\b(20\d\d)\b")


def run_next_year(project: Project, slug: str | None) -> None:
    chosen = [project.authority(slug)] if slug else [a for a in project.authorities.values() if a.data.example]
    if slug and not chosen[0].data.example:
        raise UsageError(f"{slug} is a real council (it has no 'example: true'): its dates are its own to set, "
                         "in authorities/" + slug + "/authority.yml.")
    if not chosen:
        click.echo("No authority here is an example (example: true), so no dates were moved.")
        return
    for authority in chosen:
        files = [authority.folder / "authority.yml", *sorted((authority.folder / "schools").glob("*.yml"))]
        moved = sum(_move_file(path) for path in files)
        click.echo(f"{authority.slug}: {moved} date(s) moved on a year, in {len(files)} file(s).")
    click.echo("Check the sites (guides build), then commit the changed files.")


def _move_file(path: Path) -> int:
    yaml = round_trip_yaml()
    data = yaml.load(path.read_text(encoding="utf-8"))
    moved = _move(data)
    if moved:
        temporary = path.with_name(f".{path.name}.tmp")
        with temporary.open("w", encoding="utf-8") as handle:
            yaml.dump(data, handle)
        temporary.replace(path)
    return moved


def _move(node, within: str = "") -> int:
    """Move every date under `node` on a year (in place); count them. Term names get next year's number."""
    moved = 0
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in list(items):
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            node[key] = same_day_next_year(value) if within == "admissions" else same_weekday_next_year(value)
            moved += 1
        elif within == "term_dates" and key == "name":
            node[key] = _next_years(value)
        elif isinstance(value, (dict, list)):
            moved += _move(value, within or (key if key in ("admissions", "term_dates") else ""))
    return moved


def same_day_next_year(day: dt.date) -> dt.date:
    return day.replace(year=day.year + 1, day=28) if (day.month, day.day) == (2, 29) else day.replace(year=day.year + 1)


def same_weekday_next_year(day: dt.date) -> dt.date:
    """The day next year with the same weekday, at most three days from the same date."""
    target = same_day_next_year(day)
    return next(target + dt.timedelta(days=k) for k in (0, -1, 1, -2, 2, -3, 3)
                if (target + dt.timedelta(days=k)).weekday() == day.weekday())


def _next_years(name):
    if isinstance(name, str):
        return type(name)(_YEAR.sub(lambda m: str(int(m.group(1)) + 1), name)) if _YEAR.search(name) else name
    if isinstance(name, dict):  # a name in each language
        for language, text in list(name.items()):
            name[language] = _next_years(text)
    return name
