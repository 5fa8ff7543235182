"""Build a school's site by filling in another's: most of the cost of a school site, for a fraction.

The school sites of one authority and language mostly differ only in each school's details: its
name, address, phone number, web address, the short addresses on its printed pages. With the first
school site of a kind, a worker builds a *stencil*: the same pages with a stand-in (a mark no page
can contain) wherever one of the school's details was. If MkDocs wrote every stand-in as it was
given, that school and every later one whose pages read the same with their own details stood in
for are made from the stencil by writing their details in: no Markdown, no theme, no search index
to make again.

Why that gives the same site as MkDocs would:
- Each school's pages are still rendered from the guides (assemble.py), with all their choices.
  A school uses a stencil only if its rendered pages, with its details stood in for, are exactly the
  stencil's pages. Putting the details back gives its pages exactly, so only MkDocs' own work is
  skipped.
- MkDocs must then treat a detail as it treated the stand-in: as plain text, written out as it is.
  A detail is stood in for only if it is plain (`plain`): letters, digits, spaces and a few signs
  that neither Markdown nor HTML nor JSON changes, nothing that starts a list or a heading, no word
  the page explains with a tooltip. Any other detail stays as it is, in the stencil's pages too,
  so a school with it gets a stencil of its own, or the ordinary build.
- Where a stand-in ended up somewhere it would not come out as written (a heading's id made of it,
  a link MkDocs rewrites), its name is in the built files outside a whole stand-in (`_changed`),
  and that kind of site is built the ordinary way. A script whose hash the page's security policy
  lists gets the hash of its filled-in text (`_Template`).
Files that MkDocs copies as they are (the term dates calendar) are written from each school's own
pages; the compressed site map is made again from the filled-in one, as MkDocs makes it. The tests
compare sites made both ways, byte for byte (tests/test_stencil.py).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import itertools
import json
import os
import pickle
import re
import shutil
import tempfile
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.utils import get_build_datetime

from .assemble import SHORT_CODE
from .build import write_new
from .safe_pages import inline_scripts, with_hashes_replaced
from .shortlinks import CODE, FOLDER

if TYPE_CHECKING:
    from .assemble import AssembledSite
    from .worker import Outcome

# A stand-in is a name for the kind of detail (`_name`) between two marks from Unicode's private use
# area: text no school or guide is expected to have (a site that has it is built the ordinary way,
# `_Marked`). A web address or an email address needs a stand-in that still reads as one (a link is
# made of it), so theirs is a word no page has either, with the name: NONCE1f2e.example, and
# NONCE3a4b@NONCE.example.
OPEN, CLOSE = "\ue000", "\ue001"
NONCE = "pgstandin0"  # the same in every worker, so that they share stencils
_ISOLATES = "\u2066\u2069"  # Unicode's left-to-right isolate and its end: invisible
_SIGNS = frozenset(" .,-:;/()@+?!\u060c" + _ISOLATES)  # with the Arabic comma, as Urdu writes a day
_STARTS_A_LIST = re.compile(r"\d+[.)]")
_SCHEME = re.compile(r"^https?://")
# A web or email address gets a stand-in that reads as one; the address must then have the same
# plain shape (after https:// in a link, or as <office@school.example.org>, Markdown reads both alike).
_EMAIL = re.compile(r"[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
_WEB = re.compile(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(/[A-Za-z0-9._~/-]*)?")
_IN_ADDRESSES = re.compile(r"[A-Za-z0-9._~/+@-]+")  # what a detail in a link's address may hold
SHORTEST = 4  # shorter details ("Mr") are too likely to be part of other words: left as they are
WORTH_A_STENCIL = 2  # school sites of one kind in a build (assemble.school_kind): one alone is built the ordinary way
KEEP_STENCILS = 30  # per worker (each about its HTML, 1-2 MB): a kind of school in each of a few dozen languages


def plain(text: str) -> bool:
    """Whether MkDocs shows `text` as it is, wherever a page puts it (see the module's docstring;
    what is next to it on the page is checked apart: `_read_as_written`, `_in_tooltips`)."""
    if len(text) < SHORTEST or text != text.strip() or "  " in text:
        return False
    words = text.strip(_ISOLATES)  # a phone number on a right-to-left page is wrapped in these
    if not words[:1].isalnum() or _STARTS_A_LIST.match(words):
        return False
    # Marks that join a letter (Mn, Mc) are part of a word in Bengali or Hindi script, say.
    if not all(c.isalnum() or c in _SIGNS or unicodedata.category(c) in ("Mn", "Mc") for c in text):
        return False
    if any(c == ":" and not text[i + 1:i + 2].isdigit() and text[i + 1:i + 2] != " " for i, c in enumerate(text)):
        return False  # a colon in a time (7:45) or before a space; "javascript:..." could be a link
    return _form(text) == "words" or bool((_EMAIL if _form(text) == "email" else _WEB).fullmatch(text))


def _form(text: str) -> str:
    if "@" in text:
        return "email"
    return "web" if "." in text and " " not in text and not text.endswith(".") else "words"


@dataclass
class StoodIn:
    """A school site with its details stood in for: what a stencil is built from, and its key."""

    key: str
    site: AssembledSite  # its pages and config with stand-ins
    filled: dict[str, str]  # stand-in -> the school's text
    own_files: dict[str, str]  # files MkDocs copies as they are: written from the school's own pages


def stand_in(assembled: AssembledSite) -> StoodIn | None:
    """The site with its plain details stood in for, or None when there is nothing to share."""
    if not assembled.details:
        return None
    # A web address keeps its scheme, so that MkDocs still sees a link to another site.
    details = {where: _SCHEME.sub("", text, count=1) for where, text in assembled.details.items()}
    # A word the pages explain with a tooltip, in or across a detail ("SEN" + " support..."), is
    # marked by Markdown for one school and not another: such a detail stays as it is.
    plain_details = {where: text for where, text in details.items() if plain(text)}
    bodies = [page.body for page in assembled.pages if page.path.endswith(".md")]
    in_tooltips = _in_tooltips(set(plain_details.values()), bodies, _abbreviations(assembled))
    stand_ins = {where: _stand_in_for(where, text) for where, text in plain_details.items() if text not in in_tooltips}
    if "school.urn" not in stand_ins:
        return None  # every page has the site's address, with the URN: without it nothing is shared
    if "school.name" not in stand_ins:
        return None  # every page has the name: with it as it is ("St Mary's"), no other school shares a stencil
    marks = {details[where]: mark for where, mark in stand_ins.items()}
    codes = {details[where] for where in stand_ins if where.startswith(SHORT_CODE)}
    words = _alternatives(text for text in marks if text not in codes)
    qr = {}

    def swapped(value, key=None):
        if isinstance(value, str):
            if key == "qr_svg":  # made from the page's short address: each school's own drawing
                mark = _stand_in_for(f"qr {len(qr)}", "")
                qr[mark] = value
                return mark
            if OPEN in value or CLOSE in value or NONCE in value:
                raise _Marked  # a stranger's text with a mark: it could not be told from a stand-in
            value = words.sub(lambda match: marks[match.group(0)], value)
            if codes and f"/{FOLDER}/" in value:
                value = _SHORT_ADDRESS.sub(lambda match: f"/{FOLDER}/{marks[match.group(1)]}" if match.group(1) in codes
                                           else match.group(0), value)
            return value
        if isinstance(value, dict):
            return {swapped(k): swapped(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [swapped(v) for v in value]
        return value

    from .sitepages import Page

    pages, own_files = [], {}
    try:
        for page in assembled.pages:
            if page.path.endswith(".md"):
                pages.append(Page(page.path, swapped(page.meta), swapped(page.body)))
            else:
                own_files[page.path] = page.text()
                pages.append(Page(page.path, {}, ""))
        config = swapped(assembled.config)
    except _Marked:
        return None
    values = {mark: text for text, mark in marks.items()}
    if not all(_read_as_written(page.body, values) for page in pages):
        return None
    stood_in = replace(assembled, config=config, pages=pages, details={})
    # A page's text is made from its meta and body alone: the key needs no YAML. MkDocs dates the
    # site map with the day it builds, so a build that runs past midnight makes a new stencil.
    day = get_build_datetime().date().isoformat()
    key = hashlib.sha256(repr((day, config, [(p.path, p.meta, p.body) for p in pages])).encode()).hexdigest()
    return StoodIn(key, stood_in, {**values, **qr}, own_files)


# A short code is random letters: looked for as a word, it would be tried at almost every letter of
# every page. It is only ever in a short address, after /t/: any code is looked for there, and the
# school's own are stood in for.
_SHORT_ADDRESS = re.compile(f"/{FOLDER}/({CODE})(?=/)")


class _Marked(Exception):
    pass


def _alternatives(texts) -> re.Pattern:
    """A pattern for any of `texts`, longest first, so that a detail inside another (a URN inside an
    address) is not split."""
    return re.compile("|".join(re.escape(text) for text in sorted(texts, key=len, reverse=True)))


def _stand_in_for(where: str, text: str) -> str:
    name, form = _name(where), _form(text)
    if form == "email":
        return f"{NONCE}{name}@{NONCE}.example"
    return f"{NONCE}{name}.example" if form == "web" else f"{OPEN}{name}{CLOSE}"


def _name(where: str) -> str:
    """The same for a kind of detail ("school.name") in every worker, so that workers share stencils."""
    return hashlib.sha256(where.encode()).hexdigest()[:_NAME_LENGTH]


_NAME_LENGTH = 12
_HEX_RUN = re.compile(f"[0-9a-fA-F]{{{_NAME_LENGTH},}}")


_STAND_IN_TEXT = f"{OPEN}[0-9a-f]+{CLOSE}|{NONCE}[0-9a-f]+(?:@{NONCE})?\\.example"
_STAND_IN = re.compile(_STAND_IN_TEXT)
_NAME = re.compile(f"(?:{OPEN}|{NONCE})([0-9a-f]+)")  # a stand-in's name, inside its marks
# Next to a stand-in, these make Markdown or HTML read the detail's own characters (emphasis with _
# depends on the letters beside it, "!" before "[" makes an image, & starts an entity...).
_NOT_BEFORE = frozenset("_`<&{}|=\\~")
_NOT_AFTER = frozenset("_`<>&{}|[\\~")
_LINE_START = re.compile(r"[ \t]*(?:(?:>|[-*+]|\d+[.)])[ \t]*)*")  # quotes and list items before a line's text
_LINK_ADDRESS = re.compile(r"\]\([^)]*$|^ {0,3}\[[^\]]+\]:")  # [text](address and [name]: address
_SCHEME_BEFORE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s()<>]*$")  # the link's kind is set before the detail
_REFERENCE = re.compile(r"(?m)^ {0,3}\[[^\]]+\]:")


def _read_as_written(body: str, values: dict[str, str]) -> bool:
    """Whether Markdown shows each detail in `body` (with stand-ins) as it shows its stand-in: as
    text, with nothing next to it that reads its letters, or, in a link's address, after the same
    scheme and with no character that the link's meaning could hang on."""
    for match in _STAND_IN.finditer(body):
        value = values[match.group(0)]
        line = body.rfind("\n", 0, match.start()) + 1
        before, after = body[line:match.start()], body[match.end():match.end() + 1]
        if not _email_link(before, after, match.group(0)) and (before[-1:] in _NOT_BEFORE or after in _NOT_AFTER):
            return False
        if _inside_a_tag(body, match.start()):
            return False  # raw HTML: the cleaning reads attributes (a javascript: link, a theme's id)
        if _LINK_ADDRESS.search(before):
            if not (_SCHEME_BEFORE.search(before) and _IN_ADDRESSES.fullmatch(value)):
                return False
        elif _LINE_START.fullmatch(before) and value.isdigit():
            return False  # "2021. We opened" is a numbered list, "Spring 2021. We opened" is not
        elif before.endswith("[") and _REFERENCE.search(body):
            return False  # [name] is a link where the page defines a reference of that name
    return True


