"""What HTML a published page may contain: one allow-list, used twice.

Guides, translations and data come from strangers' pull requests and end up on schools' and
councils' websites. So the HTML that Markdown makes of a page is cleaned with nh3 (the Ammonia
sanitiser) before the theme wraps it (`clean`), and `guides check` names, at its line, everything
this allow-list would take away (`problems_in`), so a contributor hears it before a build.

The allow-list is what Markdown and our page templates make: text formatting, lists, tables,
headings, admonitions, abbreviations, links and pictures from the site itself. Nothing that runs
code, loads another website, sends a form, or changes the page around it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
    "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "section", "small", "span", "strong", "sub", "summary",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
# Set by attribute lists ({: .class #id }) and page templates: names and styling hooks, never behaviour.
GLOBAL_ATTRIBUTES = {"class", "id", "title", "lang", "dir", "aria-label", "aria-labelledby"}
ATTRIBUTES = {
    "*": GLOBAL_ATTRIBUTES,
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "details": {"open"},
}
URL_ATTRIBUTES = {"href", "src"}
# webcal: the term dates pages' own "subscribe" links.
URL_SCHEMES = {"http", "https", "mailto", "tel", "webcal"}
# Their content goes too: a script's code or a style sheet is no text for a reader.
DROPPED_WITH_CONTENT = {"script", "style", "template", "textarea", "title", "noscript", "iframe", "object",
                        "noembed", "noframes", "xmp", "plaintext"}

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def clean(fragment: str) -> str:
    """The HTML of a page's content with everything outside the allow-list taken away."""
    return _cleaner().clean(fragment)


@lru_cache(maxsize=1)
def _cleaner():
    import nh3  # imported when a page is first cleaned, not by every command

    # A school word with a meaning (<abbr title>) can be reached with the keyboard, so that its
    # meaning shows for everyone, not only for a mouse: tabindex="0" on every abbreviation.
    return nh3.Cleaner(tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None,
                       set_tag_attribute_values={"abbr": {"tabindex": "0"}},
                       clean_content_tags=DROPPED_WITH_CONTENT | {"svg", "math"},
                       attribute_filter=_attribute_filter, strip_comments=True)


def _attribute_filter(tag: str, name: str, value: str) -> str | None:
    """What nh3's lists cannot say: no ids or classes of the theme's own (a page must not pose as the
    site's menu or settings, or make the theme fetch a script, as class="mermaid" would), pictures
    only from the site itself, and titles that stay text when the theme shows them as tooltips."""
    if name == "title":
        return plain_title(value)
    if name == "id":
        return None if _theme_name(value) else safe_id(value)
    if name == "class":
        kept = [word for word in value.split() if not _theme_name(word)]
        return " ".join(kept) or None
    if tag == "img" and name == "src":
        return None if _leaves_site(value) else value
    return value


def _theme_name(word: str) -> bool:
    # mkdocs-material finds its parts by these names (#__config, #__drawer, .md-header...), and
    # loads Mermaid from a CDN for any element of class "mermaid".
    return word.startswith(("__", "md-", "data-md")) or word in THEME_TRIGGERS


THEME_TRIGGERS = {"mermaid", "arithmatex", "tabbed-set", "tabbed-labels", "annotate"}


# The theme writes a heading's id into its menus as it is (href="#id", not escaped): an id keeps no
# character that could end that attribute or start a tag.
_NOT_IN_ID = re.compile(r"""[\s"'<>&`=\\]""")


def safe_id(value: str) -> str:
    """An id the theme can write into its menus: each character that could end an attribute or start
    a tag becomes a dash. A heading and its entry in the contents change alike, so links still work."""
    return _NOT_IN_ID.sub("-", value)


def plain_title(text: str) -> str:
    """A title (a glossary meaning, an abbreviation) without < and >: mkdocs-material's tooltips put
    the title's text into the page as HTML, so '<meta http-equiv=refresh ...>' there would come alive."""
    return text.replace("<", "‹").replace(">", "›")


def _leaves_site(url: str) -> bool:
    url = _CONTROL.sub("", html.unescape(url))
    return bool(_SCHEME.match(url)) or url.startswith(("//", "\\\\", "/\\", "\\/"))


def scheme_allowed(url: str) -> bool:
    """A link to a web page, an email address, a phone number or a page of the site itself."""
    match = _SCHEME.match(_CONTROL.sub("", html.unescape(url)))
    return match is None or match.group(1).lower() in URL_SCHEMES


# --- telling a contributor ------------------------------------------------------------------------


