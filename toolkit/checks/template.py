"""Templates: placeholders that cannot be filled in, found before a build would stop on them.

Each guide is rendered for the first example authority of each nation it serves, without a
school, with its first school, and with a school that has filled in nothing but its name, in the
sandbox the build uses; a misspelt field, a field shown without `{% if %}` that a school may leave
empty, or a broken tag is reported at its line, with the field that was probably meant. So is the
about page (content/about.md and its translations), which every site renders the same way.
"""

from __future__ import annotations

from pathlib import Path

from .. import clock, limits
from . import Check, Examples, Finding
from ..errors import Problem, TemplateTooBig


def renders(document, context):
    """template.error: a placeholder that cannot be filled in (a misspelt field, a broken tag)."""
    return [f for f in _findings(document, context) if f.check == "template.error"]


def too_big(document, context):
    """template.too-big: a template that would run too long, nest too deep or make too much text
    for a page (a loop of a billion turns, 'x' * 10**10): the bounds are in limits.py."""
    return [f for f in _findings(document, context) if f.check == "template.too-big"]


def _findings(document, context) -> list[Finding]:
    """Both checks' findings, from one set of renders per page (kept on the document)."""
    if "template" not in document.worked_out:
        document.worked_out["template"] = list(_render_findings(document, context))
    return document.worked_out["template"]


def _render_findings(document, context):
    project, guide = context.project, document.guide
    if project is None or not project.authorities or (guide is None and not is_about_page(document.path)):
        return  # a page the build does not render, such as CONTRIBUTING.md
    found: dict[int, tuple[str, list[str]]] = {}  # line -> (check, its distinct messages)
    parts = _parts(document, guide)
    nations = guide.meta.nations if guide else sorted({a.data.nation for a in project.authorities.values()})
    for values in _contexts(document, context, nations):
        too_big = False
        for error in _render_all(parts, values, context.cache):
            check = "template.too-big" if isinstance(error, TemplateTooBig) else "template.error"
            for problem in error.problems:
                messages = found.setdefault(problem.line or 1, (check, []))[1]
                if problem.message not in messages:
                    messages.append(problem.message)
            too_big = too_big or isinstance(error, TemplateTooBig)
        if too_big:
            break  # once is enough: trying it again would only make the check slow
    # One finding a line: the same mistake fails for every school tried, and where the advice
    # differs (no school on an authority's site; a school that left the field empty), both are given.
    for line, (check, messages) in sorted(found.items()):
        yield Finding(check, "error", document.path, line, 1, " Also: ".join(messages), None, document.locale)


def is_about_page(path: str) -> bool:
    """content/about.md, or its translation locales/<language>/about.md (sitepages.about_page)."""
    parts = Path(path).parts
    return parts == ("content", "about.md") or (len(parts) == 3 and parts[0] == "locales" and parts[2] == "about.md")


def _contexts(document, context, nations):
    """The contexts a page is tried in: the first authority of each of `nations`, without a
    school, with its first school, and with a school that has filled in nothing but its name. The
    same few serve every page of a run, so they are made once (a tenth of the check's time)."""
    from ..render import make_context

    today = context.today or clock.today()
    for authority in _one_per_nation(context.project, nations):
        school = next(iter(authority.schools.values()), None)
        for kind in ("none", "first", "bare") if school else ("none",):
            key = ("template-context", authority.slug, kind, document.locale, today)
            if key not in context.cache:
                chosen = None if kind == "none" else school if kind == "first" else _bare(school)
                context.cache[key] = make_context(authority, chosen, document.locale, today,
                                                  {"page_url": "https://example.org/"},
                                                  ui=context.project.ui_text(document.locale))
            yield context.cache[key]


def _parts(document, guide):
    """Every part of the guide a build renders: its body, and the front matter values with
    placeholders (title, summary, key points, text message), each as (text, its skeleton, where it
    is, plain). The skeleton is the key to the answers shared between pages (see _render_errors)."""
    from ..render import Source, skeleton

    if guide is None:  # the about page: its text is all template
        return [(document.markdown, skeleton(document.markdown) or document.markdown,
                 Source(document.path, document.markdown_first_line), False)]
    parts = [(guide.body, Source(document.path, guide.body_first_line), False)]
    for path, text, plain in _templated_fields(guide.meta):
        parts.append((text, Source(document.path, guide.front.line_of(path)), plain))
    return [(text, skeleton(text) or text, source, plain) for text, source, plain in parts]


def _render_all(parts, values, cache: dict):
    """Render each part in `values`. Yields each error; stops at a template that is too big."""
    for text, outline, source, plain in parts:
        error = _render_errors(text, outline, values, source, plain, cache)
        if error is not None:
            yield error
            if isinstance(error, TemplateTooBig):
                return


def _render_errors(text: str, outline: str, values: dict, source, plain: bool, cache: dict):
    """The error of rendering `text` in `values`, if any, at the lines of `source`. Pages that share
    a skeleton (`outline`: a guide and its translations, line for line) share the answer, worked out once
    per run: the errors are the skeleton's, moved to each page's lines. (Not a page over the length
    limit, nor one so near the size limit that its own text decides: see template_errors.)"""
    from ..render import Source, template_errors

    key = ("render-errors", outline, plain, id(values), len(text) > limits.MAX_TEMPLATE)
    answer = cache.get(key, _UNKNOWN)
    if answer is _UNKNOWN:
        error, shared = template_errors(text, values, Source("", 1), plain)
        answer = None if error is None else (type(error), [(p.line, p.message) for p in error.problems])
        if shared:
            cache[key] = answer
    if answer is None:
        return None
    kind, problems = answer
    return kind([Problem(source.path, None if line is None else line + source.first_line - 1, message)
                 for line, message in problems])


_UNKNOWN = object()


def _templated_fields(meta):
    fields = [(("title",), meta.title, True), (("summary",), meta.summary, True)]
    fields += [(("key_points", i), point, False) for i, point in enumerate(meta.key_points)]
    if meta.text_message:
        fields.append((("text_message",), meta.text_message, True))
    return [(path, text, plain) for path, text, plain in fields if "{" in text]


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
          scope="page"),  # guides and the about page (is_about_page); other pages are not rendered
    Check("template.too-big", too_big,
          Examples(flag=["---\n---\n{% for i in range(10**9) %}x{% endfor %}", "---\n---\n{{ 'x' * 10**10 }}"],
                   clean=["---\n---\n{% for i in range(3) %}x{% endfor %}"]),
          scope="page"),
]
