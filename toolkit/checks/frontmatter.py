"""Front matter: the fields every guide needs, and facts that are due to be checked again.

Sources: GOV.UK content maintenance (review content regularly; 12 months by default) and the NHS
(every page shows when it was last reviewed and when the next review is due); the fields are the
guide's own (CONTRIBUTING.md), each explained here in the words a parent volunteer would use.
"""

from __future__ import annotations


from .. import clock
from . import Check, Examples, Finding


def review_due(document, context):
    """frontmatter.review-due: `reviewed` plus the review interval (12 months) has passed."""
    guide = document.guide
    today = context.today or clock.today()
    due = guide.review_due_on
    if due <= today:
        line = guide.front.line_of(("reviewed",))
        yield Finding("frontmatter.review-due", "warning", document.path, line, 1,
                      f"The facts in this guide were last checked on {guide.meta.reviewed.isoformat()}, and were due "
                      f"to be checked again by {due.isoformat()}. Check them against the sources, then set "
                      f"'reviewed' to today's date.", today.isoformat(), document.locale)


# What each field is, as CONTRIBUTING.md says it.
def front_matter(document, context):
    """frontmatter.invalid: a field a guide needs is missing or not written as it should be; the
    message says what the field is for and how to write it."""
    for line, message in document.front_matter_problems:
        yield Finding("frontmatter.invalid", "error", document.path, line, 1, message, None, document.locale)


def reviewed_by(document, context):
    """frontmatter.reviewed-by: a translation that does not say who checked it. Councils send the
    pages no speaker has read to a community reviewer (`guides status` lists them), and the pages
    say so to their readers: `reviewed_by: <a name>`, or `reviewed_by: machine-assisted`."""
    guide = document.guide
    if document.locale == "en" or guide.meta.reviewed_by:
        return
    line = guide.front.line_of(("translated_from",)) if guide.meta.translated_from else guide.front.line_of(("title",))
    yield Finding("frontmatter.reviewed-by", "warning", document.path, line, 1,
                  "Say who checked this translation: add 'reviewed_by:' with the name of a speaker of the language "
                  "who read it, or 'reviewed_by: machine-assisted' if no speaker has yet.", None, document.locale)


CHECKS = [
    Check("frontmatter.invalid", front_matter,
          Examples(flag=["---\nkey_points: [Bring a coat.]\n---\nText.", "---\nreviewed: someday\n---\nText."],
                   clean=["---\n---\nText."])),
    Check("frontmatter.review-due", review_due,
          Examples(flag=["---\nreviewed: 2020-01-01\n---\nText."], clean=["---\nreviewed: 2099-01-01\n---\nText."]),
          scope="guide"),
    Check("frontmatter.reviewed-by", reviewed_by,
          Examples(flag=["---\n---\nTekst."], clean=["---\nreviewed_by: machine-assisted\n---\nTekst.",
                                                     "---\nreviewed_by: Anna Nowak\n---\nTekst."], locale="pl"),
          scope="guide"),
]
