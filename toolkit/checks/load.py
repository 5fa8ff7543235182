"""Turn a file into a Document for the checks: its prose, its locale and, for a guide, its front matter."""

from __future__ import annotations

from pathlib import Path

from ..errors import DataError, relative
from ..model import DEFAULT_LOCALE, Guide
from ..prose import Document, add_meta_prose, parse_body
from ..schemas import GuideMeta
from ..validate import validate
from ..yamlfile import read_text, split_front_matter


def locale_of(path: Path, root: Path) -> str:
    """locales/<lang>/... is in that language; everything else is English."""
    parts = Path(relative(path, root)).parts
    return parts[1] if len(parts) > 2 and parts[0] == "locales" else DEFAULT_LOCALE


def load_document(path: Path, root: Path, locale: str | None = None) -> Document:
    """Read one Markdown file. A guide's broken front matter raises DataError (file and line)."""
    shown = relative(path, root)
    text = read_text(path)
    document = Document(shown, locale or locale_of(path, root))
    if not text.startswith("---"):
        document.markdown = text
        parse_body(document, text, 1)  # a plain page, such as CONTRIBUTING.md
        return document
    parts = split_front_matter(text, shown)
    meta, problems = validate(GuideMeta, parts.meta, shown, "the front matter")
    if problems:
        raise DataError(problems)
    document.markdown, document.markdown_first_line = parts.body, parts.body_first_line
    document.guide = Guide(path.stem, path, document.locale, meta, parts.meta, parts.body, parts.body_first_line)
    add_meta_prose(document, [(meta.title, parts.meta.line_of(("title",))),
                              (meta.summary, parts.meta.line_of(("summary",)))]
                   + [(point, parts.meta.line_of(("key_points", i))) for i, point in enumerate(meta.key_points)])
    parse_body(document, parts.body, parts.body_first_line)
    return document
