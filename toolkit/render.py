"""Fill a guide's placeholders with an authority's and a school's details, safely.

Guides come from strangers' pull requests, so templates run in Jinja's immutable sandbox: no
attribute starting with an underscore, no Python internals, no imports, no file access. Missing
fields fail loudly (StrictUndefined) with the file, the line and the nearest real field name.
`render_text` is a pure function: (template text, context) -> Markdown.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape
from babel.dates import format_date, format_time
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError, safe_range

from . import facts, limits
from .errors import GuidesError, Problem, TemplateError, TemplateTooBig
from .html_policy import too_tangled
from .schemas import School as SchoolModel, Translations

# Babel needs a territory to choose British date order and spelling for English.
BABEL_LOCALES = {"en": "en_GB", "cy": "cy_GB", "pl": "pl_PL", "ur": "ur_PK", "ar": "ar", "bn": "bn_BD",
                 "pa": "pa_Guru_IN", "ro": "ro_RO", "so": "so_SO", "uk": "uk_UA"}


class Fields(dict):
    """A dict of template fields that knows its own name (`school`, `school.address`) for messages.
    A field left empty comes out as an EmptyField, never as the word "None" on a parent's page."""

    def __init__(self, label: str, values: dict):
        super().__init__({k: _wrap(f"{label}.{k}", v) for k, v in values.items()})
        self.label = label

    def __getitem__(self, key):
        value = super().__getitem__(key)
        return EmptyField(f"{self.label}.{key}") if value is None else value


class FactFields(Fields):
    """`facts` on a page: the facts of the page's nation, shown in its language."""

    def __init__(self, nation: str, values: dict):
        super().__init__("facts", values)
        self.nation = nation


def _wrap(label: str, value):
    if isinstance(value, dict):
        return Fields(label, value)
    if isinstance(value, list):
        return [_wrap(label, item) for item in value]
    return value


TOP_LEVEL_NAMES = ["authority", "school", "facts", "locale", "today", "page_url"]


class NoSchool:
    """`school` on an authority's own site: false in `{% if school %}`, and knows the school fields
    so that a misspelt one is still caught there."""

    def __init__(self, fields: list[str]):
        self._fields = sorted(fields)  # underscore: the sandbox hides it from templates

    def __bool__(self) -> bool:
        return False

    def __str__(self) -> str:
        return "your school"

    def __getitem__(self, key):
        raise KeyError(key)


class HelpfulUndefined(jinja2.StrictUndefined):
    """Fails like StrictUndefined, with a message that says which field was meant."""

    @property
    def _undefined_message(self) -> str:
        owner, name = self._undefined_obj, self._undefined_name
        if self._undefined_hint:  # set by the sandbox for unsafe attributes, among others
            return self._undefined_hint
        if isinstance(owner, FactFields):
            guess = difflib.get_close_matches(str(name), list(owner), n=1)
            hint = f" Did you mean facts.{guess[0]}?" if guess else ""
            return (f"'facts.{name}' is not a fact for {owner.nation}.{hint} Facts live in content/facts/: "
                    f"all.yml and {facts.FILES.get(owner.nation, '?')}. Add it there with its source, or use "
                    f"one of: {', '.join(sorted(owner))}.")
        if isinstance(owner, Fields):
            guess = difflib.get_close_matches(str(name), list(owner), n=1)
            hint = f" Did you mean {owner.label}.{guess[0]}?" if guess else ""
            return (f"'{owner.label}.{name}' is not a field we know.{hint} "
                    f"Fields of {owner.label}: {', '.join(sorted(owner))}.")
        if owner is jinja2.utils.missing:
            guess = difflib.get_close_matches(str(name), TOP_LEVEL_NAMES, n=1)
            hint = f" Did you mean {guess[0]}?" if guess else ""
            return f"'{name}' is not a placeholder we know.{hint} Use {', '.join(TOP_LEVEL_NAMES)}."
        if isinstance(owner, NoSchool):
            if name in owner._fields:
                return (f"there is no school on this site, so 'school.{name}' has nothing to show. "
                        "Wrap it in {% if school %} ... {% else %}your school{% endif %}.")
            guess = difflib.get_close_matches(str(name), owner._fields, n=1)
            hint = f" Did you mean school.{guess[0]}?" if guess else ""
            return f"'school.{name}' is not a field we know.{hint} Fields of school: {', '.join(owner._fields)}."
        if isinstance(owner, (dt.date, dt.time)):  # a day in a loop over school.parents_evenings, say
            return (f"'{name}' is not part of a {'time' if isinstance(owner, dt.time) else 'date'}: show it whole, "
                    "like {{ day | date(\"full\") }}.")
        return f"'{name}' is not available here."


