"""HTML: what a page may contain, said before a build publishes it.

Pages become parts of schools' and councils' websites, so a build cleans every page with one
allow-list (html_policy.py). These checks name, at its line, everything that list would take away,
so that a contributor hears it in plain words and a pull request that carries a script, a frame or
a strange link fails. Source: OWASP's Cross Site Scripting Prevention Cheat Sheet (allow-list
sanitising of user HTML), and the GOV.UK Service Manual (no third-party content that tracks readers).
"""

from __future__ import annotations

from . import Check, Examples, Finding
from .. import html_policy


def _removed(document):
    """Everything the allow-list would remove from the page: its Markdown, and the key points
    (Markdown too) in a guide's front matter. Kept on the document, for the three checks."""
    if "html" not in document.worked_out:
        found = [(r, r.line + document.markdown_first_line - 1)
                 for r in html_policy.problems_in(document.markdown)]
        guide = document.guide
        if guide is not None:
            for index, point in enumerate(guide.meta.key_points):
                line = guide.front.line_of(("key_points", index))
                found += [(r, line) for r in html_policy.problems_in(point)]
        document.worked_out["html"] = found
    return document.worked_out["html"]


def _findings(document, kind: str, check: str):
    for removed, line in _removed(document):
        if removed.kind == kind:
            yield Finding(check, "error", document.path, line, removed.column, removed.message, None,
                          document.locale)


def element(document, context):
    """html.element: an HTML element a page may not have (<script>, <iframe>, <form>, <meta>, <base>,
    <style>...). Pages are text, lists, tables, headings and links: Markdown makes all of them."""
    return _findings(document, "element", "html.element")


def attribute(document, context):
    """html.attribute: an attribute a page may not set, in an HTML tag or an attribute list
    ({: onclick="..." }): event handlers, style, or anything but a class or an id."""
    return _findings(document, "attribute", "html.attribute")


def link(document, context):
    """html.link: a link that is not to a web page, an email address, a phone number or the site
    itself (javascript:, data:, file:), or a picture loaded from another website."""
    return _findings(document, "link", "html.link")


def plain_front_matter(document, context):
    """html.front-matter: a title or summary with HTML in it. They are plain text: the tags would be
    shown to readers as they are written."""
    guide = document.guide
    for field in ("title", "summary"):
        if html_policy.has_markup(getattr(guide.meta, field)):
            yield Finding("html.front-matter", "error", document.path, guide.front.line_of((field,)), 1,
                          f"The {field} is plain text, so HTML in it would be shown as it is written. "
                          "Remove the tags.", None, document.locale)


CHECKS = [
    Check("html.element", element, Examples(
        flag=["Hello <script>alert(1)</script>", "<iframe src=\"https://example.org/\"></iframe>",
              "<meta http-equiv=\"refresh\" content=\"0; url=https://example.org/\">"],
        clean=["Hello <strong>there</strong>.", "Write `<script>` in code, and it stays code."])),
    Check("html.attribute", attribute, Examples(
        flag=["<img src=\"a.png\" onerror=\"alert(1)\">", "A paragraph.\n{: onclick=\"alert(1)\" }",
              "<p style=\"color: red\">Red</p>", "<div markdown=\"1\" onclick=\"alert(1)\">Hi</div>"],
        clean=["A paragraph.\n{: .note #contact }", "<div markdown=\"1\" class=\"note\">Hi</div>"])),
    Check("html.link", link, Examples(
        flag=["[Click](javascript:alert(1))", "<a href=\"data:text/html,hi\">Hi</a>",
              "![A picture](https://tracker.example.org/pixel.png)", "[A file](file:///etc/passwd)"],
        clean=["[GOV.UK](https://www.gov.uk/)", "[Ring us](tel:01632960000)", "[Our page](../homework/)",
               "![A map](map.png)", "Email <office@example.org>."])),
    Check("html.front-matter", plain_front_matter, Examples(
        flag=["---\ntitle: <img src=x onerror=alert(1)>\n---\nText."],
        clean=["---\ntitle: Starting school & settling in\n---\nText."]), scope="guide"),
]
