"""Templates: placeholders that cannot be filled in, found before a build would stop on them.

Each guide is rendered for the first example authority of each nation it serves, without a
school, with its first school, and with a school that has filled in nothing but its name, in the
sandbox the build uses; a misspelt field, a field shown without `{% if %}` that a school may leave
empty, or a broken tag is reported at its line, with the field that was probably meant.
"""

from __future__ import annotations

import datetime as dt

from . import Check, Examples, Finding
from ..errors import GuidesError


def renders(document, context):
    """template.error: a placeholder that cannot be filled in (a misspelt field, a broken tag)."""
    from ..render import Source, make_context, render_text

    project, guide = context.project, document.guide
    if project is None or not project.authorities:
        return
    seen = set()
    for authority in _one_per_nation(project, guide.meta.nations):
        school = next(iter(authority.schools.values()), None)
        for chosen in (None, school, _bare(school)) if school else (None,):
            values = make_context(authority, chosen, document.locale, context.today or dt.date.today(),
                                  {"page_url": "https://example.org/"})
            try:
                render_text(guide.body, values, Source(document.path, guide.body_first_line))
            except GuidesError as error:
                for problem in error.problems:
                    if (problem.line, problem.message) not in seen:
                        seen.add((problem.line, problem.message))
                        yield Finding("template.error", "error", document.path, problem.line or 1, 1,
                                      problem.message, None, document.locale)


def _bare(school):
    """The school with only what every school has: its URN and name."""
    return type(school)(urn=school.urn, name=school.name)


def _one_per_nation(project, nations):
    chosen = {}
    for authority in project.authorities.values():
        if authority.data.nation in nations:
            chosen.setdefault(authority.data.nation, authority)
    return list(chosen.values())


CHECKS = [
    Check("template.error", renders,
          Examples(flag=["---\n---\nWelcome to {{ school.nmae }}."], clean=["---\n---\nWelcome to {{ authority.name }}."]),
          scope="guide"),
]
