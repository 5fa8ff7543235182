"""Load the whole repository: guides, translations, authorities, schools, glossary, interface text.

Every file is read and validated before anything is reported, so a volunteer sees every problem in
one go (as mkdocs does with its config), then `load_project` raises one DataError.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from . import facts, theme_words, uitext
from .errors import DataError, GuidesError, Problem, UnreadableInput, UsageError, relative
from .files import URN, name_problem, not_own_file, not_own_files, shown_name
from .languages import is_language, unknown_language
from .schemas import GUIDE_FIELD_HELP, Authority, Facts, Glossary, GlossaryTerm, GuideMeta, School
from .validate import validate
from .yamlfile import FrontMatterDoc, YamlDoc, load_yaml_file, read_text, split_front_matter

DEFAULT_LOCALE = "en"


@dataclass
class Guide:
    slug: str
    path: Path
    locale: str
    meta: GuideMeta
    front: YamlDoc
    body: str
    body_first_line: int

    @property
    def review_due_on(self) -> dt.date:
        """The day this guide's facts should be checked again: `reviewed` plus the review interval."""
        reviewed, months = self.meta.reviewed, self.meta.review_interval_months
        index = reviewed.month - 1 + months
        year, month = reviewed.year + index // 12, index % 12 + 1
        return dt.date(year, month, min(reviewed.day, calendar.monthrange(year, month)[1]))


@dataclass
class LocalAuthority:
    slug: str
    folder: Path
    data: Authority
    schools: dict[int, School] = field(default_factory=dict)
    overrides: dict[str, Guide] = field(default_factory=dict)
    facts: dict = field(default_factory=dict)  # the facts of its nation, by name (see facts.py)


@dataclass
class Project:
    root: Path
    guides: dict[str, Guide]
    translations: dict[str, dict[str, Guide]]
    authorities: dict[str, LocalAuthority]
    glossary: list[GlossaryTerm]
    ui: dict[str, dict[str, str]]
    translated_glossaries: dict[str, list[GlossaryTerm]] = field(default_factory=dict)
    facts: dict[str, dict] = field(default_factory=dict)  # "all", "England", "Wales" -> name -> Fact
    glossary_reviewers: dict[str, str | None] = field(default_factory=dict)  # locale -> reviewed_by

    def authority(self, slug: str) -> LocalAuthority:
        if slug not in self.authorities:
            known = ", ".join(sorted(self.authorities)) or "none yet"
            raise UsageError(f"There is no authority called '{slug}' in authorities/. The ones here are: {known}.")
        return self.authorities[slug]

    def glossary_for(self, locale: str) -> list[GlossaryTerm]:
        """The glossary in `locale`, or the English one while it is not translated."""
        return self.translated_glossaries.get(locale) or self.glossary

    def languages(self) -> list[str]:
        """Every language of the project: English, those with a locales/ folder, and those offered."""
        offered = {lang for a in self.authorities.values() for lang in a.data.languages}
        return sorted({DEFAULT_LOCALE, *self.translations, *offered})

    def require_language(self, locale: str) -> None:
        """A --locale that is not one of the project's languages is a mistake to name, not a traceback."""
        if locale not in self.languages():
            raise UsageError(unknown_language(locale, self.languages()))

    def ui_text(self, locale: str) -> dict[str, str]:
        """Interface strings in `locale`, falling back to English for any not translated yet."""
        return {**self.ui.get(DEFAULT_LOCALE, {}), **self.ui.get(locale, {})}


def find_root(start: Path | None = None) -> Path:
    """The repository root: the nearest folder above `start` that has content/guides."""
    start = (start or Path.cwd()).resolve()
    for folder in [start, *start.parents]:
        if (folder / "content" / "guides").is_dir():
            return folder
    raise UsageError(
        f"No Parent Guides repository found in {start} or above it (looked for content/guides). "
        "Run the command inside your copy of the repository."
    )


