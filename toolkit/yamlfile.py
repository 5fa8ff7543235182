"""Read YAML and Markdown front matter while remembering where every value came from.

Validation errors must point at a line, so we keep PyYAML's node tree beside the data and
look up the line of any key path (`("contacts", "admissions", "phone")`) on demand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError, Problem
from .files import MAX_FILE_BYTES


class ValueProblem(yaml.MarkedYAMLError):
    """YAML that parses but cannot be meant: a date that does not exist, a key given twice."""


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's C parser when PyYAML has it (the same results and line marks, many times faster),
    with two mistakes caught at their line: a date that does not exist (Python's ValueError
    otherwise), and a key given twice (PyYAML silently keeps the last, losing the first)."""

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as error:
            raise ValueProblem(problem=f"'{node.value}' is not a real date ({error}). Write dates as "
                               "year-month-day, like 2026-09-01", problem_mark=node.start_mark) from None

    def construct_yaml_int(self, node):
        _refuse_long_number(node)
        return super().construct_yaml_int(node)

    def construct_yaml_float(self, node):
        _refuse_long_number(node)
        return super().construct_yaml_float(node)

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value != "<<":
                if key_node.value in seen:
                    raise ValueProblem(problem=f"'{key_node.value}' is given twice here, and only one can count. "
                                       "Keep one of them", problem_mark=key_node.start_mark)
                seen.add(key_node.value)
        return super().construct_mapping(node, deep)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_yaml_float)

# No number in a guide or a data file is longer. PyYAML reads a longer one slowly (1:2:3..., an old
# YAML way of writing numbers, takes minutes at 2 MB) or not at all (Python refuses 4,300 digits).
LONGEST_NUMBER = 40


def _refuse_long_number(node) -> None:
    if len(node.value) > LONGEST_NUMBER:
        raise ValueProblem(problem=f"this number is {len(node.value):,} characters long, too long for any number "
                           "here. If it is text (a code, say), put it in quotes", problem_mark=node.start_mark)


@dataclass
class YamlDoc:
    """Parsed YAML data and the node tree it came from; `first_line` is the file line of YAML line 1."""

    data: Any
    node: yaml.Node | None
    first_line: int = 1

    def line_of(self, path: tuple) -> int:
        """The file line of the value at `path`, or of the nearest parent that exists."""
        node = self.node
        line = node.start_mark.line if node is not None else 0
        for key in path:
            node = _child(node, key)
            if node is None:
                break
            line = node.start_mark.line
        return line + self.first_line


def _child(node: yaml.Node | None, key: Any) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == str(key):
                return value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key]
    return None


_ALIAS = re.compile(r"(?:^|[\s\[{,:-])\*[^\s,\]}]")


def _refuse_aliases(node: yaml.Node) -> None:
    """A value used again by name (&name ... *name) is one node met twice. Nested, a few lines of them
    make billions of values ("billion laughs"), so contributed files may not use them at all."""
    seen, stack = set(), [node]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise ValueProblem(problem="this value is given a name (&name) and used again elsewhere (*name). "
                               "Write the value out in full each time it is needed", problem_mark=node.start_mark)
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack += [key, value]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value


def parse_yaml(text: str, path: Path | str, first_line: int = 1) -> YamlDoc:
    """Parse YAML text; a syntax error becomes a DataError naming the file and line."""
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is not None and "*" in text and _ALIAS.search(text):  # only a '*' can use a name again
                _refuse_aliases(node)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except ValueProblem as error:
        raise DataError(Problem(path, error.problem_mark.line + first_line, f"{error.problem}.")) from None
    except yaml.MarkedYAMLError as error:
        # An unclosed bracket or quote is noticed only lines later: point at where it opened.
        at_end = bool(error.context_mark and error.context and ("flow" in error.context or "quoted" in error.context))
        mark = (error.context_mark if at_end else None) or error.problem_mark or error.context_mark
        line = mark.line + first_line if mark else None
        raise DataError(Problem(path, line, _yaml_advice(error, at_end))) from None
    except yaml.YAMLError as error:
        raise DataError(Problem(path, None, f"this YAML could not be read ({error}).")) from None
    return YamlDoc(data, node, first_line)


def _yaml_advice(error: yaml.MarkedYAMLError, at_end: bool) -> str:
    problem = error.problem or "the YAML is broken here"
    if at_end:
        problem = f"{error.context or 'something'} that is not closed (a missing ] or }} or quote?)"
    return (
        f"the YAML could not be read: {problem}. Check the indentation of this line and the one above, "
        "and put text that contains a colon (:) or starts with a symbol in quotes."
    )


def read_text(path: Path) -> str:
    """Read a UTF-8 text file, turning missing, linked, huge and mis-encoded files into plain messages."""
    try:
        if path.is_symlink():
            raise DataError(Problem(path, None, "this is a link to another file, which must never be read (it could "
                                                "publish the build machine's files). Replace it with a real file."))
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DataError(Problem(path, None, f"this file is {size:,} bytes, too big to be a guide or a data file "
                                                f"(the limit is {MAX_FILE_BYTES:,}). Split it up, or remove it."))
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataError(Problem(path, None, "this file does not exist. Check the name and folder.")) from None
    except IsADirectoryError:
        raise DataError(Problem(path, None, "this is a folder where a file is expected. Rename the folder, or "
                                            "move what is in it.")) from None
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise DataError(
            Problem(path, line, "this file is not saved as UTF-8 text. Save it again as UTF-8 in your editor.")
        ) from None


def load_yaml_file(path: Path) -> YamlDoc:
    return parse_yaml(read_text(path), path)


@dataclass
class FrontMatterDoc:
    """A Markdown file split into its front matter and its body."""

    meta: YamlDoc
    body: str
    body_first_line: int


def split_front_matter(text: str, path: Path | str) -> FrontMatterDoc:
    """Split `---` front matter from the Markdown body, keeping line numbers for both."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise DataError(Problem(path, 1, "a guide must start with front matter: a line '---', the fields, then '---'."))
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            meta = parse_yaml("".join(lines[1:index]), path, first_line=2)
            if meta.data is None:
                meta.data = {}
            body = "".join(lines[index + 1 :])
            return FrontMatterDoc(meta, body, body_first_line=index + 2)
    raise DataError(Problem(path, 1, "the front matter has no closing '---' line. Add one after the last field."))
