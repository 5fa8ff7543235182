"""`guides schools import FILE.csv --authority SLUG [--dry-run]`: add or update schools from GIAS.

Only the fields GIAS owns are written; everything a school or council added by hand, and every
comment, stays as it was (ruamel.yaml edits the file in place). The whole extract is read and
every changed file checked before the first one is written, and files are replaced whole, so a
bad extract changes nothing. Importing the same extract twice changes no byte.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import click
import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..errors import DataError, GuidesError, Problem, UnreadableInput, UsageError, relative
from ..importers.gias import GIAS_FIELDS, Extract, extract_authority
from ..model import LocalAuthority, Project
from ..schemas import School
from ..validate import validate
from ..yamlfile import parse_yaml

HEADER = ("# yaml-language-server: $schema=../../../schemas/school.schema.json\n"
          "# Imported from Get Information about Schools (GIAS). A new import updates the fields GIAS holds\n"
          "# (urn to head_teacher, and opening_date or closing_date) and keeps everything else in this file.\n")
LOCAL_HINT = """
# Add this school's own details below (the example schools show every field), for example:
# day_starts: "08:45"
# day_ends: "15:15"
# absence_phone: 01632 960000
# inset_days: [2026-09-02, 2027-01-04]
# A school that sets its own term dates (an academy, say) lists them all; they replace the council's:
# term_dates:
#   - {name: Autumn term 2026, starts: 2026-09-03, ends: 2026-12-18, half_term: {starts: 2026-10-26, ends: 2026-10-30}}
"""


@dataclass
class Change:
    """One school's file before and after the import."""

    path: Path
    urn: int
    name: str
    text: str  # what the file will hold
    old_text: str | None  # None: a new school
    fields: list[tuple[str, object, object]]  # (field, old, new) for each GIAS field that changed
    crlf: bool = False  # the file was saved with Windows line endings: keep them

    @property
    def changed(self) -> bool:
        return self.text != self.old_text


def run_import(project: Project, csv_path: Path, slug: str, dry_run: bool) -> None:
    authority = project.authority(slug)
    extract = extract_authority(csv_path, authority.data.la_code)
    _refuse_empty(csv_path, authority, slug, extract)
    folder = authority.folder / "schools"
    changes = [plan(folder / f"{fields['urn']}.yml", fields) for fields in extract.schools]
    problems = [p for change in changes for p in _check(change, project.root, csv_path, extract)]
    if problems:
        raise UnreadableInput(problems)
    changed = [change for change in changes if change.changed]
    if not dry_run:
        write_all(changed)
    _report(project.root, authority, changes, extract, dry_run)


def _refuse_empty(csv_path: Path, authority: LocalAuthority, slug: str, extract: Extract) -> None:
    if extract.schools:
        return
    data = authority.data
    where = (f"all {len(extract.closed)} of its schools in it are closed" if extract.closed
             else f"none of its {extract.rows_read} rows has LA code {data.la_code}")
    raise UsageError(Problem(csv_path, None, f"there are no open schools of {data.name} (LA code {data.la_code}) in "
                             f"this file: {where}. Check that it is the whole extract for England and Wales, and "
                             f"that la_code in authorities/{slug}/authority.yml is right."))


# --- planning one file ----------------------------------------------------------------------------


def round_trip_yaml() -> YAML:
    yaml = YAML()  # round trip: comments, key order and quoting are kept
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def plan(path: Path, fields: dict) -> Change:
    """What the school's file would hold after the import, without writing anything."""
    raw = _read(path)
    old_text = raw.decode("utf-8-sig").replace("\r\n", "\n") if raw is not None else None
    data = _load(path, old_text) if old_text else CommentedMap()
    edits = []
    for key in GIAS_FIELDS:
        edits += _set(data, key, _keep_corrections(_plain(data.get(key)), fields.get(key)))
    if old_text is not None and not edits:
        text = old_text  # nothing to do: the file is left exactly as it is
    else:
        out = io.StringIO()
        round_trip_yaml().dump(data, out)
        text = out.getvalue() if old_text else HEADER + out.getvalue() + LOCAL_HINT
    return Change(path, fields["urn"], fields["name"], text, old_text, edits, raw is not None and b"\r\n" in raw)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise UnreadableInput(Problem(path, None, f"this school's file cannot be read ({error.strerror}).")) from None


