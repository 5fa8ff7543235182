"""Every guide reads well for every example authority and school, with or without local details."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from support import example_root
from toolkit.assemble import Site, assemble
from toolkit.model import load_project

REPO = Path(__file__).resolve().parents[1]
PROJECT = load_project(REPO)
TODAY = dt.date(2026, 11, 24)

SITES = [Site(slug, "en") for slug in sorted(PROJECT.authorities)] + [
    Site(slug, "en", urn) for slug, authority in sorted(PROJECT.authorities.items()) for urn in sorted(authority.schools)
]
# Every translation, filled in for each council that offers its language, with and without a school.
TRANSLATED = [Site(slug, lang, school) for slug, authority in sorted(PROJECT.authorities.items())
              for lang in authority.data.languages if lang != "en"
              for school in (None, next(iter(sorted(authority.schools)), None)) if school or school is None]

LEFTOVERS = [
    (re.compile(r"\{\{|\{%|%\}|\}\}"), "a placeholder was not filled in"),
    (re.compile(r"\bNone\b"), "a missing detail printed as 'None'"),
    (re.compile(r"[ \t][.,:;]"), "an empty gap where a detail should be"),
    (re.compile(r",\s*$|:\s*$(?!\n\s*\n?\s*[-*] |\n\s*\n?\s*\d+\. )", re.M), "a sentence that stops short"),
    (re.compile(r"\(\s*\)|\[\s*\]\("), "empty brackets or an empty link"),
]


@pytest.mark.parametrize("site", SITES + TRANSLATED, ids=lambda s: s.name)
def test_every_guide_renders_without_gaps(site):
    pages = assemble(PROJECT, site, TODAY).pages
    guides = [p for p in pages if p.path.startswith("guides/")]
    assert len(guides) >= 3
    for page in guides:
        prose = "\n".join(line for line in page.body.splitlines() if not line.lstrip().startswith("|"))
        for pattern, meaning in LEFTOVERS:
            match = pattern.search(prose)
            assert not match, f"{site.name} {page.path}: {meaning}: ...{prose[max(0, match.start() - 60):match.end() + 20]!r}"
        for point in page.meta["key_points"]:
            assert "{" not in point and "None" not in point


def test_a_guide_uses_the_schools_own_details():
    examples = load_project(example_root())  # the tests' own councils: a fork may have others
    school = assemble(examples, Site("doncaster", "en", 990101), TODAY)
    first_day = next(p for p in school.pages if p.path == "guides/first-day-at-primary-school.md")
    assert "The school day at Millbrook Primary School starts at 8:45am." in first_day.body
    general = assemble(examples, Site("doncaster", "en"), TODAY)
    first_day = next(p for p in general.pages if p.path == "guides/first-day-at-primary-school.md")
    assert "Ask the school office what time the day starts" in first_day.body


def test_the_diplomas_guide_states_the_facts_as_checked():
    """17 Diplomas were planned and 14 taught; the three dropped in June 2010 were science, the
    humanities and languages; a T Level's placement is at least 315 hours, about 45 days
    (shared/FACTS.md rows 7 and 28). Rendered for each English council, as a parent reads it."""
    examples = load_project(example_root())
    england = [slug for slug, a in examples.authorities.items() if a.data.nation == "England"]
    assert england
    for slug in england:
        page = next(p for p in assemble(examples, Site(slug, "en"), TODAY).pages
                    if p.path == "guides/14-19-diplomas.md")
        assert "17 kinds were planned, and 14 were taught." in page.body
        assert "history and languages were dropped" not in page.body and "In June 2010" in page.body
        assert "at least 315 hours at a workplace, about 45 days" in page.body
        assert "at least 45 days" not in page.body


def test_help_with_costs_says_what_is_right_in_each_nation():
    """Uniform: England caps branded items (3, or 4 with a tie); Wales says logos should not be
    compulsory. Free meals: in England some children bring pupil premium (not every child on free
    meals); in Wales registering brings the School Essentials Grant (FACTS.md rows 18-24)."""
    examples = load_project(example_root())
    said = {}
    for slug, authority in examples.authorities.items():
        page = next(p for p in assemble(examples, Site(slug, "en"), TODAY).pages if p.path == "guides/help-with-costs.md")
        said[authority.data.nation] = page.body
    assert {"England", "Wales"} <= set(said)
    assert "no more than 3 things with the school logo" in said["England"] and "pupil premium" in said["England"]
    assert "School Essentials Grant" not in said["England"]
    assert "should not make you buy items with the school logo" in said["Wales"]
    assert "School Essentials Grant" in said["Wales"] and "pupil premium" not in said["Wales"]
    for body in said.values():
        assert "Most items do not need the school badge" not in body


def test_attendance_tells_each_nation_its_own_rules_and_fines():
    """Wales: the head may allow up to 10 days, and penalty notices are £60 or £120 (FACTS.md rows
    15-16); England: £80 or £160 (row 4). No nation is told holidays are "not usually allowed"."""
    examples = load_project(example_root())
    said = {}
    for slug, authority in examples.authorities.items():
        page = next(p for p in assemble(examples, Site(slug, "en"), TODAY).pages
                    if p.path == "guides/attendance-and-absence.md")
        said[authority.data.nation] = page.body
    assert "up to 10 school days" in said["Wales"] and "£60" in said["Wales"] and "£120" in said["Wales"]
    assert "£80" in said["England"] and "£60" not in said["England"]
    assert not any("not usually allowed" in body for body in said.values())


def test_extra_help_gives_wales_its_own_deadlines_and_appeal():
    """Wales: the school decides on ALN within 35 school days, and the Education Tribunal for Wales
    hears appeals (FACTS.md rows 25-26); no key point speaks of the council's deadlines there."""
    examples = load_project(example_root())
    for slug, authority in examples.authorities.items():
        page = next(p for p in assemble(examples, Site(slug, "en"), TODAY).pages
                    if p.path == "guides/extra-help-send-aln.md")
        if authority.data.nation == "Wales":
            assert "within 35 school days" in page.body and "Education Tribunal for Wales" in page.body
        else:
            assert "within 6 weeks" in page.body and "Education Tribunal for Wales" not in page.body
        assert not any("council must keep to its deadlines" in point for point in page.meta["key_points"])