@dataclass(frozen=True)
class Removed:
    """One thing the allow-list would take away from a page, where it is in the text."""

    kind: str  # "element", "attribute" or "link"
    line: int  # 1-based, within the text given
    column: int
    message: str


_ELEMENT_ADVICE = {
    "script": "Pages can't run scripts: remove <script>.",
    "noscript": "Pages can't run scripts: remove <noscript>.",
    "style": "Pages use the site's own styles: remove <style>.",
    "link": "Pages can't load files from elsewhere: remove <link>.",
    "iframe": "Pages can't show another website inside them: remove <{tag}>. Link to it instead, "
              "like [the page's title](https://...).",
    "frame": "Pages can't show another website inside them: remove <{tag}>.",
    "object": "Pages can't embed other files or programs: remove <{tag}>. Link to it instead.",
    "embed": "Pages can't embed other files or programs: remove <{tag}>. Link to it instead.",
    "base": "Remove <base>: it would change where every link on the page leads.",
    "meta": "Remove <meta>: a page can't send its readers somewhere else or change the site's settings.",
    "form": "Pages can't have forms: remove <form>. Link to the form on the council's or school's website.",
    "svg": "Remove <svg>: a drawing written into the page can carry scripts. Add a picture file instead.",
    "math": "Remove <math>: write the sum in words or plain text.",
}
_FORM_PARTS = {"input", "button", "select", "textarea", "option", "label", "fieldset", "output"}


def problems_in(text: str) -> list[Removed]:
    """Everything in `text` (Markdown with HTML in it) that the allow-list would take away: HTML
    elements, attributes (in tags or in attribute lists like `{: onclick=... }`), and links that
    are not to web pages, email or phone numbers. Code spans and blocks are not read."""
    text = _without_code(text)
    found = _tags(text) if "<" in text else []  # no "<", no tag: most guides have none
    found += _attribute_lists(text)
    found += _markdown_links(text)
    found += _too_tangled(text)
    return sorted(set(found), key=lambda r: (r.line, r.column, r.message))


# Markdown that Python-Markdown takes minutes to read, for every site, in a page a few KB long.
# - It looks for the end of each '[' and '<' of a paragraph through the rest of the paragraph: 30,000
#   in one line take minutes. The guides have at most 7 in a paragraph. (A list item, a heading, a
#   table row or a quote is read on its own: a list of 500 schools' links is fine.) A page of many
#   such paragraphs adds them up: at most 5,000 in a page.
# - Abbreviations (*[PTA]: ...) cost more the more there are: 5,000 take 12 s. A page has a few dozen.
# - Every line costs more the more lines there are: 5,000 headings take 1.5 s. The longest page (a
#   big council's list of schools) has under 1,000.
MOST_OPENINGS = 200
MOST_OPENINGS_IN_PAGE = 5_000
MOST_ABBREVIATIONS = 300
MOST_LINES = 3_000
_SPACE = re.compile(r"\s*")
_NEW_PART = re.compile(r"\n(?=[ \t]*\n|[ ]{0,3}(?:[-*+:][ \t]|\d{1,9}[.)][ \t]|#{1,6}(?:[ \t]|$)|>|\||\*\[))", re.M)
_ABBREVIATION_LINE = re.compile(r"^[ ]{0,3}\*\[", re.M)


def too_tangled(text: str) -> list[tuple[int, str]]:
    """(line, what) for each part of Markdown `text` that would take Markdown minutes to read."""
    found = []
    lines = text.count("\n") + 1
    if lines > MOST_LINES:
        found.append((MOST_LINES + 1, f"this page is {lines:,} lines long, and Markdown takes minutes to read that "
                                      f"many (a page needs far fewer than {MOST_LINES:,})"))
    if text.count("*[") > MOST_ABBREVIATIONS:
        abbreviations = [m.start() for m in _ABBREVIATION_LINE.finditer(text)]
        if len(abbreviations) > MOST_ABBREVIATIONS:
            found.append((text.count("\n", 0, abbreviations[MOST_ABBREVIATIONS]) + 1,
                          f"this page has {len(abbreviations):,} abbreviations (*[...]: lines), and Markdown takes "
                          f"minutes to read that many (a page needs far fewer than {MOST_ABBREVIATIONS})"))
    openings = text.count("[") + text.count("<")
    if openings > MOST_OPENINGS:
        crowded = _crowded_paragraphs(text)
        found += crowded
        if not crowded and openings > MOST_OPENINGS_IN_PAGE:
            found.append((1, f"this page has {openings:,} '[' and '<' signs, and Markdown takes minutes to read "
                             f"that many (a page needs far fewer than {MOST_OPENINGS_IN_PAGE:,})"))
    return found


