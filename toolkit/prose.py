"""The words a reader sees, cut into paragraphs and sentences, each tied to its line in the file.

Checks measure prose, not markup: front matter, code, HTML comments, web addresses and template
tags are not read as sentences. A placeholder (`{{ school.name }}`) becomes one short name-like
word, so that a sentence stays a sentence; `{% if %}` tags vanish, so both branches of an
if/else are checked. A heading, a list item and a table cell each stand alone: they are never
glued to the line after them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Two syllables whichever language's rules count them ("Millbrook" was four by the Polish hyphenation
# rules, so every {{ school.name }} made a Polish page look harder).
PLACEHOLDER_WORD = "Oakfield"

_TAG = re.compile(r"\{%.*?%\}|\{#.*?#\}")
_PLACEHOLDER = re.compile(r"\{\{.*?\}\}")
_INLINE_CODE = re.compile(r"`[^`]*`")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^>]*>")
_URL = re.compile(r"\b(?:https?://|www\.)\S+")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_LIST_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])\s+")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+")
_ABBR_DEFINITION = re.compile(r"^\*\[[^\]]+\]:")
_SWITCH = re.compile(r"<!--\s*guides:\s*(disable|enable)\s+([\w.\-, ]+?)\s*-->")
_SENTENCE_END = re.compile(r"(?<=[.!?۔؟])[\"'”’)]*\s+")
WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)


@dataclass
class Sentence:
    text: str
    line: int
    column: int

    @property
    def words(self) -> list[str]:
        return WORD.findall(self.text)


@dataclass
class Block:
    """A paragraph, a heading, a list item, a table cell or a front matter value."""

    kind: str
    sentences: list[Sentence]


@dataclass
class Document:
    path: str
    locale: str
    blocks: list[Block] = field(default_factory=list)
    disabled: list[tuple[int, int, str]] = field(default_factory=list)  # (first line, last line, id)
    guide: object = None  # the model.Guide, when the page is a guide with valid front matter
    markdown: str = ""  # the page's Markdown as written (after its front matter), for checks of markup
    markdown_first_line: int = 1
    front_matter_problems: list = field(default_factory=list)  # (line, message), for frontmatter.invalid

    @property
    def sentences(self) -> list[Sentence]:
        return [s for block in self.blocks for s in block.sentences]

    def text(self) -> str:
        """All prose as one text, each sentence ending in a full stop, for whole-page measures."""
        parts = []
        for sentence in self.sentences:
            text = sentence.text.rstrip()
            parts.append(text if text[-1:] in ".!?۔؟" else text + ".")
        return " ".join(parts)

    def is_disabled(self, check_id: str, line: int) -> bool:
        return any(first <= line <= last and (check_id == name or check_id.startswith(name + "."))
                   for first, last, name in self.disabled)


def clean_line(line: str) -> str:
    """One line of Markdown as the words a reader sees (same length where it matters: the start)."""
    line = _TAG.sub("", line)
    line = _PLACEHOLDER.sub(PLACEHOLDER_WORD, line)
    line = _INLINE_CODE.sub("code", line)
    line = _IMAGE.sub(r"\1", line)
    line = _LINK.sub(r"\1", line)
    line = _AUTOLINK.sub("", line)
    line = _URL.sub("", line)
    line = _EMAIL.sub("", line)
    line = _HTML_TAG.sub("", line)
    line = _EMPHASIS.sub(r"\2", line)
    return line


def split_sentences(text: str, line: int, column: int = 1) -> list[Sentence]:
    sentences, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        piece = text[start:match.start()].strip()
        if WORD.search(piece):
            sentences.append(Sentence(piece, line, column + start))
        start = match.end()
    piece = text[start:].strip()
    if WORD.search(piece):
        sentences.append(Sentence(piece, line, column + start))
    return sentences


def parse_body(document: Document, body: str, first_line: int) -> None:
    """Add the body's blocks to `document`, and record its inline switches."""
    current: list[tuple[str, int]] = []  # the lines of the paragraph or list item being read
    kind = "paragraph"
    in_code = in_comment = False
    open_switches: dict[str, int] = {}

    def flush():
        if current:
            document.blocks.append(Block(kind, _paragraph_sentences(current)))
            current.clear()

    for number, raw in enumerate(body.splitlines(), start=first_line):
        _switches(raw, number, open_switches, document.disabled)
        stripped = raw.strip()
        if stripped.startswith(("```", "~~~")):
            in_code = not in_code
            flush()
            continue
        if in_code:
            continue
        if in_comment or stripped.startswith("<!--"):
            in_comment = "-->" not in stripped
            flush()
            continue
        if not stripped or _ABBR_DEFINITION.match(stripped) or set(stripped) <= set("-|: "):
            flush()
            continue
        line = clean_line(raw)
        if not line.strip():  # a line of template tags only: the branches of an if are separate passages
            flush()
            continue
        heading, item = _HEADING.match(line), _LIST_ITEM.match(line)
        if stripped.startswith("|"):
            flush()
            for cell in line.strip().strip("|").split("|"):
                document.blocks.append(Block("cell", split_sentences(cell.strip(), number)))
        elif heading:
            flush()
            document.blocks.append(Block("heading", split_sentences(line[heading.end():], number, heading.end() + 1)))
        elif item:
            flush()
            kind = "item"
            current.append((" " * item.end() + line[item.end():], number))
        else:
            if not current:
                kind = "paragraph"
            current.append((line, number))  # a paragraph, or a list item running on to this line
    flush()
    for name, start in open_switches.items():  # a switch never turned back on lasts to the end
        document.disabled.append((start, 10**9, name))


def _switches(raw: str, number: int, open_switches: dict, disabled: list) -> None:
    """<!-- guides: disable jargon.term --> ... <!-- guides: enable jargon.term -->"""
    for action, names in _SWITCH.findall(raw):
        for name in (n.strip() for n in names.split(",") if n.strip()):
            if action == "disable":
                open_switches[name] = number
            elif name in open_switches:
                disabled.append((open_switches.pop(name), number, name))


def _paragraph_sentences(lines: list[tuple[str, int]]) -> list[Sentence]:
    """Sentences of a paragraph that runs over several lines, each placed where it starts."""
    text, places = "", []
    for line, number in lines:
        if text:
            text += " "
        indent = len(line) - len(line.lstrip())
        places.append((len(text), number, indent))
        text += line.strip()
    sentences = split_sentences(text, 0)
    for sentence in sentences:
        offset = sentence.column - 1
        start, number, indent = max((p for p in places if p[0] <= offset), key=lambda p: p[0])
        sentence.line, sentence.column = number, offset - start + indent + 1
    return sentences


def add_meta_prose(document: Document, values: list[tuple[str, int]]) -> None:
    """Front matter values a reader sees (title, summary, key points), each on its own line."""
    for value, line in values:
        document.blocks.append(Block("meta", split_sentences(clean_line(value), line)))
