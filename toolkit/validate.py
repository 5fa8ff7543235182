"""Turn pydantic's validation errors into Problems a volunteer can act on."""

from __future__ import annotations

import difflib
import reprlib
from pathlib import Path

from pydantic import BaseModel, ValidationError

from .errors import Problem
from .yamlfile import YamlDoc


def validate(model: type[BaseModel], doc: YamlDoc, path: Path | str, what: str,
             field_help: dict[str, str] | None = None):
    """Validate `doc` against `model`. Returns (instance or None, problems). `field_help` says, in
    a volunteer's words, what a field is for: a message about it being missing or too short says so."""
    if not isinstance(doc.data, dict):
        return None, [Problem(path, doc.first_line, f"{what} should be a list of 'field: value' lines.")]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as error:
        problems = [_problem(model, doc, path, what, e, field_help or {}) for e in error.errors()]
        return None, problems


def _problem(model, doc: YamlDoc, path, what: str, error: dict, field_help: dict[str, str]) -> Problem:
    loc = tuple(error["loc"])
    field = ".".join(str(part) for part in loc)
    line = doc.line_of(loc)
    kind = error["type"]
    value = _short(error.get("input"))
    helped = field_help.get(field)
    if kind == "missing" and helped:
        message = f"Add '{field}:' to {what} (between the --- lines): {helped}."
    elif kind == "missing":
        message = f"the field '{field}' is missing from {what}. Add it."
    elif kind in ("too_short", "too_long") and helped and isinstance(error.get("input"), list):
        given, low, high = len(error["input"]), *_length_bounds(model, field)
        message = (f"'{field}' has {given} item{'' if given == 1 else 's'}: write "
                   + (f"{low} to {high}" if high else f"at least {low}") + f", {helped}.")
    elif kind in ("too_short", "string_too_short") and helped:
        message = f"The {field} is too short: write {helped}."
    elif kind == "extra_forbidden":
        allowed = _allowed_fields(model, loc[:-1])
        guess = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f" Did you mean '{guess[0]}'?" if guess else ""
        message = f"'{loc[-1]}' is not a field we know.{hint} Fields allowed here: {', '.join(allowed)}."
    elif kind.startswith("date") or kind.startswith("datetime"):
        message = f"'{field}' should be a date written like 2026-09-01, not '{value}'."
    elif kind.startswith("time"):
        message = f"'{field}' should be a time in quotes, like \"08:45\", not '{value}'."
    elif kind.startswith("url"):
        message = f"'{field}' should be a full web address starting https://, not '{value}'."
    elif kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        message = f"'{field}' must be one of {expected}, not '{value}'."
    elif kind == "string_type":
        message = (f"'{field}' should be text. If it has a colon followed by a space (like 'appeal: ask'), "
                   "put the whole text in double quotes.")
    elif kind == "too_short" or kind == "too_long":
        message = f"'{field}' {error['msg'].lower()}."
    else:
        message = f"'{field}': {error['msg'].removeprefix('Value error, ')}."
    return Problem(path, line, message)


def _length_bounds(model, field: str) -> tuple[int, int | None]:
    """The fewest and most items a list field of `model` takes (from its Field(min_length, max_length))."""
    low, high = 0, None
    for rule in model.model_fields[field].metadata:
        low = getattr(rule, "min_length", None) or low
        high = getattr(rule, "max_length", None) or high
    return low, high


def _short(value) -> str:
    """A value as a message shows it: never more than a line, whatever the file holds (reprlib keeps a
    value nested a thousand deep from taking the message, or Python's stack, with it)."""
    text = " ".join((value if isinstance(value, str) else reprlib.repr(value)).split())
    return text if len(text) <= 80 else text[:77] + "..."


def _allowed_fields(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names of the (nested) model at `loc`, to suggest a spelling."""
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))
        if field is None:
            return []
        model = _model_in(field.annotation)
        if model is None:
            return []
    return list(model.model_fields)


def _model_in(annotation):
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
