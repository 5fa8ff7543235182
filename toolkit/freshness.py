"""Is a translation (or a local override) still in step with the English guide it came from?

A copy records the commit of the source it was made from (`translated_from`, or `based_on` for an
authority's override). If the source changed in a later commit, the copy is stale: parents may be
reading last year's advice. One mechanism serves translations and overrides alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .history import Commit, History
from .model import Guide, Project

UP_TO_DATE, STALE, MISSING, UNKNOWN = "up to date", "stale", "missing", "unknown"
STARTED = "started"  # a draft: made by `guides translate` or `guides override`, not yet recorded done


MACHINE_ASSISTED = "machine-assisted"


def checked_by_a_speaker(guide) -> bool:
    """False for a translation that no speaker of its language has read yet."""
    return (guide.meta.reviewed_by or MACHINE_ASSISTED) != MACHINE_ASSISTED


@dataclass
class Copy:
    """One translation or override, compared with its English source."""

    kind: str  # "translation" or "override"
    owner: str  # the locale or the authority slug
    slug: str
    source: Path
    path: Path | None
    recorded: str | None
    state: str
    commits: list[Commit] = field(default_factory=list)
    reason: str = ""
    checked: bool = True  # a translation: read by a speaker of its language (reviewed_by: a name)

    @property
    def name(self) -> str:
        return f"{self.owner}/{self.slug}"


def compare(kind: str, owner: str, source: Guide, copy: Guide | None, history: History) -> Copy:
    recorded = None if copy is None else (copy.meta.translated_from if kind == "translation" else copy.meta.based_on)
    result = Copy(kind, owner, source.slug, source.path, copy and copy.path, recorded, UP_TO_DATE)
    result.checked = copy is None or kind != "translation" or checked_by_a_speaker(copy)
    field_name = "translated_from" if kind == "translation" else "based_on"
    if copy is None:
        result.state = MISSING
    elif copy.meta.draft:
        done = "guides translate" if kind == "translation" else "guides override"
        result.state, result.reason = STARTED, f"not finished yet: when it is, run `{done} ... --up-to-date`"
    elif not recorded:
        result.state, result.reason = UNKNOWN, f"it does not record `{field_name}`, the commit it was made from"
    elif history.warning():
        result.state, result.reason = UNKNOWN, "the git history is not available here"
    elif not history.knows(recorded):
        result.state, result.reason = UNKNOWN, f"`{field_name}: {recorded}` is not a commit in this repository"
    else:
        result.commits = list(history.changes_since(recorded, source.path))
        result.state = STALE if result.commits else UP_TO_DATE
    return result


def translations(project: Project, history: History, locales: list[str] | None = None) -> list[Copy]:
    """Every central guide in every language: translated, stale, missing or unknown."""
    locales = locales or sorted(project.translations)
    return [
        compare("translation", locale, guide, project.translations.get(locale, {}).get(slug), history)
        for locale in locales
        for slug, guide in sorted(project.guides.items())
        if _read_in(project, locale, guide)
    ]


def _read_in(project: Project, locale: str, guide: Guide) -> bool:
    """Whether a site in `locale` shows this guide: an England-only guide is not needed in Welsh."""
    nations = {a.data.nation for a in project.authorities.values() if locale in a.data.languages}
    return not nations or bool(nations & set(guide.meta.nations))


def overrides(project: Project, history: History) -> list[Copy]:
    """Every authority's local version of a central guide (local-only guides have nothing to track)."""
    return [
        compare("override", authority.slug, project.guides[slug], guide, history)
        for authority in project.authorities.values()
        for slug, guide in sorted(authority.overrides.items())
        if slug in project.guides
    ]


def by_file(copies: list[Copy]) -> dict[Path, Copy]:
    return {c.path.resolve(): c for c in copies if c.path is not None}


def stale_paths(project: Project, history: History) -> frozenset[Path]:
    """The translation files whose English guide changed since they were made."""
    return frozenset(c.path.resolve() for c in translations(project, history) if c.state == STALE)


@dataclass
class SiteText:
    """A language's interface strings, glossary and about page: what is not translated yet shows in English."""

    locale: str
    untranslated: list[str]  # keys of content/ui.yml missing from locales/<locale>/ui.yml
    has_glossary: bool
    has_about: bool  # locales/<locale>/about.md, where content/about.md exists

    @property
    def complete(self) -> bool:
        return not self.untranslated and self.has_glossary and self.has_about


def site_text(project: Project, locale: str) -> SiteText:
    english, translated = project.ui.get("en", {}), project.ui.get(locale, {})
    needs_about = (project.root / "content/about.md").is_file()
    return SiteText(locale, [key for key in english if key not in translated],
                    locale in project.translated_glossaries,
                    not needs_about or (project.root / "locales" / locale / "about.md").is_file())
