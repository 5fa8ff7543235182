"""Short addresses for text messages.

A school pays for every 160 characters of a text (70 when Welsh ŵ or Urdu letters make it UCS-2),
and a guide's address on a school's own site runs to 80 or 100 characters. So every guide page
also has a short address, the authority's address and /t/<code>/, where a tiny page sends the
reader on. The code is made from the page's own address, so a page keeps its short address from
one build to the next, and no list of links needs keeping.
"""

from __future__ import annotations

import base64
import hashlib
import os
from functools import lru_cache
from pathlib import Path

from .build import atomic_write, redirect_page, write_new
from .errors import BuildError, Problem

FOLDER = "t"
# 40 bits: an authority with 500 schools, 4 languages and 20 guides has 40,000 pages, and the chance
# that two share a code is about 1 in 700. A clash is refused at build time, never served.
CODE_LENGTH = 8
CODE = f"[a-z2-7]{{{CODE_LENGTH}}}"  # what code_for makes, as a pattern: base 32 in small letters


@lru_cache(maxsize=4096)  # each page's code is asked for when it is written, and when clashes are looked for
def code_for(page: str) -> str:
    """`page` is the guide's address inside its authority's folder, like schools/990101/ur/guides/homework/."""
    digest = hashlib.sha256(page.encode("utf-8")).digest()
    return base64.b32encode(digest).decode("ascii")[:CODE_LENGTH].lower()


def short_address(authority_address: str, page: str) -> str:
    return f"{authority_address}{FOLDER}/{code_for(page)}/"


def address_length(site_url: str) -> int:
    """How many characters a short address under `site_url` takes in a text message."""
    return len(short_address(site_url.rstrip("/") + "/", ""))


def write_links(out: Path, pages: dict[str, list[str]]) -> int:
    """Write a forwarding page for each guide page, by authority: out/<authority>/t/<code>/index.html.
    Returns how many were written."""
    refuse_shared_codes(pages)
    written = 0
    for authority, addresses in pages.items():
        folder = f"{out}/{authority}/{FOLDER}"
        for page in addresses:
            written += _write_unless_same(f"{folder}/{code_for(page)}", redirect_page("../../" + page))
    return written


def refuse_shared_codes(pages: dict[str, list[str]]) -> None:
    """A clash is refused at build time, never served: two of an authority's pages with one code.
    Each shard of a big build checks its own pages; the landing pages check them all (see build)."""
    for authority, addresses in pages.items():
        codes: dict[str, str] = {}
        for page in addresses:
            code = code_for(page)
            if codes.setdefault(code, page) != page:
                raise BuildError([Problem(f"{authority}/{FOLDER}/{code}", None,
                                          f"two pages share the short address code {code}: {codes[code]} and "
                                          f"{page}. Report this: the code needs to be longer.")])


def _write_unless_same(folder: str, text: str) -> int:
    """Write a code's page, folder/index.html. A rebuild rewrites nothing that is unchanged (so a
    web host sees no new files)."""
    path = f"{folder}/index.html"
    try:
        os.makedirs(folder)
    except FileExistsError:
        return int(atomic_write(Path(path), text))
    else:  # a new code's folder: nothing there to keep whole while it is written (and far quicker)
        write_new(path, text.encode("utf-8"))
    return 1