class _Collector:
    """Reads files, keeping every problem instead of stopping at the first."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []
        self.wrong_language = False  # a language code that is a typo: the command cannot go on (exit 2)
        self.skip_guides = False
        self.known_languages = [DEFAULT_LOCALE]  # the project's languages, for a typo's message

    def shown(self, path: Path) -> str:
        return relative(path, self.root)

    def model(self, model, doc: YamlDoc, path: Path, what: str, field_help: dict | None = None):
        instance, problems = validate(model, doc, self.shown(path), what, field_help)
        self.problems.extend(problems)
        return instance

    def yaml(self, path: Path) -> YamlDoc | None:
        try:
            return load_yaml_file(path)
        except GuidesError as error:
            self.problems.extend(_shown(error.problems, self.shown(path)))
            return None

    def named(self, path: Path, name: str, what: str, example: str) -> bool:
        """False (and a problem) when `name` cannot be used as a web address and file name."""
        problem = name_problem(name, what, example)
        if problem:
            self.problems.append(Problem(self.shown(path), None, problem))
        return problem is None

    def language(self, path: Path, code: str, line: int | None = None) -> bool:
        """False (and a problem) when `code` is not a language code that babel knows."""
        if is_language(code):
            return True
        fix = " Correct it." if line else " Rename the folder, or remove it."
        self.problems.append(Problem(self.shown(path), line, unknown_language(code, self.known_languages) + fix))
        self.wrong_language = True
        return False

    def guide(self, path: Path, locale: str) -> Guide | None:
        if not self.named(path, path.stem, "a guide's name", "starting-school") or self.skip_guides:
            return None
        try:
            doc: FrontMatterDoc = split_front_matter(read_text(path), path)
        except GuidesError as error:
            self.problems.extend(_shown(error.problems, self.shown(path)))
            return None
        meta = self.model(GuideMeta, doc.meta, path, "the front matter", GUIDE_FIELD_HELP)
        if not doc.body.strip():
            self.problems.append(Problem(self.shown(path), doc.body_first_line - 1, "this guide has no text after its "
                                         "front matter, so its page would be empty. Write the guide below this line."))
            return None
        if meta is None:
            return None
        return Guide(path.stem, path, locale, meta, doc.meta, doc.body, doc.body_first_line)


def _shown(problems: list[Problem], shown_path: str) -> list[Problem]:
    return [Problem(shown_path, p.line, p.message) for p in problems]


def load_project(root: Path, with_guides: bool = True, only_authorities: Collection[str] | None = None) -> Project:
    """Load and validate everything under `root`; raise one DataError listing every problem.

    Without guides (for `guides check`, which reads each guide itself and reports its problems as
    findings beside its prose), only the data files, glossaries and interface text are read.
    With `only_authorities`, only those authorities' folders are read (see add_authority)."""
    strangers = not_own_files(root) or theme_words.problems(root)
    if strangers:  # before anything is read: a link may point at the build machine's secrets
        raise DataError(strangers)
    reader = _Collector(root)
    reader.skip_guides = not with_guides
    guides = _load_guides(reader, root / "content" / "guides", DEFAULT_LOCALE)
    # Each language's folder is checked once here; its guides, glossary and interface text follow.
    languages = [folder for folder in sorted((root / "locales").glob("*")) if folder.is_dir()]
    reader.known_languages = [DEFAULT_LOCALE, *(f.name for f in languages if is_language(f.name))]
    languages = [folder for folder in languages if reader.named(folder, folder.name, "a language's folder name", "cy")
                 and reader.language(folder, folder.name)]
    translations = {folder.name: _load_guides(reader, folder / "guides", folder.name) for folder in languages}
    authorities = {}
    for folder in sorted((root / "authorities").glob("*")):
        if only_authorities is not None and folder.name not in only_authorities:
            continue
        if (folder / "authority.yml").is_file() and reader.named(folder, folder.name, "an authority's folder name",
                                                                 "doncaster"):
            authority = _load_authority(reader, folder)
            if authority is not None:
                authorities[folder.name] = authority
    glossary = _load_glossary(reader, root / "content" / "glossary.yml")
    reviewers: dict[str, str | None] = {}
    translated_glossaries = {folder.name: _load_glossary(reader, folder / "glossary.yml", reviewers, folder.name)
                             for folder in languages if (folder / "glossary.yml").is_file()}
    ui = _load_ui(reader, root, languages)
    _read_about_pages(reader, root, languages)
    known_facts = _load_facts(reader, root / "content" / "facts")
    if reader.problems:
        raise (UnreadableInput if reader.wrong_language else DataError)(reader.problems)
    for authority in authorities.values():
        authority.facts = facts.for_nation(known_facts, authority.data.nation)
    return Project(root, guides, translations, authorities, glossary, ui, translated_glossaries, known_facts,
                   reviewers)


def add_authority(project: Project, slug: str) -> LocalAuthority:
    """Read one more authority into a project loaded without it. A build worker reads only the
    authorities of the sites it is given: a national set has 20,000 school files, and each takes
    a millisecond to read."""
    if slug not in project.authorities:
        reader = _Collector(project.root)
        reader.known_languages = [DEFAULT_LOCALE, *project.translations]
        authority = _load_authority(reader, project.root / "authorities" / slug)
        if reader.problems or authority is None:
            raise (UnreadableInput if reader.wrong_language else DataError)(reader.problems)
        authority.facts = facts.for_nation(project.facts, authority.data.nation)
        project.authorities[slug] = authority
    return project.authorities[slug]


def _load_guides(reader: _Collector, folder: Path, locale: str) -> dict[str, Guide]:
    guides = {}
    for path in sorted(folder.glob("*.md")):
        guide = reader.guide(path, locale)
        if guide is not None:
            guides[guide.slug] = guide
    return guides


