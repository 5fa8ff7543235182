"""Readability: reading age, sentence length and paragraph length.

Sources: GOV.UK content design (write for a reading age of 9; sentences of 25 words or fewer);
NHS content style guide (reading age 9 to 11; short paragraphs). Flesch-Kincaid grade comes from
textstat; reading age is grade + 5 (a rough UK equivalent).
"""

from __future__ import annotations

from . import Check, Examples, Finding
from ..textmeasure import formula_for, language_name, reading_grade


def grade(document, context):
    """readability.grade: the page's reading age from textstat (GOV.UK: 9): Flesch-Kincaid grade,
    or FOG-PL for Polish (Pisarek), plus 5."""
    limits = context.settings.limits(document.locale)
    grade_value = reading_grade(document.text(), document.locale)
    if grade_value is None:
        return
    age = round(grade_value + 5, 1)  # compared as shown: "about 11.0" is not over 11
    severity = "error" if age > limits.reading_age_error else "warning" if age > limits.reading_age_warning else None
    if severity:
        line = document.sentences[0].line if document.sentences else 1
        yield Finding("readability.grade", severity, document.path, line, 1,
                      f"This page has a reading age of about {age:.1f} ({formula_for(document.locale)[1]} "
                      f"{grade_value:.1f}). "
                      f"Aim for {limits.reading_age_warning:g} or under: use shorter sentences and everyday words.",
                      None, document.locale)


def sentence_length(document, context):
    """readability.sentence-length: sentences over 25 words (GOV.UK; NHS)."""
    limits = context.settings.limits(document.locale)
    for sentence in document.sentences:
        if (len(sentence.text) + 1) // 2 <= limits.sentence_warning:
            continue  # too short to hold that many words: each needs a letter and a space
        count = len(sentence.words)
        if count > limits.sentence_warning:
            severity = "error" if count > limits.sentence_error else "warning"
            yield Finding("readability.sentence-length", severity, document.path, sentence.line, sentence.column,
                          f"This sentence has {count} words. Try to keep sentences to {limits.sentence_warning} "
                          "words or fewer: split it where you would take a breath.",
                          None, document.locale)


def paragraph_length(document, context):
    """readability.paragraph-length: paragraphs of more than 5 sentences (NHS; GOV.UK)."""
    limit = context.settings.limits(document.locale).paragraph_sentences
    for block in document.blocks:
        if block.kind == "paragraph" and len(block.sentences) > limit:
            first = block.sentences[0]
            yield Finding("readability.paragraph-length", "warning", document.path, first.line, first.column,
                          f"This paragraph has {len(block.sentences)} sentences. Try {limit} or fewer: "
                          "start a new paragraph, or make a list.", None, document.locale)


LONG = ("When you go to the school for the very first time with your child you should remember to bring "
        "the forms, a coat, a water bottle and the lunch money that the office asked for in the letter.")
HARD = ("Educational institutions frequently communicate organisational information through sophisticated "
        "administrative correspondence. Consequently, unfamiliar terminology intimidates parents considerably.")

CHECKS = [
    Check("readability.grade", grade, Examples(flag=[HARD * 3], clean=["Take a coat. Bring a drink. Say goodbye and go."])),
    Check("readability.sentence-length", sentence_length,
          Examples(flag=[LONG], clean=["Bring the forms and a coat. The office will tell you about lunch money."])),
    Check("readability.paragraph-length", paragraph_length,
          Examples(flag=["One. Two. Three. Four. Five. Six."],
                   clean=["One. Two. Three.\n\nFour. Five. Six."])),
]

__all__ = ["CHECKS", "language_name"]