class EmptyField(jinja2.StrictUndefined):
    """A field that this school or council has left empty: false in `{% if %}`, like an empty list
    in `{% for %}`, and an error, naming the field, when a guide shows it without asking first."""

    def __init__(self, label: str):
        super().__init__(hint=f"'{label}' is empty for some schools or councils, so there would be nothing to "
                              f"show. Put it inside {{% if {label} %}} ... {{% endif %}}.")

    def __bool__(self) -> bool:
        return False

    def __iter__(self):
        return iter(())

    def __len__(self) -> int:
        return 0

    __hash__ = object.__hash__


class GuideEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, with only the globals a guide needs, and bounds on what a template can make.

    Immutable: a template cannot change the data, so one guide cannot alter what the next one shows.
    With `markdown=True` every value a placeholder shows is HTML-escaped (a school called
    "Smith & Jones" still reads right; one called "<script>" is shown, never run); text messages
    are plain text and use `markdown=False`.
    """

    # Operators that could make a huge value from a short template ('x' * 10**10, 10**10**10).
    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, markdown: bool = True):
        super().__init__(
            undefined=HelpfulUndefined,
            autoescape=markdown,
            keep_trailing_newline=True,
            trim_blocks=True,  # so {% if %} on its own line leaves no blank line behind
            lstrip_blocks=True,
        )
        # cycler, joiner, namespace, lipsum and friends are harmless in the sandbox, but guides do
        # not need them: a smaller surface is easier to reason about. Jinja's safe_range refuses
        # ranges of more than 100,000 numbers.
        self.globals = {"range": safe_range}
        # Jinja's constant folding finds almost nothing to fold in a guide (the sandbox already keeps
        # it from folding the operators above), and costs an eighth of each compile.
        self.optimized = False
        self.filters["date"] = date_filter
        self.filters["time"] = time_filter
        self.filters["channel"] = channel_filter
        self.filters["tel"] = tel_number
        self.filters["format"] = _bounded_format(self.filters["format"])
        for name in ("center", "indent", "wordwrap", "truncate"):
            self.filters[name] = _bounded_width(self.filters[name])
        self.filters["round"] = _bounded_round(self.filters["round"])
        self.filters["indent"] = _indent_as_text(self.filters["indent"])
        self.tests["contains"] = lambda sequence, item: item in sequence

    def is_safe_attribute(self, obj, attr, value):
        # Markup.translate (Markup comes from {% set %} blocks, macros and | e) puts the text of its
        # table into the page as HTML, unescaped.
        if attr == "translate" and isinstance(obj, str):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def _parse(self, source, name, filename):
        """The template, refused if it marks text as HTML: what a placeholder shows is always text, so
        what `guides check` reads in a guide is what the page gets (Jinja's own parse, then a look)."""
        tree = super()._parse(source, name, filename)
        for node in tree.find_all((jinja2.nodes.Filter, jinja2.nodes.EvalContextModifier)):
            if isinstance(node, jinja2.nodes.EvalContextModifier):
                raise Refused(AUTOESCAPE_REFUSED, node.lineno, name, filename)
            if node.name == "safe":
                raise Refused(SAFE_REFUSED, node.lineno, name, filename)
        return tree

    def call_binop(self, context, operator, left, right):
        limits.check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value):
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None

        def bounded(*args, **kwargs):
            limits.check_format_spec(value.__self__)
            return wrapped(*args, **kwargs)

        return bounded

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's own signature
        limits.check_call(__obj, args)
        return super().call(__context, __obj, *args, **kwargs)