def _crowded_paragraphs(text: str) -> list[tuple[int, str]]:
    found, start = [], 0
    for new_part in [*_NEW_PART.finditer(text), None]:
        end = new_part.start() if new_part else len(text)
        for mark in "[<":
            count = text.count(mark, start, end)
            if count > MOST_OPENINGS:
                first = _SPACE.match(text, start).end()  # the paragraph's first line, after blank ones
                found.append((text.count("\n", 0, first) + 1, f"a paragraph has {count:,} '{mark}' signs, and "
                                                               "Markdown takes minutes to read that many"))
        start = end
    return found


def _too_tangled(text: str) -> list[Removed]:
    return [Removed("element", line, 1, f"{what[0].upper()}{what[1:]}, so no site could be built from it. "
                                        "Remove what is repeated.") for line, what in too_tangled(text)]


def _tags(text: str) -> list[Removed]:
    from .limits import TooBig, deadline

    try:
        # Python's HTML parser takes quadratic time over many unclosed tags ('<a <a <a ...'):
        # such a page is refused, not read for hours.
        with deadline(SCAN_SECONDS, TANGLED):
            found = _Scanner().scan(text)
    except TooBig:
        return [Removed("element", 1, 1, TANGLED)]
    return found


SCAN_SECONDS = 3.0
TANGLED = ("This page's HTML is too tangled to read in time (many tags that are never closed, like '<a <a <a'), "
           "so no site could be built from it. Write the page in Markdown, or remove the stray '<' signs.")


class _Scanner(HTMLParser):
    # Read inside <script> and <style> as markup too: an unclosed <style> must not hide the lines after it.
    CDATA_CONTENT_ELEMENTS = ()

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[Removed] = []

    def scan(self, text: str) -> list[Removed]:
        self.feed(text)
        self.close()
        return self.found

    def handle_starttag(self, tag, attrs):
        line, column = self.getpos()
        if tag not in TAGS:
            self.found.append(Removed("element", line, column + 1, _element_message(tag)))
            return
        for name, value in attrs:
            if name == "markdown":  # md_in_html's switch: read by Markdown, never published
                continue
            message = attribute_message(tag, name, value or "")
            if message:
                self.found.append(Removed("attribute" if "link" not in message else "link", line, column + 1,
                                          message))

    handle_startendtag = handle_starttag


def _element_message(tag: str) -> str:
    if tag in _FORM_PARTS:
        return f"Pages can't have forms: remove <{tag}>. Link to the form on the council's or school's website."
    advice = _ELEMENT_ADVICE.get(tag)
    if advice:
        return advice.format(tag=tag)
    return (f"<{tag[:40]}> is not allowed in a page. Use Markdown instead (**bold**, lists, tables, "
            "[links](https://...)), or remove it.")


def attribute_message(tag: str, name: str, value: str) -> str | None:
    """Why `name="value"` on `tag` would be taken away, or None when it is kept."""
    shown = name[:40]
    if name.startswith("on"):
        return f"Pages can't run scripts: remove the {shown} attribute from <{tag}>."
    if name == "style":
        return f"Pages use the site's own styles: remove style=\"...\" from <{tag}>."
    if name not in GLOBAL_ATTRIBUTES and name not in ATTRIBUTES.get(tag, ()):
        return (f"The attribute {shown} on <{tag}> is not allowed: a page may only set a class or an id "
                "(like {: .note } or {: #contact }).")
    if name in ("id", "class") and any(_theme_name(word) for word in value.split()):
        return f"Names like md-..., __... and mermaid belong to the site's theme: choose another {name} than '{value[:40]}'."
    if name == "id" and _NOT_IN_ID.search(value):
        return ID_MARKUP
    if name == "title" and ("<" in value or ">" in value):
        return TITLE_MARKUP
    if name in URL_ATTRIBUTES:
        return link_message(value, picture=tag == "img")
    return None


ID_MARKUP = ("An id names a place on the page for links to it (like {: #contact }): use letters, digits and "
             "dashes, with no spaces, quotes, < or >.")
TITLE_MARKUP = ("A title or an abbreviation's meaning is shown as a tooltip, as plain text: take out the < and > "
                "(and any HTML between them).")


