"""How guides check reads a page: the Markdown the sites use, read by a real parser, each sentence at
its own line; abbreviations and names read as a parent reads them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from support import example_root, run_guides
from toolkit.checks import CheckContext
from toolkit.checks.jargon import undefined_abbreviation
from toolkit.checks.load import load_document
from toolkit.model import load_project
from toolkit.prose import split_sentences
from toolkit.settings import Settings

LONG = "word " * 30  # a sentence of 30 words, which readability.sentence-length reports


def _page(tmp_path: Path, body: str):
    path = tmp_path / "page.md"
    path.write_text(body, encoding="utf-8")
    return load_document(path, tmp_path)


def _sentence_lines(document) -> dict[int, str]:
    return {s.line: s.text for s in document.sentences}


@pytest.mark.parametrize("body,line,kind", [
    ('Intro.\n\n!!! note "A note"\n    Inside the note ' + LONG + ".\n", 4, "paragraph"),
    ("Intro.\n\n- First item.\n- Second item " + LONG + ".\n", 4, "item"),
    ("Intro.\n\n| Time | What |\n|---|---|\n| 9am | A cell " + LONG + ". |\n", 5, "cell"),
    ("Intro.\n\n> A quote " + LONG + ".\n", 3, "paragraph"),
    ("Intro.\n\nA term " + LONG + "\n:   Its meaning.\n", 3, "term"),
    ("A heading " + LONG + "\n==========\n\nText.\n", 1, "heading"),
])
def test_prose_inside_markdown_structures_is_read_at_its_own_line(tmp_path, body, line, kind):
    document = _page(tmp_path, body)
    long = [s for b in document.blocks for s in b.sentences if len(s.words) > 25]
    assert [(s.line, b.kind) for b in document.blocks for s in b.sentences if s in long] == [(line, kind)]


def test_code_html_link_targets_and_template_tags_are_not_prose(tmp_path):
    document = _page(tmp_path, "Read [the page](https://www.example.org/a/very/long/address).\n\n"
                               "```\nsome code here that is long\n```\n\n<div class=\"x\">\n\n"
                               "{% if school %}Ask {{ school.name }}.{% endif %}\n\n</div>\n")
    assert [s.text for s in document.sentences] == ["Read the page.", "Ask Oakfield."]


@pytest.mark.parametrize("text,expected", [
    ("Bring a coat, e.g. a raincoat. Then go in.", ["Bring a coat, e.g. a raincoat.", "Then go in."]),
    ("Ask Dr. Patel. She can help.", ["Ask Dr. Patel.", "She can help."]),
    ("St. Mary's opens at 8.45am. Be on time.", ["St. Mary's opens at 8.45am.", "Be on time."]),
    ("Apply on www.gov.uk. It takes ten minutes.", ["Apply on www.gov.uk.", "It takes ten minutes."]),
    ("Ring 01632 960000. Or email us.", ["Ring 01632 960000.", "Or email us."]),
    ("Ask J. Smith at the office. He knows.", ["Ask J. Smith at the office.", "He knows."]),
    ("Is it free? Yes! Ask now.", ["Is it free?", "Yes!", "Ask now."]),
    ("Bring pens, books etc. Then wait.", ["Bring pens, books etc.", "Then wait."]),
    ("It was about media. 17 kinds were planned.", ["It was about media.", "17 kinds were planned."]),
    ("Ask for form No. 5 at the office.", ["Ask for form No. 5 at the office."]),
    ("Przynieś np. kurtkę. Potem wejdź.", ["Przynieś np. kurtkę.", "Potem wejdź."]),
    ("بچے اسکول جاتے ہیں۔ وہ پڑھتے ہیں۔", ["بچے اسکول جاتے ہیں۔", "وہ پڑھتے ہیں۔"]),
    ("সন্তান স্কুলে যায়। সে পড়ে।", ["সন্তান স্কুলে যায়।", "সে পড়ে।"]),  # Bengali ends a sentence with a danda
    ("ਬੱਚੇ ਸਕੂਲ ਜਾਂਦੇ ਹਨ। ਉਹ ਪੜ੍ਹਦੇ ਹਨ।", ["ਬੱਚੇ ਸਕੂਲ ਜਾਂਦੇ ਹਨ।", "ਉਹ ਪੜ੍ਹਦੇ ਹਨ।"]),  # so does Gurmukhi
])
def test_sentences_end_where_a_reader_would_end_them(text, expected):
    assert [s.text for s in split_sentences(text, 1)] == expected


@pytest.mark.parametrize("text, words", [
    ("বাবা-মায়ের গাইড হলো ছোট লেখা।", 5),  # vowel signs are part of a word, not gaps between words
    ("ਬੱਚੇ ਸਕੂਲ ਜਾਂਦੇ ਹਨ।", 4),
    ("مَدْرَسَة كبيرة", 2),  # an Arabic word written with its vowel marks
])
def test_words_in_scripts_with_vowel_signs_are_counted_whole(text, words):
    assert len(split_sentences(text, 1)[0].words) == words


def test_an_address_before_a_full_stop_keeps_the_stop(tmp_path):
    document = _page(tmp_path, "Go to www.gov.uk/school-admissions. Then fill in the form with your child's details.\n")
    assert [s.line for s in document.sentences] == [1, 1] and len(document.sentences) == 2


@pytest.fixture(scope="module")
def context():

    project = load_project(example_root())
    return CheckContext(Settings(), project.glossary, project, dt.date(2026, 11, 30))


def test_dotted_names_are_not_abbreviations(tmp_path, context):
    document = _page(tmp_path, "You can apply on GOV.UK. In Wales, read gov.wales or NHS.UK for more.\n")
    assert list(undefined_abbreviation(document, context)) == []


def test_an_abbreviation_the_glossary_knows_is_advised_with_its_meaning(tmp_path, context):
    document = _page(tmp_path, "Your child may get an EHCP.\n")
    found = list(undefined_abbreviation(document, context))
    assert found and "like: education, health and care plan (EHCP)" in found[0].message


def test_a_page_too_short_to_measure_gets_no_reading_age(repo):
    path = repo / "content/guides/tiny.md"
    path.write_text("Hello.\n", encoding="utf-8")
    result = run_guides("check", "content/guides/tiny.md", cwd=repo)
    assert "too short to measure (" in result.stdout
    assert "readability.grade" not in result.stdout


def test_one_placeholder_mistake_is_one_finding(repo):
    path = repo / "content/guides/typo.md"
    text = next((repo / "content/guides").glob("*.md")).read_text(encoding="utf-8")
    head = text.split("\n---\n", 1)[0]
    path.write_text(head + "\n---\nWelcome to {{ school.nmae }}.\n", encoding="utf-8")
    result = run_guides("check", "content/guides/typo.md", "--format", "json", cwd=repo)
    errors = [f for f in json.loads(result.stdout) if f["check"] == "template.error"]
    assert len(errors) == 1 and "school.name" in errors[0]["message"]


@pytest.mark.parametrize("locale,flagged,clean", [
    ("pl", "Proszę wypełnić formularz w celu zapisania dziecka.", "Proszę wypełnić formularz, żeby zapisać dziecko."),
    ("cy", "Gellir gofyn am help gan yr ysgol.", "Gallwch chi ofyn am help gan yr ysgol."),
])
def test_plain_words_in_welsh_and_polish(tmp_path, context, locale, flagged, clean):
    from toolkit.checks.jargon import plainer_words

    for text, expected in ((flagged, 1), (clean, 0)):
        folder = tmp_path / locale / "locales" / locale / "guides"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "page.md").write_text(text + "\n", encoding="utf-8")
        document = load_document(folder / "page.md", tmp_path / locale)
        assert len(list(plainer_words(document, context))) == expected, text


@pytest.mark.parametrize("text", [
    "Foster carers and foster children can get help.", "Children in key stage 2 are 7 to 11.",
    "The postman will deliver the parcel.", "Ask the office for more detail.", "Use the Parent Portal.",
    "Bring spare pants in case of accidents.", "Your child can focus better after breakfast.",
])
def test_words_to_avoid_are_left_alone_where_they_are_plain(tmp_path, context, text):
    from toolkit.checks.jargon import plainer_words

    assert list(plainer_words(_page(tmp_path, text + "\n"), context)) == []


def test_every_glossary_word_is_found_when_it_is_not_explained(tmp_path):
    """Whatever the glossaries hold, in every language: each form of each term, used on its own in
    a sentence, is reported (the check finds them all with one pattern: none may be lost in it)."""
    from toolkit.checks import jargon

    project = load_project(example_root())
    for locale in ["en", *sorted(project.translated_glossaries)]:
        glossary = project.glossary_for(locale)
        forms = [w for t in glossary if not t.stands_for and not jargon.ABBREVIATION.fullmatch(t.term)
                 for w in [t.term, *t.also]]
        lines = [f"Today {form} helped us." for form in forms]
        folder = tmp_path / locale
        (folder / "content").mkdir(parents=True)
        page = folder / "content" / "page.md"
        page.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
        document = load_document(page, folder, locale)
        context = CheckContext(Settings(), glossary, project, dt.date(2026, 11, 30))
        found = {f.line for f in jargon.unexplained_term(document, context)}
        terms = {}
        for number, form in enumerate(forms):
            term = next(t.term for t in glossary if form in [t.term, *t.also])
            terms.setdefault(term, []).append(2 * number + 1)
        # Each term is reported once, at its first unexplained use.
        missed = [term for term, lines_of_term in terms.items() if not set(lines_of_term) & found]
        assert not missed, f"{locale}: not found: {missed[:5]}"


LINES = ["Some text here.", "- a list item", "1. a step", "> a quote", "| a | b |", "|---|---|", "```", "~~~",
         "    four spaces in", "\tA tab in", ": a definition", "  ~ another definition", "!!! note \"Note\"",
         "??? tip", "[^1]: A footnote.", "[home]: https://example.org", "<div markdown>", "</div>", "***", "- - -",
         "===", "---", "# A heading", "", "", "Term", "  - nested item", "> : quoted definition", "- : listed one",
         "    * * *", "- ___", "> ---", "  -\t- -  ", "  =", "-", "1. ***", "a well-", "--", "**bold**",
         "Some *stress* here.", "Say _more_ now.", "A `code` span.", "An ![image](a.png).",
         "A [link](https://example.org).", "Tom &amp; Jerry &copy;", "A back\\slash\\", "Two spaces  ",
         "<b>bold</b> text", "<https://example.org>", "A note^[said inline].", "A mark[^1] here.",
         "snake_case_words", "[not a link]", "! [ ^ ` < & *", "One.\r***\rTwo.", "Title\r---\rText."]


def _tokens(tokens) -> list:
    return [(t.type, t.map, t.content, t.markup, _tokens(t.children or [])) for t in tokens]


def test_a_page_is_read_the_same_by_the_parser_without_the_rules_it_has_no_marks_for():
    """The check leaves out the block rules a page has no marks for (no '|', no table): random
    pages of Markdown's marks, and every guide, read the same as by the whole parser."""
    import random

    from toolkit.prose import _parser, _unused_rules

    randomness = random.Random(16)
    pages = ["\n".join(randomness.choice(LINES) for _ in range(randomness.randint(1, 12))) for _ in range(3000)]
    pages += [path.read_text(encoding="utf-8") for path in example_root().glob("**/guides/*.md")]
    left_out = 0
    for page in pages:
        unused = _unused_rules(page)
        left_out += bool(unused)
        assert _tokens(_parser(unused).parse(page)) == _tokens(_parser().parse(page)), page
    assert left_out > len(pages) // 2  # the test tried pages read without some rules
