"""The words a reader sees, cut into paragraphs and sentences, each tied to its line in the file.

Pages are read with markdown-it-py, the CommonMark parser, with the extensions the sites use
(admonitions, definition lists, tables, footnotes, HTML blocks); its tokens carry line numbers.
Prose inside admonitions, list items, table cells, definition terms and blockquotes is checked at
its own line; code, HTML, link targets, abbreviation definitions, attribute lists and template
tags are not prose. A placeholder (`{{ school.name }}`) becomes one short name-like word, so that a
sentence stays a sentence; `{% if %}` tags vanish, so both branches of an if/else are checked. A
heading, a list item, a table cell and a definition term each stand alone.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

# Two syllables whichever language's rules count them ("Millbrook" was four by the Polish hyphenation
# rules, so every {{ school.name }} made a Polish page look harder).
PLACEHOLDER_WORD = "Oakfield"

_TAG = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.S)
_PLACEHOLDER = re.compile(r"\{\{.*?\}\}", re.S)
_FACT = re.compile(r"\{\{\s*facts\s*[.\[]")
# A fact is read as a number (a fine, a number of days), a name as a name.
FACT_STAND_IN = "ten"  # a short word, not digits: facts.typed looks for digits


def _stand_in(match: re.Match) -> str:
    return FACT_STAND_IN if _FACT.match(match.group(0)) else PLACEHOLDER_WORD
_INLINE_CODE = re.compile(r"`[^`]*`")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^>]*>")
# A web address ends before the full stop or comma that follows it: "Go to www.gov.uk. Then..."
_URL = re.compile(r"\b(?:https?://|www\.)\S+?(?=[.,;:!?)\]'\"”’]*(?:\s|$))")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]*\w")
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_ABBR_DEFINITION = re.compile(r"^\s*\*\[[^\]\n]+\]:.*$", re.M)
_ATTRIBUTE_LIST = re.compile(r"\{:[^{}\n]*\}")
_HTML_LINE = re.compile(r"^\s*(?:</?[a-zA-Z][^>\n]*>\s*)+$", re.M)
_SWITCH = re.compile(r"<!--\s*guides:\s*(disable|enable)\s+([\w.\-, ]+?)\s*-->")
# Letters of a word, with the vowel signs and other marks that Python's \w leaves out: without
# them a Bengali, Gurmukhi or vowelled Arabic word falls apart into pieces at every vowel sign.
# (The Indic dandas, U+0964 and U+0965, are full stops, not letters.)
WORD_CHARS = r"\w\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0900-\u0963\u0966-\u0dff"
WORD = re.compile(rf"[^\W_]+(?:[{WORD_CHARS[2:]}]|[^\W_])*(?:[-'’](?:[{WORD_CHARS[2:]}]|[^\W_])+)*", re.UNICODE)


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
    """A paragraph, a heading, a list item, a table cell, a definition term or a front matter value."""

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
    worked_out: dict = field(default_factory=dict)  # what several checks of one family share, made once
    _sentences: tuple = field(default=(-1, None), repr=False, compare=False)  # (blocks read, their sentences)

    @property
    def sentences(self) -> list[Sentence]:
        """Every sentence of the page, in order. Most checks ask for them: the list is made again
        only when a block has been added since (blocks are only ever added, as the page is read)."""
        read, sentences = self._sentences
        if read != len(self.blocks):
            sentences = [s for block in self.blocks for s in block.sentences]
            self._sentences = (len(self.blocks), sentences)
        return sentences

    def text(self) -> str:
        """All prose as one text, each sentence ending in a full stop, for whole-page measures."""
        parts = []
        for sentence in self.sentences:
            text = sentence.text.rstrip()
            parts.append(text if text[-1:] in ".!?۔؟।॥" else text + ".")
        return " ".join(parts)

    def is_disabled(self, check_id: str, line: int) -> bool:
        return any(first <= line <= last and (check_id == name or check_id.startswith(name + "."))
                   for first, last, name in self.disabled)


# What every pattern of clean_line needs one of: most front matter values have none.
_MARKUP = re.compile(r"[{`\[<@*_]|://|www\.")


def clean_line(line: str) -> str:
    """One line of Markdown as the words a reader sees (for front matter values, which are one line)."""
    if not _MARKUP.search(line):
        return line
    # A tag between two versions of a sentence ("{% if %}Wales.{% else %}England.{% endif %}") parts
    # them, so each is measured on its own.
    line = _TAG.sub(" ", line)
    line = _PLACEHOLDER.sub(_stand_in, line)
    line = _INLINE_CODE.sub("code", line)
    line = _IMAGE.sub(r"\1", line)
    line = _LINK.sub(r"\1", line)
    line = _AUTOLINK.sub("", line)
    line = _URL.sub("", line)
    line = _EMAIL.sub("", line)
    line = _HTML_TAG.sub("", line)
    line = _EMPHASIS.sub(r"\2", line)
    return line


# --- sentences ------------------------------------------------------------------------------------

_BOUNDARY = re.compile(r"([.!?۔؟।॥]+)([\"'”’)\]]*)(\s+)")
# Words after which a full stop does not end a sentence, in the languages we write. Titles come
# before a name; the others are abbreviations that run on ("e.g. a coat").
TITLES = {"dr", "mr", "mrs", "ms", "mx", "st", "prof", "rev", "revd", "sr", "jr", "mgr", "ks", "św", "pan", "pani"}
RUN_ON = {"e.g", "i.e", "eg", "ie", "etc", "cf", "approx", "no", "nos", "vs", "fig", "tel", "ext", "ref", "incl",
          "np", "tj", "itd", "itp", "ok", "ul", "nr", "tzw", "wg", "godz", "e.e", "h.y", "ayb", "sef"}

_RUNS_ON_WITHIN = RUN_ON - {"etc"}  # "etc." may end a sentence


def split_sentences(text: str, line: int, column: int = 1) -> list[Sentence]:
    """Sentences, cut after . ! ? (and Urdu ۔ ؟) followed by a space, except after a title
    ("Dr. Patel"), an abbreviation that runs on ("e.g. a coat", "St. Mary's"), an initial
    ("J. Smith"), or when the next word starts in lower case. Addresses and times have no space
    after their dots, so they are never cut."""
    sentences, start = [], 0
    for match in _BOUNDARY.finditer(text):
        if not _ends_sentence(text, match):
            continue
        _add(sentences, text, start, match.end(2), line, column)
        start = match.end()
    _add(sentences, text, start, len(text), line, column)
    return sentences


def _ends_sentence(text: str, match: re.Match) -> bool:
    if match.group(1) != ".":
        return True  # ! ? Urdu's ۔ and the Bengali and Gurmukhi danda । always end one
    following = text[match.end():match.end() + 1]
    if following.islower():
        return False  # "e.g. at home", "a.m. tomorrow"
    before = text[:match.start(1)]
    touching = before[-1:] and not before[-1].isspace()  # the word the full stop is written after
    word = before.rsplit(None, 1)[-1].lower().strip("(\"'“‘") if touching else ""
    if word in TITLES or word in _RUNS_ON_WITHIN:
        return False  # "Dr. Patel", "No. 5"
    return not (len(word) == 1 and word.isalpha())  # an initial: "J. Smith"


def _add(sentences: list, text: str, start: int, end: int, line: int, column: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if WORD.search(stripped):
        offset = start + len(piece) - len(piece.lstrip())
        sentences.append(Sentence(stripped, line, column + offset))


# --- reading a page -------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _parser(unused: frozenset = frozenset()):
    """The parser, without the rules (block and inline) in `unused`."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.admon import admon_plugin
    from mdit_py_plugins.deflist import deflist_plugin
    from mdit_py_plugins.footnote import footnote_plugin

    parser = (MarkdownIt("commonmark", {"html": True}).enable("table")
              .use(admon_plugin).use(deflist_plugin).use(footnote_plugin))
    return parser.disable(list(unused)) if unused else parser