def _load(path: Path, text: str) -> CommentedMap:
    try:
        data = round_trip_yaml().load(text)
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise DataError(Problem(path, mark.line + 1 if mark else None, "this school's file is not valid YAML, "
                                "so the import cannot update it. Fix it and import again.")) from None
    if data is None:
        return CommentedMap()
    if not isinstance(data, CommentedMap):
        raise DataError(Problem(path, 1, "this school's file should be a list of 'field: value' lines."))
    return data


def _set(data: CommentedMap, key: str, new) -> list[tuple[str, object, object]]:
    """Put one GIAS field into the file, keeping the style and comments around it; say what changed."""
    old = data.get(key)
    if _plain(old) == new:
        return []
    if isinstance(new, dict) and isinstance(old, CommentedMap):
        return _set_within(old, key, new)  # keeps a flow style like ages: {low: 4, high: 11}
    if new is None:
        _delete(data, key)
    elif key in data:
        data[key] = _node(new)
    else:
        _insert(data, _position(data, key), key, _node(new))
    return [(key, _plain(old), new)]


def _set_within(old: CommentedMap, key: str, new: dict) -> list[tuple[str, object, object]]:
    edits = []
    for sub in [sub for sub in old if sub not in new]:
        edits.append((f"{key}.{sub}", _plain(old[sub]), None))
        _delete(old, sub)
    for index, (sub, value) in enumerate(new.items()):
        before = _plain(old.get(sub))
        if before == value:
            continue
        edits.append((f"{key}.{sub}", before, value))
        if sub in old:
            old[sub] = _node(value)
        else:
            _insert(old, index, sub, _node(value))
    return edits


def _position(data: CommentedMap, key: str) -> int:
    """Just after the GIAS field that comes before `key`, so the GIAS fields stay together at the top."""
    keys = list(data)
    earlier = [k for k in GIAS_FIELDS[:GIAS_FIELDS.index(key)] if k in data]
    return keys.index(earlier[-1]) + 1 if earlier else 0


# ruamel keeps the blank line and comment lines that follow an entry with that entry. The GIAS block
# ends with such lines (a blank line, the hint): an entry added at its end, or removed from it, must
# hand them on, or new fields land below the hint and the hint goes with a removed field.


def _insert(mapping: CommentedMap, index: int, key: str, value) -> None:
    mapping.insert(index, key, value)
    if index:
        _move_comment_lines(mapping, list(mapping)[index - 1], key)


def _delete(mapping: CommentedMap, key: str) -> None:
    keys = list(mapping)
    index = keys.index(key)
    if index:
        _move_comment_lines(mapping, key, keys[index - 1])
    del mapping[key]


def _move_comment_lines(mapping: CommentedMap, source: str, target: str) -> None:
    """Move the comment lines after `source`'s value to after `target`'s; a comment on the same line
    as a value stays where it is."""
    owner, last = _last_entry(mapping, source)
    entry = owner.ca.items.get(last)
    token = entry[2] if entry and len(entry) > 2 else None
    inline, _, lines = token.value.partition("\n") if token is not None else ("", "", "")
    if not lines:
        return
    if inline:
        token.value = inline + "\n"
    else:
        entry[2] = None
    owner, last = _last_entry(mapping, target)
    entry = owner.ca.items.setdefault(last, [None, None, None, None])
    if entry[2] is not None:
        entry[2].value += lines
    else:
        moved = copy.copy(token)
        moved.value = "\n" + lines
        entry[2] = moved


def _last_entry(mapping: CommentedMap, key: str) -> tuple[CommentedMap, str]:
    """Where ruamel keeps the comment lines after `key`'s value: on the last key of a nested block."""
    value = mapping[key]
    if isinstance(value, CommentedMap) and len(value) and not value.fa.flow_style():
        return _last_entry(value, list(value)[-1])
    return mapping, key


_RESOLVER = pyyaml.resolver.Resolver()


def _node(value):
    """A value as ruamel should write it. The project reads YAML 1.1 (PyYAML) and ruamel writes 1.2:
    text that 1.1 would read as something else (yes, no, on, 1:20) goes in quotes."""
    if isinstance(value, dict):
        return CommentedMap((k, _node(v)) for k, v in value.items())
    if isinstance(value, str) and _RESOLVER.resolve(pyyaml.ScalarNode, value, (True, False)) != "tag:yaml.org,2002:str":
        return DoubleQuotedScalarString(value)
    return value