def _inside_a_tag(body: str, start: int) -> bool:
    """Whether `start` is inside an HTML tag that began before it, on this line or an earlier one."""
    opened = body.rfind("<", 0, start)
    return opened > body.rfind(">", 0, start) and opened < start - 1 and bool(_TAG_START.match(body, opened + 1))


_TAG_START = re.compile(r"[A-Za-z/!?]")


def _email_link(before: str, after: str, stand_in: str) -> bool:
    """<office@school.example.org>: an email address Markdown makes a link of, as it does its stand-in."""
    return before.endswith("<") and after == ">" and "@" in stand_in


# An abbreviation line as Markdown's abbr extension reads it ("*[PTA]: ..."), also inside quotes and
# list items and with spaces ("*[ PTA ] :"): more than it reads, never less.
_ABBREVIATION = re.compile(r"(?m)^[ \t>*+\-\d.)]*?\*\[([^\]]*)\] ?:")


def _abbreviations(assembled: AssembledSite) -> frozenset[str]:
    """The words the site's pages explain with a tooltip: Markdown would mark them in a detail too."""
    return frozenset(term.strip() for page in assembled.pages for term in _ABBREVIATION.findall(page.body)
                     if term.strip())


def _in_tooltips(details: set[str], bodies: list[str], terms: frozenset[str]) -> set[str]:
    """The `details` that a word the pages explain is in or runs into, on a page (`bodies`, as the
    school reads them) where the detail is: "SEN" + " support in every class" reads "SEN support"."""
    if not terms:
        return set()
    details = {detail for detail in details if _could_overlap(detail, terms)}
    if not details:
        return set()
    longest = max(map(len, terms))
    starts = _term_starts(terms)
    caught = set()
    for body in bodies:
        for detail in details - caught:
            for start in _places(body, detail):
                # A word that overlaps the detail starts and ends within `longest` of it.
                left, end = max(0, start - longest + 1), start + len(detail)
                if any(found.start() < end and found.end(1) > start
                       for found in starts.finditer(body, left, end + longest - 1)):
                    caught.add(detail)
                    break
    return caught