class Refused(jinja2.TemplateSyntaxError):
    """A template that asks for what guides may not do (show text as HTML)."""


SAFE_REFUSED = ("a guide can't mark a placeholder's value as HTML (| safe): values are always shown as text. "
                "Remove | safe.")
AUTOESCAPE_REFUSED = ("a guide can't turn off {% autoescape %}: placeholders' values are always shown as text. "
                      "Remove the {% autoescape %} and {% endautoescape %} tags.")


def _bounded_format(format_filter):
    def bounded(value, *args, **kwargs):
        limits.check_percent_format(str(value))
        return format_filter(value, *args, **kwargs)

    return bounded


def _bounded_round(round_filter):
    """10 | round(-100000000) works out 10 ** 100000000 in one step that no time limit can stop."""
    def bounded(value, precision=0, *args, **kwargs):
        limits.check_round(kwargs.get("precision", precision))
        return round_filter(value, precision, *args, **kwargs)

    return bounded


def _indent_as_text(indent_filter):
    """indent("...") with text to indent by: on Markup, Jinja would add that text unescaped."""
    def indent(value, width=4, *args, **kwargs):
        if isinstance(value, Markup) and isinstance(width, str):
            width = escape(width)
        return indent_filter(value, width, *args, **kwargs)

    return indent


def _bounded_width(text_filter):
    def bounded(value, *args, **kwargs):
        limits.check_width(args, kwargs)
        return text_filter(value, *args, **kwargs)

    if getattr(text_filter, "jinja_pass_arg", None):  # wordwrap and truncate want the environment
        def with_environment(environment, value, *args, **kwargs):
            limits.check_width(args, kwargs)
            return text_filter(environment, value, *args, **kwargs)

        with_environment.jinja_pass_arg = text_filter.jinja_pass_arg
        return with_environment
    return bounded


@jinja2.pass_context
def date_filter(context, value, format: str = "long"):
    return format_day(value, context.get("locale", "en"), format)