def _plain(value):
    """ruamel's commented containers and quoted strings as plain values, to compare with imported ones."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _keep_corrections(old, new):
    """GIAS writes letters outside cp1252 (ŵ, ŷ) as '?'. Where the file has the same text with the
    right letters put back by hand, keep the file's: a re-import must not undo the correction."""
    if isinstance(new, dict) and isinstance(old, dict):
        return {key: _keep_corrections(old.get(key), value) for key, value in new.items()}
    if isinstance(new, str) and isinstance(old, str) and "?" in new:
        fixed = unicodedata.normalize("NFC", old)
        if len(fixed) == len(new) and all(o == n or (n == "?" and not _in_cp1252(o)) for o, n in zip(fixed, new)):
            return fixed
    return new


def _in_cp1252(character: str) -> bool:
    try:
        character.encode("cp1252")
        return True
    except UnicodeEncodeError:
        return False


def _check(change: Change, root: Path, csv_path: Path, extract: Extract) -> list[Problem]:
    """Read the planned file as `guides build` will (PyYAML and the School schema)."""
    if not change.changed:
        return []
    shown = relative(change.path, root)
    try:
        _, problems = validate(School, parse_yaml(change.text, shown), shown, "this school's file")
    except GuidesError as error:
        problems = error.problems
    line = extract.lines.get(change.urn)
    return [Problem(csv_path, line, f"{change.urn} {change.name}: after the import, {shown} would not be valid: "
                    f"{p.message}") for p in problems]


# --- writing --------------------------------------------------------------------------------------


def write_all(changes: list[Change]) -> None:
    """Write every file beside its target first, then move each into place: a disk that fills up
    half way leaves the old files, not a mixture."""
    ready = []
    try:
        for change in changes:
            change.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = change.path.with_name(f".{change.path.name}.tmp")
            with temporary.open("w", encoding="utf-8", newline="\r\n" if change.crlf else "\n") as handle:
                handle.write(change.text)
            ready.append((temporary, change.path))
    except OSError as error:
        for temporary, _ in ready:
            temporary.unlink(missing_ok=True)
        raise UnreadableInput(Problem(error.filename or "", None, f"this file cannot be written ({error.strerror}). "
                                      "Nothing was changed.")) from None
    for temporary, path in ready:
        os.replace(temporary, path)


# --- the report -----------------------------------------------------------------------------------


def _report(root: Path, authority: LocalAuthority, changes: list[Change], extract: Extract, dry_run: bool) -> None:
    added = [c for c in changes if c.changed and c.old_text is None]
    updated = [c for c in changes if c.changed and c.old_text is not None]
    for change in added:
        click.echo(f"{'would add' if dry_run else 'added'}    {change.urn} {change.name}")
    for change in updated:
        click.echo(f"{'would update' if dry_run else 'updated'}  {change.urn} {change.name}")
        for key, old, new in change.fields:
            click.echo(f"    {key}: {_show(old)} -> {_show(new)}")
    for warning in extract.warnings:
        click.echo(f"warning: {warning}")
    _report_leftovers(root, authority, changes, extract)
    if extract.proposed_to_open:
        click.echo("Proposed to open (their pages say so): " + "; ".join(extract.proposed_to_open))
    if extract.proposed_to_close:
        click.echo("Proposed to close (their pages say so): " + "; ".join(extract.proposed_to_close))
    click.echo(f"{'Would be' if dry_run else 'Done'}: {len(added)} added, {len(updated)} updated, "
               f"{len(changes) - len(added) - len(updated)} unchanged, {len(extract.closed)} closed skipped, "
               f"{len(extract.proposed_to_open)} proposed to open, {len(extract.proposed_to_close)} proposed to close.")
    if dry_run:
        click.echo("Nothing was written (--dry-run). Run the command again without --dry-run to make these changes.")
    elif not added and not updated:
        click.echo("No changes.")


def _report_leftovers(root: Path, authority: LocalAuthority, changes: list[Change], extract: Extract) -> None:
    """Files the import does not touch but a council should know about: it never deletes local work."""
    imported = {change.urn for change in changes}
    closed = [f"{urn} {extract.closed[urn]}" for urn in sorted(set(extract.closed) & set(authority.schools))]
    if closed:
        folder = relative(authority.folder / "schools", root)
        click.echo(f"Closed in GIAS, but still in {folder}/: {'; '.join(closed)}. "
                   "Delete a school's file if it should no longer be on the site.")
    missing = [f"{s.urn} {s.name}" for s in authority.schools.values()
               if s.urn not in imported and s.urn not in extract.closed and not s.example]
    if missing:
        click.echo(f"Not in this extract, so left as they are: {'; '.join(missing)}.")


def _show(value) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in value.items()) + "}"
    return str(value)