def _could_overlap(detail: str, terms: frozenset[str]) -> bool:
    """Whether one of `terms` could overlap `detail` on a page, as Markdown finds them: whole words
    (`\\b` at both ends). The word then shares its letters with the detail there: the detail has it,
    or is in it, or begins with its end, or ends with its beginning, where a word ends or starts
    inside the detail. Most details cannot, and need no page looked at."""
    ends, beginnings, every_term = _term_parts(terms)
    if _term_starts(terms).search(detail) or detail in every_term:
        return True
    edges = {edge.start() for edge in _WORD_EDGE.finditer(detail)}
    return any((length in edges and detail[:length] in ends)
               or (len(detail) - length in edges and detail[-length:] in beginnings)
               for length in range(1, len(detail)))


_WORD_EDGE = re.compile(r"\b")  # as Markdown's abbreviations are found (markdown.extensions.abbr)


@lru_cache(maxsize=8)
def _term_parts(terms: frozenset[str]) -> tuple[frozenset[str], frozenset[str], str]:
    """Every end and every beginning of the terms (shorter than the term), and all of them in one text."""
    ends = frozenset(term[-length:] for term in terms for length in range(1, len(term)))
    beginnings = frozenset(term[:length] for term in terms for length in range(1, len(term)))
    return ends, beginnings, "\n".join(terms)


