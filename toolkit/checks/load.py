"""Turn a file into a Document for the checks: its prose, its locale and, for a guide, its front matter."""

from __future__ import annotations

from pathlib import Path

from ..errors import DataError, relative
from ..model import DEFAULT_LOCALE, Guide
from ..prose import Document, add_meta_prose, parse_body
from ..schemas import GUIDE_FIELD_HELP, GuideMeta
from ..validate import validate
from ..yamlfile import read_text, split_front_matter


def locale_of(path: Path, root: Path) -> str:
    """locales/<lang>/... is in that language; everything else is English."""
    parts = Path(relative(path, root)).parts
    return parts[1] if len(parts) > 2 and parts[0] == "locales" else DEFAULT_LOCALE


def load_document(path: Path, root: Path, locale: str | None = None) -> Document:
    """Read one Markdown file: its prose, and for a guide its front matter. Problems with the front
    matter are kept (frontmatter.invalid reports them) beside the prose, so that a draft gets all
    its feedback in one run; only a file that cannot be read at all raises."""
    shown = relative(path, root)
    text = read_text(path)
    document = Document(shown, locale or locale_of(path, root))
    if not text.startswith("---"):
        document.markdown = text
        parse_body(document, text, 1)  # a plain page, such as CONTRIBUTING.md
        return document
    try:
        parts = split_front_matter(text, shown)
    except DataError as error:  # broken YAML, or no closing line: the rest is still prose to check
        document.front_matter_problems = [(p.line or 1, _sentence(p.message)) for p in error.problems]
        start = _after_front_matter(text)
        document.markdown, document.markdown_first_line = "\n".join(text.splitlines()[start - 1:]), start
        parse_body(document, document.markdown, start)
        return document
    meta, problems = validate(GuideMeta, parts.meta, shown, "the front matter", GUIDE_FIELD_HELP)
    document.front_matter_problems = [(p.line or 1, _sentence(p.message)) for p in problems]
    if not parts.body.strip():
        document.front_matter_problems.append((parts.body_first_line - 1, EMPTY))
    document.markdown, document.markdown_first_line = parts.body, parts.body_first_line
    if meta is not None:
        document.guide = Guide(path.stem, path, document.locale, meta, parts.meta, parts.body, parts.body_first_line)
    data = parts.meta.data if isinstance(parts.meta.data, dict) else {}
    points = data.get("key_points") if isinstance(data.get("key_points"), list) else []
    add_meta_prose(document, [(data[name], parts.meta.line_of((name,))) for name in ("title", "summary")
                              if isinstance(data.get(name), str)]
                   + [(point, parts.meta.line_of(("key_points", i))) for i, point in enumerate(points)
                      if isinstance(point, str)])
    parse_body(document, parts.body, parts.body_first_line)
    return document


def _sentence(message: str) -> str:
    """A finding is a sentence: it starts with a capital."""
    return message[:1].upper() + message[1:]


EMPTY = "This guide has no text after its front matter, so its page would be empty. Write the guide below this line."


def _after_front_matter(text: str) -> int:
    """The first line after the closing dashes (or line 2 when there are none)."""
    lines = text.splitlines()
    closing = next((i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---"), None)
    return closing + 2 if closing is not None else 2