def link_message(url: str, picture: bool = False) -> str | None:
    """Why a link (or a picture's address) would be taken away, or None when it is kept."""
    if "{{" in url:  # a placeholder: the data it is filled with is checked when it is read
        return None
    if picture and _leaves_site(url):
        return (f"Pictures must be files in this repository: a picture from another website ({url[:60]}) "
                "tells that website who reads the page. Add the file, and link to it.")
    if not scheme_allowed(url):
        return (f"This link would be removed: links can only go to web pages (https://), email addresses "
                f"(mailto:), phone numbers (tel:) or pages of the site, not '{url[:40]}'.")
    return None


_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})")
_BACKTICKS = re.compile(r"`+")


def _without_code(text: str) -> str:
    """The text with code blocks and code spans blanked out (same lines and columns): code is shown
    as it is written, never run, so `<script>` in a code span is fine."""
    if "`" not in text and "~~~" not in text:
        return text
    lines, fence = [], None
    for line in text.split("\n"):
        match = _FENCE.match(line)
        if fence:
            if match and match.group(2)[0] == fence[0] and len(match.group(2)) >= len(fence):
                fence = None
            lines.append("")
        elif match:
            fence = match.group(2)
            lines.append("")
        else:
            lines.append(_blank_code_spans(line))
    return "\n".join(lines)


def _blank_code_spans(line: str) -> str:
    """A code span opens with a run of backticks and closes at the next run of the same length
    (CommonMark). One pass over the runs, so a line of ever longer runs stays quick."""
    if "`" not in line:
        return line
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(line)]
    by_length: dict[int, list[int]] = {}  # run length -> indexes of the runs of that length, in order
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(index)
    seen = dict.fromkeys(by_length, 0)  # per length: how many of its runs are behind us
    chars, index = list(line), 0
    while index < len(runs):
        length = runs[index][1] - runs[index][0]
        same, position = by_length[length], seen[length]
        while position < len(same) and same[position] <= index:
            position += 1
        seen[length] = position
        if position == len(same):  # no closing run: the backticks are plain text
            index += 1
            continue
        closing = same[position]
        chars[runs[index][0]:runs[closing][1]] = " " * (runs[closing][1] - runs[index][0])
        index = closing + 1
    return "".join(chars)


# {: #id .class key="value" } after a block or inline element (Python-Markdown's attr_list).
_ATTRIBUTE_LIST = re.compile(r"\{:?([^{}\n]*)\}")
_ATTRIBUTE = re.compile(r"""([^\s=#.'"{}][^\s=]*)\s*=\s*("[^"]*"|'[^']*'|[^\s}]*)""")


def _attribute_lists(text: str) -> list[Removed]:
    if "{" not in text:
        return []
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        if "{" not in line:
            continue
        for match in _ATTRIBUTE_LIST.finditer(line):
            if match.group(0).startswith(("{{", "{%", "{#")) or line[max(match.start() - 1, 0):match.start()] == "{":
                continue  # a template tag, not an attribute list
            for attribute in _ATTRIBUTE.finditer(match.group(1)):
                name, value = attribute.group(1).lower(), attribute.group(2).strip("\"'")
                message = attribute_message("a" if name == "href" else "p", name, value)
                if message:
                    kind = "link" if name in URL_ATTRIBUTES else "attribute"
                    found.append(Removed(kind, number, match.start() + attribute.start(1) + 2, message))
    return found


# [text](target "title"), ![alt](target), and reference definitions [name]: target
_INLINE_LINK = re.compile(r"(!?)\[[^\]\n]*\]\(\s*<?([^)\s>]*)")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]\n]+\]:\s*<?(\S+?)>?(?:\s|$)")


_ABBREVIATION = re.compile(r"^\*\[[^\]\n]+\]:(.*)$")


def _markdown_links(text: str) -> list[Removed]:
    if "[" not in text:  # every link, reference and abbreviation has one
        return []
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        abbreviation = _ABBREVIATION.match(line)
        if abbreviation and re.search(r"[<>]", html.unescape(abbreviation.group(1))):
            found.append(Removed("attribute", number, 1, TITLE_MARKUP))
        if "](" in line:
            for match in _INLINE_LINK.finditer(line):
                message = link_message(match.group(2), picture=bool(match.group(1)))
                if message:
                    found.append(Removed("link", number, match.start(2) + 1, message))
        reference = _REFERENCE.match(line)
        if reference and not line.lstrip().startswith("*["):
            message = link_message(reference.group(1))
            if message:
                found.append(Removed("link", number, reference.start(1) + 1, message))
    return found


def has_markup(text: str) -> bool:
    """True when plain text (a title, a summary) has an HTML tag in it."""
    return bool(re.search(r"<[a-zA-Z!/?]", text))