@lru_cache(maxsize=8)
def _term_starts(terms: frozenset[str]) -> re.Pattern:
    """Every place one of `terms` starts, overlapping ones too, each with the longest term there
    (which overlaps whatever a shorter one there does)."""
    return re.compile(f"(?=({_alternatives(terms).pattern}))")


def _places(text: str, word: str):
    """Every place `word` is in `text`, overlapping ones too (more than Markdown marks: it wants whole words)."""
    start = text.find(word)
    while start != -1:
        yield start
        start = text.find(word, start + 1)


# --- stencils ------------------------------------------------------------------------------------


class _Template:
    """A file of the stencil, cut at its stand-ins once, so that filling it in is one join."""

    def __init__(self, text: str):
        self.parts: list[str] = []  # text, stand-in, text, stand-in, ..., text
        self.escaped: list[bool] = []  # for each stand-in: written inside JSON (the theme's settings)
        done = 0
        for match in _ANY_STAND_IN.finditer(text):
            self.parts += [text[done:match.start()], match.group(1) or f"{OPEN}{match.group(2)}{CLOSE}"]
            self.escaped.append(match.group(2) is not None)
            done = match.end()
        self.parts.append(text[done:])
        if any(_LEFT_OVER.search(part) for part in self.parts[::2]):
            raise _NotFilled("a stand-in in a form this module does not fill in")
        # Inline scripts with a stand-in: the page's security policy lists each script's hash.
        self.scripts = [(body, _Template(body)) for body in inline_scripts(text) if _ANY_STAND_IN.search(body)]

    def filled(self, details: dict[str, str], escaped: dict[str, str]) -> str:
        values = [(escaped if json else details)[mark] for mark, json in zip(self.parts[1::2], self.escaped)]
        out = [None] * len(self.parts)
        out[::2], out[1::2] = self.parts[::2], values
        text = "".join(out)
        if self.scripts:
            text = with_hashes_replaced(text, {body: script.filled(details, escaped) for body, script in self.scripts})
        return text


