"""Front matter: facts that are due to be checked again.

Source: GOV.UK content maintenance (review content regularly; 12 months by default) and the NHS
(every page shows when it was last reviewed and when the next review is due).
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


CHECKS = [
    Check("frontmatter.review-due", review_due,
          Examples(flag=["---\nreviewed: 2020-01-01\n---\nText."], clean=["---\nreviewed: 2099-01-01\n---\nText."]),
          scope="guide"),
]