def format_day(value, locale: str, format: str = "long") -> str:
    """A date the way people write it in `locale`: '31 October 2026', '31 Hydref 2026'."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return _formatted_day(value, locale, format)


@lru_cache(maxsize=4096)
def _formatted_day(day: dt.date, locale: str, format: str) -> str:
    """Each school's site writes the same term dates: Babel's formatting is worked out once each."""
    return format_date(day, format=format, locale=babel_locale(locale))


@jinja2.pass_context
def time_filter(context, value, format: str = "short"):
    if value is None:
        return ""
    if isinstance(value, str):
        value = dt.time.fromisoformat(value)
    if context.get("locale", "en") == "en":
        # British readers expect 8:45am rather than babel's 08:45.
        return value.strftime("%-I:%M%p").lower().replace(":00", "")
    return format_time(value, format=format, locale=babel_locale(context.get("locale", "en")))


def tel_number(value) -> str:
    """A phone number as a tel: link needs it: digits and a leading +, nothing else."""
    return re.sub(r"[^0-9+]", "", str(value))


@jinja2.pass_context
def channel_filter(context, value) -> str:
    """A school's way of keeping in touch (text, app, book bag...) named in the page's language,
    from the interface text the site passes in as `channel_names`."""
    return (context.get("channel_names") or {}).get(str(value)) or str(value).capitalize()


def babel_locale(locale: str) -> str:
    return BABEL_LOCALES.get(locale, locale)


_ENVIRONMENT = GuideEnvironment(markdown=True)
_PLAIN_ENVIRONMENT = GuideEnvironment(markdown=False)


@dataclass
class Source:
    """Where a template came from, so errors point at the right file and line."""

    path: Path | str
    first_line: int = 1


def render_text(text: str, context: dict, source: Source, plain: bool = False) -> str:
    """Render one template into Markdown (its placeholders' values HTML-escaped), or with `plain`
    into plain text (a text message). Raises TemplateError naming the file and line on any problem,
    and TemplateTooBig when the template would run too long or make too much."""
    return _render(text, text, context, source, plain)


def template_errors(text: str, context: dict, source: Source, plain: bool = False) -> tuple[GuidesError | None, bool]:
    """The error that rendering `text` would raise (or None), for guides check and for a build's
    look at every guide before it starts, which want the errors and not the page: the template is
    rendered as its skeleton where that finds the same errors (see `skeleton`), and text with no
    tag not at all. Also whether the answer holds for every text with the same skeleton (and a
    length within MAX_TEMPLATE): not when the page is so near the size limit that the text the
    skeleton leaves out could take it over, and the whole template had to say."""
    if len(text) > limits.MAX_TEMPLATE:  # the skeleton of a long text can be short
        return TemplateTooBig(Problem(source.path, source.first_line, limits.TOO_LONG_TEMPLATE)), False
    if "{" not in text:
        return None, True  # no tag, nothing that can fail: a title, say
    outline = skeleton(text)
    if outline:
        try:
            output = _render(outline, text, context, source, plain)
        except GuidesError as error:
            return error, True
        if len(output) <= limits.MAX_OUTPUT - limits.MAX_TEMPLATE:
            return None, True
    try:
        _render(text, text, context, source, plain)
    except GuidesError as error:
        return error, not outline
    return None, not outline


def _render(template_text: str, text: str, context: dict, source: Source, plain: bool) -> str:
    """Render `template_text` (the template `text`, or its skeleton), its mistakes told as `text`'s."""
    if len(template_text) <= limits.MAX_TEMPLATE and not _TAG_OR_LINE_END.search(template_text):
        output = template_text  # as Jinja would give it back: most titles and key points have no tag
    else:
        output = _filled(template_text, text, context, source, plain)
    if not plain:
        _refuse_tangled(output, source)
    return output


# A tag starts with "{"; Jinja would write "\r" line ends as "\n". Text with neither comes out as it is.
_TAG_OR_LINE_END = re.compile(r"[{\r]")


def _filled(template_text: str, text: str, context: dict, source: Source, plain: bool) -> str:
    try:
        if len(template_text) > limits.MAX_TEMPLATE:
            raise limits.TooBig(limits.TOO_LONG_TEMPLATE)
        template = _compiled(template_text, plain)
    except limits.TooBig as error:
        raise TemplateTooBig(Problem(source.path, source.first_line + (error.line or 1) - 1, str(error))) from None
    except (RecursionError, MemoryError):
        raise TemplateTooBig(Problem(source.path, source.first_line, limits.TOO_DEEP)) from None
    except Refused as error:
        raise _error(source, error.lineno, error.message) from None
    except jinja2.TemplateSyntaxError as error:
        unclosed = _unclosed_block(text) if "end of template" in (error.message or "") else None
        if unclosed:
            tag, line = unclosed
            raise _error(source, line, f"this {{% {tag} %}} is never closed: add {{% end{tag} %}} where its part "
                         "of the page ends.") from None
        raise _error(source, error.lineno, f"a placeholder is not written correctly: "
                     f"{(error.message or '').rstrip('.')}.{_filter_hint(error.message or '')} "
                     "Placeholders look like {{ school.name }}.") from None
    except Exception as error:  # noqa: BLE001 - Python's own compiler refusing what Jinja made (nesting)
        raise TemplateTooBig(Problem(source.path, source.first_line, f"{limits.TOO_DEEP} ({str(error)[:80]})")) from None
    try:
        output = limits.bounded_render(template, context)
    except limits.TooBig as error:
        raise _error(source, error.line or _template_line(error), str(error), TemplateTooBig) from None
    except OverflowError as error:
        if "Range too big" in str(error):  # safe_range's refusal
            raise _error(source, _template_line(error), limits.TOO_LONG_RANGE, TemplateTooBig) from None
        raise _error(source, _template_line(error), f"a placeholder makes a number too big ({error}).") from None
    except RecursionError as error:
        raise _error(source, _template_line(error), limits.TOO_DEEP, TemplateTooBig) from None
    except MemoryError as error:
        raise _error(source, _template_line(error), limits.TOO_MUCH_MEMORY, TemplateTooBig) from None
    except SecurityError as error:
        raise _error(source, _template_line(error),
                     f"this placeholder tries to reach inside the toolkit, which is not allowed ({error}). "
                     "Use only the fields of authority, school, facts, locale and today.") from None
    except jinja2.UndefinedError as error:
        raise _error(source, _template_line(error), str(error)) from None
    except jinja2.TemplateError as error:
        raise _error(source, _template_line(error), f"a placeholder could not be filled in: {error}.") from None
    except Exception as error:  # noqa: BLE001 - whatever a stranger's template trips over is a message, never a traceback
        shown = str(error)[:200] or type(error).__name__
        raise _error(source, _template_line(error), f"a placeholder could not be filled in: {shown}.") from None
    return output


def _refuse_tangled(markdown: str, source: Source) -> None:
    """Markdown that takes minutes to read, made by the template (the check looks at what is written)."""
    for _, what in too_tangled(markdown)[:1]:
        raise _error(source, 1, f"filled in, {what}. Make the loop or the text that repeats it shorter.",
                     TemplateTooBig)


BLOCK_TAGS = {"if", "for", "macro", "call", "filter", "with", "block"}


_OPENING = re.compile(r"\{[{%#]")
_CLOSING = {"{": "}}", "%": "%}", "#": "#}"}


def _tags(text: str):
    """(start, end) of each tag ({{ }}, {% %}, {# #}) in turn; end is None for one never closed, the
    last. str.find, not a regex: a regex looks for the end of every later '{{' again, to the end of
    the text, and a page of unclosed '{{' took minutes."""
    position = 0
    while opening := _OPENING.search(text, position):
        closing = text.find(_CLOSING[text[opening.start() + 1]], opening.end())
        if closing < 0:
            yield opening.start(), None
            return
        yield opening.start(), closing + 2
        position = closing + 2
_DELIMITERS = ("{{", "{%", "{#", "}}", "%}", "#}")
# Tags whose output can be text made in another way than written (a macro's or a filter's), that
# capture text into a value ({% set x %}...{% endset %}, with or without a filter) or that reach
# other templates: a template with one of these is always checked whole.
_CHECKED_WHOLE = re.compile(r"\{%[-+]?\s*(?:macro|call|include|import|from|extends|block|raw|filter)\b"
                            r"|\{%[-+]?\s*set\s+[\w.]+(?:\s*,\s*[\w.]+)*\s*(?:\||[-+]?%\})")
_LOOP = re.compile(r"\{%[-+]?\s*(for|endfor)\b")


@lru_cache(maxsize=2048)
def skeleton(text: str) -> str | None:
    """The template with its tags and line breaks, and the text inside its loops, but no other
    text; or None where that could hide a problem. Its errors are the template's, at the same
    lines: text cannot fail. A loop makes as much text as the template's loop does; the text left
    out is written once at most (nothing can capture it: see _CHECKED_WHOLE), at most MAX_TEMPLATE
    characters (see template_errors). Translations keep their guide's tags line for line, so many
    pages share a skeleton and a check compiles each once (a third of the check's time)."""
    if _CHECKED_WHOLE.search(text):
        return None
    parts, last, loops = [], 0, 0
    for start, end in _tags(text):
        gap = text[last:start]
        if end is None or any(mark in gap for mark in _DELIMITERS):
            return None  # half a tag in the text: a syntax error that only the whole template shows
        tag = text[start:end]
        parts += [gap if loops else "\n" * gap.count("\n"), tag]
        loop = _LOOP.match(tag)
        if loop:  # an endfor too many is the template's syntax error, and the skeleton's
            loops = loops + 1 if loop.group(1) == "for" else max(loops - 1, 0)
        last = end
    gap = text[last:]
    if any(mark in gap for mark in _DELIMITERS):
        return None
    return "".join(parts) + "\n" * gap.count("\n")


def _unclosed_block(text: str) -> tuple[str, int] | None:
    """The innermost {% if %} or {% for %} (or other block) that has no end tag, from Jinja's lexer:
    Jinja itself only notices at the end of the file."""
    open_blocks, expecting_name = [], False
    try:
        for line, kind, value in _ENVIRONMENT.lex(text):
            if kind == "block_begin":
                expecting_name = True
            elif expecting_name and kind == "name":
                expecting_name = False
                if value in BLOCK_TAGS:
                    open_blocks.append((value, line))
                elif value.startswith("end") and open_blocks and open_blocks[-1][0] == value[3:]:
                    open_blocks.pop()
    except jinja2.TemplateSyntaxError:
        return None
    return open_blocks[-1] if open_blocks else None


def _filter_hint(message: str) -> str:
    """For "No filter named 'dat'": the filter that was probably meant."""
    match = re.match(r"No filter named '([^']+)'", message)
    if not match:
        return ""
    ours = [name for name in _ENVIRONMENT.filters if name not in jinja2.defaults.DEFAULT_FILTERS]  # date, time...
    guess = difflib.get_close_matches(match.group(1), ours + sorted(_ENVIRONMENT.filters), n=1)
    return (f" Did you mean {guess[0]}?" if guess else "") + f" The filters for guides are {', '.join(ours)}."


@lru_cache(maxsize=4096)
def _compiled(text: str, plain: bool = False) -> jinja2.Template:
    """Compile each template once: the same guide is rendered for every site and school."""
    if len(text) > limits.MAX_TEMPLATE:
        raise limits.TooBig(limits.TOO_LONG_TEMPLATE)
    too_many = _too_many_placeholders(text)
    if too_many is not None:
        error = limits.TooBig(limits.TOO_MANY_PLACEHOLDERS)
        error.line = text.count("\n", 0, too_many) + 1
        raise error
    return (_PLAIN_ENVIRONMENT if plain else _ENVIRONMENT).from_string(text)


def _too_many_placeholders(text: str) -> int | None:
    """Where the characters inside a template's tags (what compiling it costs) pass MAX_PLACEHOLDERS,
    counting a tag never closed to the end of the text; None if they never do."""
    total = 0
    for start, end in _tags(text):
        total += (end or len(text)) - start
        if total > limits.MAX_PLACEHOLDERS:
            return start
    return None


def _template_line(error: BaseException) -> int | None:
    """The template line where rendering failed: Jinja names template frames '<template>'."""
    line = None
    traceback = error.__traceback__
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == "<template>":
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line


def _error(source: Source, line: int | None, message: str, kind: type[TemplateError] = TemplateError) -> TemplateError:
    if line is None and kind is TemplateTooBig:
        line = 1  # somewhere in this template: its first line is the best place to look
    file_line = None if line is None else line + source.first_line - 1
    return kind(Problem(source.path, file_line, message))


def make_context(authority, school, locale: str, today: dt.date, extra: dict | None = None,
                 ui: dict | None = None) -> dict:
    """The fields a guide can use. `school` is false on an authority's own site. `ui` (the site's
    interface text) labels the lines of a contact's card."""
    context = {
        "authority": Fields("authority", authority_fields(authority, locale, ui or {})),
        "school": NO_SCHOOL if school is None else Fields("school", school_fields(school, locale, today)),
        "facts": FactFields(authority.data.nation,
                            {name: isolated(facts.shown(fact, locale), locale) if name.endswith(("_phone", "_number"))
                             else facts.shown(fact, locale) for name, fact in authority.facts.items()}),
        "locale": locale,
        "today": today,
    }
    context.update(extra or {})
    return context


NO_SCHOOL = NoSchool([*SchoolModel.model_fields, "head_teacher"])


def authority_fields(authority, locale: str, ui: dict | None = None) -> dict:
    data = _isolated_numbers(_plain(authority.data.model_dump(mode="python"), locale), locale)
    data["slug"] = authority.slug
    for contact in data["contacts"].values():
        if contact is not None:
            contact["card"] = contact_card(contact, ui or {})
    return data


def contact_card(contact: dict, ui: dict) -> Markup:
    """A contact as a short list a parent can act on from a phone: its name in bold, then a number
    to tap, an email and a website, each labelled in the site's language. A guide words the
    sentence before it to suit the contact's kind (a team, a service, a directory, a helpline)."""
    lines = [f"- **{escape(contact['name'])}**"] if contact.get("name") else []
    if contact.get("phone"):
        number = escape(contact["phone"])
        lines.append(f"- {escape(ui.get('phone', 'Phone'))}: [{number}](tel:{tel_number(contact['phone'])})")
    if contact.get("email"):
        lines.append(f"- {escape(ui.get('email', 'Email'))}: {escape(contact['email'])}")
    if contact.get("website"):
        lines.append(f"- {escape(ui.get('website', 'Website'))}: {escape(contact['website'])}")
    return Markup("\n".join(lines))


def school_fields(school, locale: str, today: dt.date) -> dict:
    data = _isolated_numbers(_plain(school.model_dump(mode="python"), locale), locale)
    # "The next parents' evenings": a date that has passed is no use to a parent, on any page.
    data["parents_evenings"] = [day for day in data["parents_evenings"] if day >= today]
    head = school.head_teacher
    if head is not None:
        parts = [head.title, head.first_name, head.last_name]
        data["head_teacher"]["name"] = " ".join(p for p in parts if p)
    return data


_LEFT_TO_RIGHT_ISOLATE, _POP_ISOLATE = "\u2066", "\u2069"


@lru_cache(maxsize=None)
def right_to_left(locale: str) -> bool:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(babel_locale(locale)).character_order == "right-to-left"
    except (UnknownLocaleError, ValueError):
        return False


def isolated(value, locale: str):
    """A phone number kept left to right inside right-to-left text (Unicode's isolates, invisible):
    in an Arabic or Urdu sentence "01632 960104" would read "960104 01632"."""
    if right_to_left(locale) and isinstance(value, str) and any(c.isdigit() for c in value):
        return f"{_LEFT_TO_RIGHT_ISOLATE}{value}{_POP_ISOLATE}"
    return value


def _isolated_numbers(value, locale: str, key: str = ""):
    """Every phone number in the data (a field named ...phone), isolated for a right-to-left page."""
    if isinstance(value, dict):
        return {k: _isolated_numbers(v, locale, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_isolated_numbers(v, locale, key) for v in value]
    return isolated(value, locale) if key.endswith("phone") else value


def _plain(value, locale: str):
    """Plain text for templates: local text in the site's language, and web addresses as text
    (pydantic keeps them as Url objects)."""
    if isinstance(value, Translations):
        return value.in_language(locale)
    if isinstance(value, dict):
        return {k: _plain(v, locale) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v, locale) for v in value]
    if type(value).__name__ in {"HttpUrl", "Url", "AnyUrl"}:
        # pydantic adds a trailing slash to a bare domain; parents type and read it without one.
        return str(value).removesuffix("/") if value.path in (None, "/") else str(value)
    return value