_DEFINITION = re.compile(r"^[\W\d_]*[:~]", re.M)  # a line that could start a definition (": ...")
# A line that could be a rule (three of *, - or _, spaces between), or the dashes under a heading.
# Looked for anywhere in a line, not only at its start: a rule can be in a list item or a quote;
# a line ends at a lone \r too, as for markdown-it.
_RULE = re.compile(r"([*_-])(?:[ \t]*\1){2,}[ \t]*(?:\r|$)", re.M)
_DASHES_END_LINE = re.compile(r"-[ \t]*(?:\r|$)", re.M)
# Rules that cannot start without a mark a page may not have. markdown-it tries every block rule
# on every line: a page without their marks is read the same without them, and a fifth quicker.
_MARKS = {
    "table": lambda text: "|" in text,
    "fence": lambda text: "```" in text or "~~~" in text,
    "blockquote": lambda text: ">" in text,
    "html_block": lambda text: "<" in text,
    "footnote_def": lambda text: "[^" in text,
    "admonition": lambda text: "!!!" in text or "???" in text,
    "reference": lambda text: "[" in text,
    "deflist": lambda text: _DEFINITION.search(text) is not None,
    "code": lambda text: "    " in text or "\t" in text,
    "hr": lambda text: _RULE.search(text) is not None,
    "lheading": lambda text: "=" in text or _DASHES_END_LINE.search(text) is not None,
    # Inline rules, tried at each mark and line end of a paragraph.
    "escape": lambda text: "\\" in text,
    "backticks": lambda text: "`" in text,
    "emphasis": lambda text: "*" in text or "_" in text,
    "link": lambda text: "[" in text,
    "footnote_ref": lambda text: "[^" in text,
    "image": lambda text: "![" in text,
    "footnote_inline": lambda text: "^[" in text,
    "autolink": lambda text: "<" in text,
    "html_inline": lambda text: "<" in text,
    "entity": lambda text: "&" in text,
}