def _load_authority(reader: _Collector, folder: Path) -> LocalAuthority | None:
    path = folder / "authority.yml"
    doc = reader.yaml(path)
    data = doc and reader.model(Authority, doc, path, "authority.yml")
    schools = {}
    for school_path in sorted((folder / "schools").glob("*.yml")):
        _read_school(reader, school_path, schools)
    overrides = _load_guides(reader, folder / "guides", DEFAULT_LOCALE)
    if data is None:
        return None
    for index, code in enumerate(data.languages):
        reader.language(path, code, doc.line_of(("languages", index)))
    return LocalAuthority(folder.name, folder, data, schools, overrides)


def _read_school(reader: _Collector, path: Path, schools: dict[int, School]) -> None:
    if not URN.fullmatch(path.stem):
        reader.problems.append(Problem(reader.shown(path), None, f"{shown_name(path.stem)} is not "
                                       "a URN: a school's file is named by its URN, like 990101.yml. Rename it."))
        return
    doc = reader.yaml(path)
    school = doc and reader.model(School, doc, path, "this school's file")
    if school is None:
        return
    if path.stem != str(school.urn):
        reader.problems.append(Problem(reader.shown(path), doc.line_of(("urn",)),
                                       f"the file name should be the school's URN: rename it to {school.urn}.yml."))
    schools[school.urn] = school


def reread_schools(project: Project, paths: Collection[Path]) -> None:
    """Read again the school files `paths` (changed, added or removed) of the authorities the project
    has read, and nothing else: `guides build --watch` after a school's file is saved. Raises
    DataError as load_project would, with the project then part read (read it all again)."""
    reader = _Collector(project.root)
    reader.known_languages = [DEFAULT_LOCALE, *project.translations]
    for path in sorted(paths):
        authority = project.authorities.get(path.parent.parent.name)
        if authority is None:
            continue
        schools = {urn: school for urn, school in authority.schools.items() if str(urn) != path.stem}
        if os.path.lexists(path):
            reader.problems += not_own_file(project.root, path)
            if not reader.problems:
                _read_school(reader, path, schools)
        authority.schools = dict(sorted(schools.items()))  # in the order load_project reads them
    if reader.problems:
        raise (UnreadableInput if reader.wrong_language else DataError)(reader.problems)


def _load_glossary(reader: _Collector, path: Path, reviewers: dict | None = None,
                   locale: str = DEFAULT_LOCALE) -> list[GlossaryTerm]:
    if not path.is_file():
        return []
    doc = reader.yaml(path)
    glossary = doc and reader.model(Glossary, doc, path, "the glossary")
    if glossary and reviewers is not None:
        reviewers[locale] = glossary.reviewed_by
    return glossary.terms if glossary else []


def _load_facts(reader: _Collector, folder: Path) -> dict[str, dict]:
    """content/facts/<nation>.yml: each nation's facts that change, and those both share."""
    known = {}
    for nation, name in facts.FILES.items():
        path = folder / name
        if path.is_file():
            doc = reader.yaml(path)
            loaded = doc and reader.model(Facts, doc, path, "the facts")
            known[nation] = loaded.facts if loaded else {}
    return known


def _read_about_pages(reader: _Collector, root: Path, languages: list[Path]) -> None:
    """content/about.md and its translations are read by each build as they are (sitepages.about_page):
    a file that cannot be read (its encoding, its size) is said here, with the others."""
    for path in [root / "content" / "about.md", *(folder / "about.md" for folder in languages)]:
        if path.exists() or path.is_symlink():
            try:
                read_text(path)
            except GuidesError as error:
                reader.problems.extend(_shown(error.problems, reader.shown(path)))


UI_LINES = ("ui.yml should be 'key: text' lines only: a key is a word (like key_points), and its text is in quotes "
            "if it looks like a number or a date.")


def _load_ui(reader: _Collector, root: Path, languages: list[Path]) -> dict[str, dict[str, str]]:
    """Interface text: content/ui.yml in English, locales/<lang>/ui.yml for the others."""
    files = {DEFAULT_LOCALE: root / "content" / "ui.yml"}
    files.update({folder.name: folder / "ui.yml" for folder in languages})
    ui = {}
    for locale, path in files.items():
        if not path.is_file():
            continue
        doc = reader.yaml(path)
        if doc is None:
            continue
        if not isinstance(doc.data, dict):
            reader.problems.append(Problem(reader.shown(path), 1, UI_LINES))
            continue
        odd = next((key for key, text in doc.data.items() if not isinstance(key, str) or not isinstance(text, str)),
                   None)
        if odd is not None:
            reader.problems.append(Problem(reader.shown(path), doc.line_of((odd,)), UI_LINES))
            continue
        for key, text in doc.data.items():
            problem = uitext.placeholder_problem(key, text)
            if problem:
                reader.problems.append(Problem(reader.shown(path), doc.line_of((key,)), f"'{key}': {problem}"))
        missing = sorted(uitext.REQUIRED - set(doc.data)) if locale == DEFAULT_LOCALE else []
        if missing:
            reader.problems.append(Problem(reader.shown(path), None, f"the sites need these words, which are missing: "
                                           f"{', '.join(missing)}. Put them back (git log -p {reader.shown(path)} "
                                           "shows what they were)."))
        ui[locale] = doc.data
    return ui
