"""Make and update copies of central guides that must track their English source: translations
(`translated_from`) and, later, an authority's local versions (`based_on`). People never have to
handle commit ids by hand: the command records the commit of the English guide for them."""

from __future__ import annotations

import os
import re
from pathlib import Path

import click

from ..errors import UsageError, relative
from ..history import History
from ..languages import is_language, unknown_language
from ..model import Project


def start_translation(project: Project, slug: str, locale: str, up_to_date: bool) -> None:
    if locale == "en" or not re.fullmatch(r"[a-z]{2,3}", locale) or not is_language(locale):
        choices = [lang for lang in project.languages() if lang != "en"]
        raise UsageError(unknown_language(locale, choices, "a language to translate into"))
    target = project.root / "locales" / locale / "guides" / f"{slug}.md"
    _copy_or_update(project, slug, target, "translated_from", up_to_date)


def start_override(project: Project, slug: str, authority: str, up_to_date: bool) -> None:
    local = project.authority(authority)
    _copy_or_update(project, slug, local.folder / "guides" / f"{slug}.md", "based_on", up_to_date)
    others = [lang for lang in local.data.languages if lang != "en"]
    if others and not up_to_date:
        # A council's own version is English only: its other sites show it, marked as untranslated.
        click.echo(f"Note: {local.slug}'s {', '.join(others)} site(s) will show this English version, marked as "
                   "not translated yet, instead of the central translation. Local translations are not "
                   "supported yet: for a guide that must stay in Welsh, change the central guide instead.")


def _copy_or_update(project: Project, slug: str, target: Path, field: str, up_to_date: bool) -> None:
    source = _central(project, slug)
    history = History(project.root)
    commit = history.last_change(source.path)
    if commit is None:
        raise UsageError(f"{relative(source.path, project.root)} has no commit in git yet "
                         f"({history.warning() or 'commit it first'}), so there is nothing to record.")
    shown = relative(target, project.root)
    if up_to_date:
        if not target.exists():
            raise UsageError(f"{shown} does not exist yet. Leave out --up-to-date to start it.")
        text = target.read_text(encoding="utf-8")
        if field == "translated_from" and _body(text) == _body(source.path.read_text(encoding="utf-8")):
            raise UsageError(f"{shown} is still the English guide: its words below the front matter are the same. "
                             "Translate them first, then run this again. (Until then readers see the English "
                             "page, marked as not translated yet.)")
        _write(target, remove_field(set_field(text, field, commit.sha), "draft"))
        click.echo(f"{shown} now records {field}: {commit.short} ({commit.date}, {commit.summary}), and is "
                   "published as done.")
        if field == "translated_from" and not re.search(r"(?m)^reviewed_by:\s*\S", text):
            click.echo("Say who checked it: add 'reviewed_by: <your name>' to its front matter if you speak the "
                       "language and read it all, or 'reviewed_by: machine-assisted' if a computer helped and no "
                       "speaker has checked it yet. Its pages tell readers which.")
        return
    if target.exists():
        raise UsageError(f"{shown} already exists. To record that it is up to date, add --up-to-date.")
    started = set_field(set_field(source.path.read_text(encoding="utf-8"), field, commit.sha), "draft", "true")
    _write(target, started)
    done = f"guides {'translate' if field == 'translated_from' else 'override'} {slug} " + \
        (f"--locale {target.parent.parent.name}" if field == "translated_from" else
         f"--authority {target.parent.parent.name}") + " --up-to-date"
    click.echo(f"Created {shown} from the English guide (commit {commit.short}), as a draft.\n"
               "Now change the words, including the title, summary and key points at the top. "
               "Keep everything inside {{ }} and {% %} as it is.\n"
               f"Until you finish, readers see the English guide. When it is done, run: {done}\n"
               f"When the central guide changes, `guides status` will say so, and "
               f"`guides status --diff` will show what changed.")


def _body(text: str) -> str:
    """A guide's words below its front matter, without the spaces around them."""
    return (text.partition("\n---\n")[2] if text.startswith("---") else text).strip()


def _central(project: Project, slug: str):
    if slug not in project.guides:
        raise UsageError(f"There is no guide called '{slug}' in content/guides. "
                         f"The guides are: {', '.join(sorted(project.guides))}.")
    return project.guides[slug]


def set_field(text: str, field: str, value: str) -> str:
    """Set one `field: value` line in a guide's front matter, leaving every other line as it was."""
    head, _, rest = text.partition("\n")
    front, separator, body = rest.partition("\n---")
    # Quoted: YAML would read a commit id of digits as a number. true stays a yes/no.
    line = f"{field}: {value}" if value == "true" else f'{field}: "{value}"'
    if re.search(rf"^{field}:.*$", front, flags=re.M):
        front = re.sub(rf"^{field}:.*$", line, front, count=1, flags=re.M)
    else:
        front = f"{front}\n{line}" if front else line
    return f"{head}\n{front}{separator}{body}"


def remove_field(text: str, field: str) -> str:
    """Take one `field:` line out of a guide's front matter."""
    head, _, rest = text.partition("\n")
    front, separator, body = rest.partition("\n---")
    front = re.sub(rf"^{field}:.*(\n|$)", "", front, count=1, flags=re.M).rstrip("\n")
    return f"{head}\n{front}{separator}{body}"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
