"""`guides schools import FILE.csv --authority SLUG [--dry-run]`: add or update schools from GIAS.

Only the fields GIAS owns are written; everything a school or council added by hand, and every
comment, stays as it was (ruamel.yaml edits the file in place). The whole extract is read and
every changed file checked before the first one is written, and each file is replaced whole, so a
bad extract changes nothing. Importing the same extract twice changes no byte.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path

import click
from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from ..errors import Problem, UsageError, relative
from ..importers.gias import GIAS_FIELDS, extract_authority
from ..model import Project
from ..schemas import School

HEADER = ("# yaml-language-server: $schema=../../../schemas/school.schema.json\n"
          "# Imported from Get Information about Schools (GIAS). A new import updates the GIAS fields\n"
          "# (urn to head_teacher) and leaves everything else in this file as it is.\n")
LOCAL_HINT = ("\n# Add this school's own details below, for example:\n"
              "# day_starts: \"08:45\"\n# day_ends: \"15:15\"\n# absence_phone: ...\n")


@dataclass
class Change:
    path: Path
    text: str
    old_text: str | None
    fields: list[tuple[str, object, object]]  # (field, old, new)


def _yaml() -> YAML:
    yaml = YAML()  # round trip: comments, order and styles are kept
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def run_import(project: Project, csv_path: Path, slug: str, dry_run: bool) -> None:
    authority = project.authority(slug)
    code = authority.data.la_code
    extract = extract_authority(csv_path, code)
    if not extract.schools:
        raise UsageError(Problem(csv_path, None,
                                 f"there are no open schools with LA code {code} ({authority.data.name}) in this file "
                                 f"({extract.rows_read} rows read, {extract.closed} closed). Check that it is the "
                                 f"right extract, and the la_code in authorities/{slug}/authority.yml."))
    folder = authority.folder / "schools"
    changes = [plan(folder / f"{fields['urn']}.yml", fields) for fields in extract.schools]
    problems = [p for change in changes for p in _validate(change, project.root)]
    if problems:
        raise UsageError(problems)
    changed = [c for c in changes if c.text != c.old_text]
    if not dry_run:
        for change in changed:
            _write(change.path, change.text)
    _report(project.root, changes, changed, extract, dry_run)


def plan(path: Path, fields: dict) -> Change:
    """What the school's file would hold after the import, without writing anything."""
    yaml = _yaml()
    old_text = path.read_text(encoding="utf-8") if path.exists() else None
    data = yaml.load(old_text) if old_text else None
    if not isinstance(data, CommentedMap):
        data = CommentedMap()
    edits = []
    for position, key in enumerate(GIAS_FIELDS):
        new = fields.get(key)
        old = data.get(key)
        if _plain(old) == new:
            continue
        edits.append((key, _plain(old), new))
        if new is None:
            del data[key]
        elif key in data:
            data[key] = new
        else:
            data.insert(min(position, len(data)), key, new)
    out = io.StringIO()
    yaml.dump(data, out)
    text = out.getvalue() if old_text else HEADER + out.getvalue() + LOCAL_HINT
    return Change(path, text if edits or not old_text else old_text, old_text, edits)


def _plain(value):
    """ruamel's commented containers as plain dicts and lists, to compare with imported values."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _validate(change: Change, root: Path) -> list[Problem]:
    try:
        School.model_validate(_plain(_yaml().load(change.text)))
    except ValidationError as error:
        return [Problem(relative(change.path, root), None, f"after the import this file would not be valid: "
                        f"{e['loc']}: {e['msg']}") for e in error.errors()]
    return []


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _report(root: Path, changes: list[Change], changed: list[Change], extract, dry_run: bool) -> None:
    added = [c for c in changed if c.old_text is None]
    updated = [c for c in changed if c.old_text is not None]
    verb = "would be" if dry_run else "were"
    for change in added:
        click.echo(f"  new      {relative(change.path, root)}")
    for change in updated:
        click.echo(f"  changed  {relative(change.path, root)}")
        for key, old, new in change.fields:
            click.echo(f"             {key}: {old!r} -> {new!r}")
    click.echo(f"{len(added)} school(s) {verb} added, {len(updated)} updated, "
               f"{len(changes) - len(changed)} unchanged; {extract.closed} closed school(s) skipped.")
    if extract.proposed:
        click.echo("Proposed to open or close (kept, and marked on their pages): " + "; ".join(extract.proposed))
    if dry_run:
        click.echo("Nothing was written (--dry-run).")
    elif not changed:
        click.echo("No changes.")
