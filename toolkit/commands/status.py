"""`guides status`: which translations and local versions lag their English source, and what is due
for review. `--diff OWNER/SLUG` prints the English changes a translator or council must carry over."""

from __future__ import annotations

import datetime as dt
import json

import click

from .. import clock, freshness
from ..errors import UsageError
from ..history import History
from ..model import Project
from ..assemble import language_name


def run_status(project: Project, locale: str | None, output: str, strict: bool, diff: str | None,
               today: dt.date | None = None) -> int:
    history = History(project.root)
    if history.warning():
        click.echo(f"Warning: {history.warning()}", err=True)
    if diff:
        click.echo(diff_for(project, history, diff), nl=False)
        return 0
    if locale:
        project.require_language(locale)
    locales = [locale] if locale else _all_locales(project)
    copies = freshness.translations(project, history, locales) + freshness.overrides(project, history)
    texts = {locale: freshness.site_text(project, locale) for locale in locales}
    due = review_due(project, today or clock.today())
    if output == "json":
        click.echo(json.dumps(_as_json(copies, texts, due), indent=2, ensure_ascii=False))
    else:
        click.echo(_as_text(copies, texts, due))
        pending = history.uncommitted(project.root / "content" / "guides")
        if pending:
            click.echo(f"Not committed yet: {', '.join(pending)}. guides status compares commits, so these changes "
                       "count once they are committed.")
    behind = [c for c in copies if c.state in (freshness.STALE, freshness.MISSING, freshness.STARTED)]
    incomplete = [t for t in texts.values() if not t.complete]
    return 1 if strict and (behind or incomplete) else 0


def _all_locales(project: Project) -> list[str]:
    """Every language any authority offers or anyone has started translating, except English."""
    offered = {lang for a in project.authorities.values() for lang in a.data.languages}
    return sorted((offered | set(project.translations)) - {"en"})


def review_due(project: Project, today: dt.date) -> list[dict]:
    """Guides whose `reviewed` date plus review interval has passed: their facts may be out of date."""
    return [
        {"guide": g.slug, "reviewed": g.meta.reviewed.isoformat(), "due": g.review_due_on.isoformat()}
        for g in sorted(project.guides.values(), key=lambda g: g.slug)
        if g.review_due_on <= today
    ]


def _as_json(copies: list[freshness.Copy], texts: dict[str, freshness.SiteText], due: list[dict]) -> dict:
    def one(copy: freshness.Copy) -> dict:
        return {
            "kind": copy.kind, "owner": copy.owner, "guide": copy.slug, "state": copy.state,
            "checked_by_a_speaker": copy.checked,
            "path": copy.path and str(copy.path), "recorded": copy.recorded, "reason": copy.reason or None,
            "commits_since": [{"sha": c.sha, "date": c.date.isoformat(), "author": c.author,
                               "summary": c.summary} for c in copy.commits],
        }
    return {
        "translations": [one(c) for c in copies if c.kind == "translation"],
        "overrides": [one(c) for c in copies if c.kind == "override"],
        "site_text": {locale: {"untranslated_strings": t.untranslated, "glossary": t.has_glossary,
                               "about_page": t.has_about}
                      for locale, t in texts.items()},
        "review_due": due,
    }


def _as_text(copies: list[freshness.Copy], texts: dict[str, freshness.SiteText], due: list[dict]) -> str:
    lines = []
    for locale, text in texts.items():
        mine = [c for c in copies if c.kind == "translation" and c.owner == locale]
        counts = {state: sum(c.state == state for c in mine) for state in
                  (freshness.UP_TO_DATE, freshness.STALE, freshness.STARTED, freshness.MISSING, freshness.UNKNOWN)}
        summary = ", ".join(f"{n} {state}" for state, n in counts.items() if n)
        lines.append(f"{language_name(locale)} ({locale}): {summary or 'no guides'}")
        lines.extend(_details(c) for c in mine if c.state != freshness.UP_TO_DATE)
        unchecked = [c.slug for c in mine if c.path and not c.checked]
        if unchecked:  # what a council can send to a community reviewer
            lines.append(f"  unchecked  {len(unchecked)} guide(s) not yet read by a speaker (reviewed_by: "
                         f"machine-assisted): " + ", ".join(unchecked))
        lines.extend(_site_text_details(text))
    overrides = [c for c in copies if c.kind == "override"]
    if overrides:
        lines.append("Local versions of central guides:")
        lines.extend(_details(c) for c in overrides)
    if due:
        lines.append("Due for review (the facts may be out of date):")
        lines.extend(f"  {d['guide']}: last checked {d['reviewed']}, due {d['due']}" for d in due)
    return "\n".join(lines)


def _site_text_details(text: freshness.SiteText) -> list[str]:
    """Interface strings and a glossary not yet translated: the site shows them in English."""
    lines = []
    if text.untranslated:
        lines.append(f"  missing    {len(text.untranslated)} interface string(s) in locales/{text.locale}/ui.yml: "
                     + ", ".join(text.untranslated))
    if not text.has_glossary:
        lines.append(f"  missing    the glossary, locales/{text.locale}/glossary.yml (the site shows the English one)")
    if not text.has_about:
        lines.append(f"  missing    the about page, locales/{text.locale}/about.md (the site shows content/about.md)")
    return lines


def _details(copy: freshness.Copy) -> str:
    text = f"  {copy.state:<10} {copy.name}"
    if copy.state == freshness.STALE:
        text += f"  (the English guide changed in {len(copy.commits)} commit(s) since {copy.recorded[:10]}:"
        text += "".join(f"\n               {c.short} {c.date} {c.author}: {c.summary}" for c in copy.commits)
        text += f"\n             see the changes: guides status --diff {copy.name})"
    elif copy.state in (freshness.UNKNOWN, freshness.STARTED):
        text += f"  ({copy.reason})"
    return text


def diff_for(project: Project, history: History, name: str) -> str:
    """The changes to the English source since the copy `OWNER/SLUG` was made."""
    owner, _, slug = name.partition("/")
    copies = freshness.translations(project, history, [owner]) if owner in project.translations else []
    copies += freshness.overrides(project, history)
    copy = next((c for c in copies if c.owner == owner and c.slug == slug), None)
    if copy is None or copy.path is None:
        raise UsageError(f"There is no translation or local version called '{name}'. "
                         "Write it as LANGUAGE/GUIDE (like cy/parents-evening) or AUTHORITY/GUIDE.")
    if copy.state == freshness.UNKNOWN:
        raise UsageError(f"Cannot show the changes for {name}: {copy.reason}.")
    if copy.state == freshness.UP_TO_DATE:
        return f"{name} is up to date: the English guide has not changed since {copy.recorded[:10]}.\n"
    return history.diff_since(copy.recorded, copy.source) + "\n"