@dataclass
class Stencil:
    """A site built with stand-ins: its files, the ones with stand-ins kept as templates."""

    texts: dict[str, _Template]  # path -> the page, search index or site map, cut at its stand-ins
    data: dict[str, bytes]  # path -> the same for every school
    links: dict[str, str]  # path -> the shared theme file it is a link to
    own: frozenset[str]  # files each school writes from its own pages
    sitemap_time: int | None  # the compressed site map's time, as MkDocs wrote it
    folders: tuple[str, ...]  # every folder of the site, each after the one it is in


_STENCILS: OrderedDict[str, Stencil | None] = OrderedDict()  # None: that kind of site cannot share one


def build(assembled: AssembledSite, site_dir: str, shared: str, build_normally,
          stencils: Path | None = None) -> Outcome:
    """Build a school site from a stencil where one fits; otherwise as `build_normally` does. The
    workers of a build share their stencils in the folder `stencils`: the worker that meets the first
    site of a kind makes the kind's stencil and fills it in; until it is ready, other workers build
    their sites of that kind the ordinary way. Without the folder (a build of a few schools), no
    stencil is made."""
    if stencils is None or os.environ.get("GUIDES_NO_STENCIL") == "1":
        return build_normally(assembled, site_dir, shared)
    stood_in = stand_in(assembled)
    if stood_in is None:
        return build_normally(assembled, site_dir, shared)
    known, stencil = _find(stood_in.key, stencils)
    if not known and _claim(stencils, stood_in.key):
        try:
            stencil = _make(stood_in, shared, build_normally, Path(site_dir).parent)
        except Exception:  # noqa: BLE001 - a stencil that cannot be made or filled in never fails the site
            stencil = None
        _share(stencils, stood_in.key, stencil)
    if stencil is not None:
        try:
            return _fill(stencil, stood_in, Path(site_dir))
        except Exception:  # noqa: BLE001 - a theme file gone from the shared copy, say: the ordinary way
            shutil.rmtree(site_dir, ignore_errors=True)
    return build_normally(assembled, site_dir, shared)


def _find(key: str, folder: Path) -> tuple[bool, Stencil | None]:
    """Whether this kind of site is known yet, and its stencil (None: it cannot have one)."""
    if key not in _STENCILS:
        if (folder / f"{key}.stencil").is_file():
            _remember(key, pickle.loads((folder / f"{key}.stencil").read_bytes()))
        elif (folder / f"{key}.none").is_file():
            _remember(key, None)
        else:
            return False, None
    _STENCILS.move_to_end(key)
    return True, _STENCILS[key]


def _claim(folder: Path, key: str) -> bool:
    """Whether this worker is the one to make the stencil (another may be making it now)."""
    return not _leave(folder / f"{key}.making")