def _unused_rules(text: str) -> frozenset:
    return frozenset(rule for rule, has_mark in _MARKS.items() if not has_mark(text))


def _masked(body: str) -> str:
    """The body with what is never prose taken out, keeping every line where it was: template tags,
    abbreviation definitions, attribute lists, and lines that are only HTML tags (so that Markdown
    inside <section markdown> is read as Markdown). Taken out, not blanked: spaces left at the start
    of a line would make it an indented code block."""
    blank = lambda m: "\n" * m.group(0).count("\n")  # noqa: E731
    body = _TAG.sub(blank, body)
    body = _PLACEHOLDER.sub(lambda m: _stand_in(m) + "\n" * m.group(0).count("\n"), body)
    body = _ABBR_DEFINITION.sub(blank, body) if "*[" in body else body
    body = _ATTRIBUTE_LIST.sub(blank, body) if "{:" in body else body
    return _HTML_LINE.sub(blank, body) if "<" in body else body


_KINDS = {"heading_open": "heading", "admonition_title_open": "heading", "th_open": "cell", "td_open": "cell",
          "dt_open": "term"}


def parse_body(document: Document, body: str, first_line: int) -> None:
    """Add the body's blocks to `document`, and record its inline switches."""
    _record_switches(document, body, first_line)
    masked = _masked(body)
    lines = masked.split("\n")
    containers: list[str] = []
    opener, row_line = None, 0
    for token in _parser(_unused_rules(masked)).parse(masked):
        if token.nesting == 1:
            containers.append(token.type)
            if token.map:
                row_line = token.map[0]
        elif token.nesting == -1 and containers:
            containers.pop()
        if token.type != "inline":
            opener = token
            continue
        start = token.map[0] if token.map else row_line
        kind = _KINDS.get(opener.type if opener else "", "item" if "list_item_open" in containers else "paragraph")
        sentences = _inline_sentences(token, start, lines, first_line)
        if sentences:
            document.blocks.append(Block(kind, sentences))


def _inline_sentences(token, start: int, lines: list[str], first_line: int) -> list[Sentence]:
    """The sentences of one inline token (a paragraph, a heading, a cell), each at its own line."""
    text, breaks = "", []  # breaks: offsets in `text` where the next source line starts
    for child in token.children or []:
        if child.type in ("softbreak", "hardbreak"):
            text += " "
            breaks.append(len(text))
        elif child.type == "text":
            text += _without_addresses(child.content)
        elif child.type == "code_inline":
            text += "code"
        elif child.type == "image":
            text += child.content
    sentences = []
    for sentence in split_sentences(text, 0):
        offset = sentence.column - 1
        row = start + bisect.bisect_right(breaks, offset)  # the line breaks before the sentence
        source = lines[row] if row < len(lines) else ""
        first_word = WORD.search(sentence.text)
        found = source.find(first_word.group(0)) if first_word else -1
        sentence.line, sentence.column = first_line + row, found + 1 if found >= 0 else 1
        sentences.append(sentence)
    return sentences


def _without_addresses(text: str) -> str:
    """Text without its web and email addresses (looked for only where there can be one)."""
    if "@" in text:
        text = _EMAIL.sub("", text)
    if "www." in text or "://" in text:
        text = _URL.sub("", text)
    return text


def _record_switches(document: Document, body: str, first_line: int) -> None:
    """<!-- guides: disable jargon.term --> ... <!-- guides: enable jargon.term -->"""
    if "guides:" not in body:
        return
    open_switches: dict[str, int] = {}
    for number, raw in enumerate(body.splitlines(), start=first_line):
        for action, names in _SWITCH.findall(raw):
            for name in (n.strip() for n in names.split(",") if n.strip()):
                if action == "disable":
                    open_switches[name] = number
                elif name in open_switches:
                    document.disabled.append((open_switches.pop(name), number, name))
    for name, start in open_switches.items():  # a switch never turned back on lasts to the end
        document.disabled.append((start, 10**9, name))


def add_meta_prose(document: Document, values: list[tuple[str, int]]) -> None:
    """Front matter values a reader sees (title, summary, key points), each on its own line."""
    for value, line in values:
        document.blocks.append(Block("meta", split_sentences(clean_line(value), line)))
