"""The theme's words in a language mkdocs-material does not ship (theme/partials/languages/<code>.html).

A translator adds one with a new language, so it comes from a stranger like a translation. But
MkDocs compiles it as an ordinary Jinja template, outside the guides' sandbox, where a placeholder
can run programs on the build machine; and the theme writes its words into every page as HTML. So
such a file must be exactly the theme's own shape, a comment and then lines of "key": "text", and
a text has no quote, backslash, brace or < >. Anything else stops every command before a build.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import Problem, relative
from .yamlfile import read_text

FOLDER = Path("theme") / "partials" / "languages"
# Each part of the pattern can match a text in one way only (words are separated by commas): a looser
# pattern tried the spaces between words in every split, and 500 bytes took minutes to refuse.
_COMMENT = r"\{#-?(?:(?!#\}).)*#\}"
_WORD = r'"[a-z0-9._-]+"[ \t]*:[ \t]*"[^"\\<>{}\n]*"'
_WORDS = rf"(?:\s*{_WORD}(?:\s*,\s*{_WORD})*(?:\s*,)?)?"
_SHAPE = re.compile(rf"\s*(?:{_COMMENT}\s*)?\{{% macro t\(key\) %\}}\{{\{{ \{{{_WORDS}\s*\}}\[key\] \}}\}}"
                    r"\{% endmacro %\}\s*", re.S)
SHAPE_PROBLEM = ("this file of the theme's words must be a comment, then lines like \"search\": \"Raadi\", between "
                 "the theme's {% macro t(key) %}{{ { and }[key] }}{% endmacro %} (see the others in this folder), "
                 "and no text may have a quote, a backslash, a { } or < >. It is read as a template, outside "
                 "the guides' safe sandbox, so nothing else can be allowed. Write it in that shape.")


def problems(root: Path) -> list[Problem]:
    """A problem for each file of theme words that is not in the shape above."""
    found = []
    folder = root / FOLDER
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        try:
            shaped = path.suffix == ".html" and _SHAPE.fullmatch(read_text(path))
        except Exception:  # noqa: BLE001 - unreadable (a folder, not UTF-8, too big): not in the shape
            shaped = False
        if not shaped:
            found.append(Problem(relative(path, root), None, SHAPE_PROBLEM))
    return found