def _leave(mark: Path) -> bool:
    """Leave a mark for the other workers of the build; whether it was there already."""
    mark.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(mark, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        return False
    except FileExistsError:
        return True


def _share(folder: Path, key: str, stencil: Stencil | None) -> None:
    _remember(key, stencil)
    target = folder / (f"{key}.stencil" if stencil is not None else f"{key}.none")
    temporary = folder / f".{key}.{os.getpid()}"
    temporary.write_bytes(pickle.dumps(stencil) if stencil is not None else b"")
    os.replace(temporary, target)  # whole or not at all, for the other workers


def _remember(key: str, stencil: Stencil | None) -> None:
    _STENCILS[key] = stencil
    while len(_STENCILS) > KEEP_STENCILS:
        _STENCILS.popitem(last=False)


def _make(stood_in: StoodIn, shared: str, build_normally, beside: Path) -> Stencil | None:
    """Build the stencil, and keep it only if MkDocs wrote each stand-in as it was given. It is built
    `beside` the sites, on their disk: the theme's files are hard-linked from the shared copy there,
    and only files it links are linked again in every site (a stencil built in /tmp, on another disk,
    got copies, and so did every site filled in from it)."""
    with tempfile.TemporaryDirectory(prefix="stencil-", dir=beside) as folder:
        outcome = build_normally(stood_in.site, folder, shared)
        if outcome.error is not None or outcome.warnings:
            return None
        stencil = _read(Path(folder), stood_in, shared)  # raises, as _fill may, if it cannot be used
    return None if stencil is None or _changed(stencil, stood_in.filled) else stencil


def _changed(stencil: Stencil, marks) -> bool:
    """Whether MkDocs changed a stand-in (`marks`) on its way: made a heading's id of it, say, or
    escaped its marks in an address. Its name is then in the built files outside a whole stand-in,
    where the stencil does not fill it in; a school's own detail would have come out changed too,
    and not as the stencil writes it."""
    names = {_NAME.match(mark).group(1) for mark in marks}
    texts = (part for template in stencil.texts.values() for part in template.parts[::2])
    data = (content.decode("utf-8", errors="replace") for content in stencil.data.values())
    for text in itertools.chain(texts, data):
        for run in _HEX_RUN.finditer(text):  # a name, in capitals or not, may be inside a longer run
            digits = run.group(0).lower()
            if any(digits[i:i + _NAME_LENGTH] in names for i in range(len(digits) - _NAME_LENGTH + 1)):
                return True
    return False


def _read(folder: Path, stood_in: StoodIn, shared: str) -> Stencil | None:
    texts, data, links, sitemap_time, folders = {}, {}, {}, None, []
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_dir():
            folders.append(name)
            continue
        if name in stood_in.own_files:
            continue
        if path.stat().st_nlink > 1:  # a theme file linked from the shared copy (fast_mkdocs.py)
            source = _shared_source(path, Path(shared))
            if source is None:
                return None
            links[name] = source
            continue
        content = path.read_bytes()
        if name == "sitemap.xml.gz":
            sitemap_time = int.from_bytes(content[4:8], "little")  # gzip's header keeps MkDocs' time here
        elif _LEFT_OVER.search(content.decode("utf-8", errors="replace")):
            texts[name] = _Template(content.decode("utf-8"))
        else:
            data[name] = content
    return Stencil(texts, data, links, frozenset(stood_in.own_files), sitemap_time, tuple(folders))


def _shared_source(path: Path, shared: Path) -> str | None:
    """The shared theme file that `path` is a hard link to."""
    stat = path.stat()
    for candidate in (shared / path.name, *shared.glob(f"*-{path.name}")):
        try:
            if os.path.samestat(candidate.stat(), stat):
                return str(candidate)
        except FileNotFoundError:
            continue
    return None


# The theme writes its settings into each page as JSON, with the marks escaped (\ue000).
_JSON_OPEN, _JSON_CLOSE = json.dumps(OPEN)[1:-1], json.dumps(CLOSE)[1:-1]
_ANY_STAND_IN = re.compile(f"({_STAND_IN_TEXT})|{re.escape(_JSON_OPEN)}([0-9a-f]+){re.escape(_JSON_CLOSE)}")
_LEFT_OVER = re.compile(f"[{OPEN}{CLOSE}]|{NONCE}|{re.escape(_JSON_OPEN)}|{re.escape(_JSON_CLOSE)}")


class _NotFilled(Exception):
    """A stand-in the stencil has in a form this module does not fill in."""


def _fill(stencil: Stencil, stood_in: StoodIn, site: Path) -> Outcome:
    """Write the school's site: the stencil with its details, its own files, links to the theme."""
    from .worker import Outcome

    details = stood_in.filled
    escaped = {mark: json.dumps(text)[1:-1] for mark, text in details.items()}
    texts = {name: template.filled(details, escaped) for name, template in stencil.texts.items()}
    site.mkdir(parents=True, exist_ok=True)
    top = str(site)
    for folder in stencil.folders:  # made once each, not once for each file in them
        os.mkdir(f"{top}/{folder}")
    for name, text in texts.items():
        write_new(f"{top}/{name}", text.encode("utf-8"))
    for name, content in stencil.data.items():
        write_new(f"{top}/{name}", content)
    for name in stencil.own:
        write_new(f"{top}/{name}", stood_in.own_files[name].encode("utf-8"))
    for name, source in stencil.links.items():
        os.link(source, f"{top}/{name}")
    if stencil.sitemap_time is not None:
        write_new(f"{top}/sitemap.xml.gz", _compressed(texts["sitemap.xml"], stencil.sitemap_time))
    return Outcome(None, [], stencilled=True)


def _compressed(sitemap: str, mtime: int) -> bytes:
    """The site map compressed as MkDocs does it (mkdocs.commands.build._build_theme_template)."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, filename="sitemap.xml.gz", mode="wb", mtime=mtime) as compressed:
        compressed.write(sitemap.encode("utf-8"))
    return out.getvalue()