def test_the_glossary_says_what_each_word_means_in_each_nation():
    """The fact-check's glossary findings stay fixed, in every language's glossary: an assistant head
    is not a deputy head, streaming is not setting, key stages are England's, NQT is still Wales's
    word, and no meaning explains a word with itself."""
    for locale, terms in [("en", PROJECT.glossary), *PROJECT.translated_glossaries.items()]:
        by_also = {word: t for t in terms for word in [t.term, *t.also]}
        assert "assistant head" not in by_also, locale
        if "streaming" in by_also and "setting by ability" in by_also:
            assert by_also["streaming"] is not by_also["setting by ability"], locale
        for key_stage in ("KS1", "KS2", "KS3", "KS4"):
            assert by_also[key_stage].nations == ["England"], (locale, key_stage)
        assert not by_also["NQT"].old and "Wales" in by_also["NQT"].nations, locale
    english = {t.term: t for t in PROJECT.glossary}
    assert "who can get one" not in english["free school meals"].meaning
    assert "special needs" not in english["SEND"].meaning and "2023" in english["Welsh Baccalaureate"].meaning


def test_a_welsh_page_lists_no_england_only_source():
    """GOV.UK's pages on the national curriculum, admissions, attendance, complaints and the DfE are
    England's: a Welsh council's pages must not send parents there."""
    england_only = ("gov.uk/national-curriculum", "gov.uk/schools-admissions", "gov.uk/school-attendance-absence",
                    "gov.uk/complain-about-school", "department-for-education")
    examples = load_project(example_root())
    welsh = [slug for slug, a in examples.authorities.items() if a.data.nation == "Wales"]
    assert welsh
    for slug in welsh:
        for language in examples.authorities[slug].data.languages:
            for page in assemble(examples, Site(slug, language), TODAY).pages:
                for source in page.meta.get("sources", []):
                    assert not any(part in source["url"] for part in england_only), (slug, language, page.path, source)


@pytest.mark.parametrize("locale,phrases", [
    ("pl", ["po cichu", "praktyka zawodowa", "praktykę zawodową", "praktyki zawodowe"]),  # "quietly", and "work placement" for apprenticeship
    ("ur", ["چپکے سے", "ہر والدین"]),  # "furtively", and a plural where one parent is meant
])
def test_phrasings_a_native_reader_found_wrong_stay_out(locale, phrases):
    for path in (REPO / "locales" / locale).rglob("*.*"):
        if path.suffix in (".md", ".yml"):
            text = path.read_text(encoding="utf-8")
            assert not [p for p in phrases if p in text], path
