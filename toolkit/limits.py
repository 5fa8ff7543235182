"""Bounds on what a guide's template can make, so that no pull request can stall a check or a build.

A template is a stranger's text. Jinja's sandbox stops it reaching Python, but not from asking for
a billion loop turns or a ten-gigabyte string. So:

- the operators and calls that make big values from small ones are checked before they run
  ('x' * 10**10, 10**10**10, '{:>999999999}'.format(1), '%*d' | format(10**9, 1), center(10**9));
- each page is rendered with a deadline (a timer) and a ceiling on memory (the process's address
  space, raised again as soon as the page is done, or the site: `many_renders`), and its output
  may not pass MAX_OUTPUT;
- running over any of them is a TooBig, which the caller reports as `template.too-big` at the line.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import string
import threading

MAX_TEXT = 1_000_000  # characters in any one value a template makes
MAX_OUTPUT = 2_000_000  # characters in one rendered page (the longest guide is about 6,000)
MAX_TEMPLATE = 1_000_000  # characters in one template
MAX_WIDTH = 1_000  # a field width or precision in a format, a width given to center or indent
# characters inside one template's tags ({{ }}, {% %}, {# #}): the most any page has is about 3,000, and
# Jinja takes about a second and 50 MB to compile 50,000, outside the time and memory bounds below
MAX_PLACEHOLDERS = 20_000
MAX_EXPONENT_BITS = 4_096  # the size of a number made with **
SECONDS = 2.0  # to render one page: the slowest real guide takes about 5 ms
MEMORY = 512 * 1024 * 1024  # bytes a render may add to the process

TOO_SLOW = (f"this template takes too long to fill in (more than {SECONDS:g} seconds). Look for a loop inside "
            "a loop, or a very long range(), and make it smaller.")
TOO_MUCH_MEMORY = "this template would make more text than a page can hold. Make the repeated or padded text shorter."
TOO_DEEP = "this template nests too deeply: a macro calls itself without end, or brackets go too deep. Simplify it."
TOO_LONG_RANGE = "this range() counts more than 100,000 numbers. A page needs far fewer: make it smaller."
TOO_WIDE = (f"this placeholder pads a value to a width of more than {MAX_WIDTH} characters. Remove the width "
            "from the format.")
TOO_MANY_PLACEHOLDERS = (f"this template has more than {MAX_PLACEHOLDERS:,} characters of placeholders and tags, "
                         "far more than a page needs. Write more of it as plain text, or split it up.")
TOO_LONG_TEMPLATE = f"this file is too long to be a guide (over {MAX_TEMPLATE:,} characters). Split it up."


class TooBig(Exception):
    """A template asked for more than a page can take; the message says what, in plain words.
    `line` is the template line, where it is known only here (the page grew too long there)."""

    line: int | None = None


def check_binop(operator: str, left, right) -> None:
    if operator == "*":
        for text, times in ((left, right), (right, left)):
            if isinstance(text, (str, list, tuple)) and isinstance(times, int) and len(text) * times > MAX_TEXT:
                raise TooBig(f"this placeholder repeats text {times:,} times, which would make a page too big. "
                             "Repeat it fewer times.")
    elif operator == "**" and isinstance(left, int) and isinstance(right, int):
        if right > 0 and abs(left) > 1 and right * max(abs(left).bit_length(), 1) > MAX_EXPONENT_BITS:
            raise TooBig(f"this placeholder makes a number too big to show ({left} ** {right}).")
    elif operator == "%" and isinstance(left, str):
        check_percent_format(left)
    elif operator == "+" and isinstance(left, (str, list)) and isinstance(right, (str, list)):
        if len(left) + len(right) > MAX_TEXT:
            raise TooBig(TOO_MUCH_MEMORY)


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d*)(?:\.(\*|\d*))?")


def check_percent_format(text: str) -> None:
    """'%*d' and '%999999999d': a width that pads one value to gigabytes."""
    for width, precision in _PERCENT_SPEC.findall(text):
        for number in (width, precision):
            if number == "*" or (number.isdigit() and int(number) > MAX_WIDTH):
                raise TooBig(TOO_WIDE)


def check_format_spec(text) -> None:
    """'{:>999999999}'.format(1): a field width in str.format."""
    try:
        fields = list(string.Formatter().parse(str(text)))
    except ValueError:
        return  # Jinja reports a broken format string itself
    for _, _, spec, _ in fields:
        if spec and ("{" in spec or any(int(n) > MAX_WIDTH for n in re.findall(r"\d+", spec))):
            raise TooBig(TOO_WIDE)


_PADDING_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs"}


def check_call(function, args) -> None:
    """'x'.center(10**9) and friends, called as methods in a template."""
    name = getattr(function, "__name__", "")
    if name in _PADDING_METHODS and isinstance(getattr(function, "__self__", None), str):
        check_width(args, {})


MAX_DIGITS = 20  # places to round a number to, either side of the point


def check_round(precision) -> None:
    if isinstance(precision, int) and abs(precision) > MAX_DIGITS:
        raise TooBig(f"this placeholder rounds to {precision:,} places; a page needs at most {MAX_DIGITS}.")


def check_width(args, kwargs) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and value > MAX_WIDTH:
            raise TooBig(f"this placeholder asks for a width of {value:,}; the most a page can use is {MAX_WIDTH}.")


def bounded_render(template, context: dict) -> str:
    """Render `template` within the time, memory and size bounds above."""
    if _Renders.active and threading.get_ident() == _Renders.thread:
        _Renders.rendering = True
        signal.setitimer(signal.ITIMER_REAL, SECONDS)  # many_renders' handler is already in place
        try:
            return _collect(template, context)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            _Renders.rendering = False
    with deadline(SECONDS, TOO_SLOW), _memory_ceiling(MEMORY):
        return _collect(template, context)


class _Renders:
    """While many_renders() runs: in which thread, and whether a render is under way there."""

    active = False
    thread: int | None = None
    rendering = False


@contextlib.contextmanager
def many_renders():
    """Around the hundreds of renders that make one site: each still has its SECONDS, but the timer's
    handler is put in place once and the memory ceiling (MEMORY more than now) is set once, for all of
    them. Setting both for each render was a tenth of the time a school's site takes."""
    if _Renders.active or threading.current_thread() is not threading.main_thread() \
            or not hasattr(signal, "setitimer"):
        yield
        return

    def on_alarm(signum, frame):
        if _Renders.rendering:
            raise TooBig(TOO_SLOW)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    _Renders.active, _Renders.thread = True, threading.get_ident()
    try:
        with _memory_ceiling(MEMORY):
            yield
    finally:
        _Renders.active = _Renders.rendering = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _collect(template, context: dict) -> str:
    pieces, size = [], 0
    output = template.generate(context)
    for piece in output:
        size += len(piece)
        if size > MAX_OUTPUT:
            error = TooBig(TOO_MUCH_MEMORY)
            error.line = _line_now(template, output)
            raise error
        pieces.append(piece)
    return "".join(pieces)


def _line_now(template, output) -> int | None:
    """The template line that the paused render is at (Jinja's generate() delegates to the
    compiled template with `yield from`; Jinja maps the compiled code's lines back)."""
    inner = getattr(output, "gi_yieldfrom", None)
    frame = getattr(inner, "gi_frame", None)
    return template.get_corresponding_lineno(frame.f_lineno) if frame else None


@contextlib.contextmanager
def deadline(seconds: float, message: str):
    """Raise TooBig(message) in this thread after `seconds`. Only the main thread can have a timer
    signal; elsewhere (MkDocs' live preview) the memory ceiling and the size limits still hold.
    Deadlines do not nest: an inner one replaces the outer one's timer until it ends."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return
    active = [True]

    def on_alarm(signum, frame):
        if active[0]:
            raise TooBig(message)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        active[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _memory_ceiling(extra: int):
    """Let this process grow by at most `extra` bytes while the block runs: a bigger allocation
    fails with MemoryError instead of taking the machine's memory (Linux; elsewhere a no-op)."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        ceiling = _address_space() + extra
    except (ImportError, OSError, ValueError):
        yield
        return
    if soft != resource.RLIM_INFINITY and soft <= ceiling or hard != resource.RLIM_INFINITY and hard < ceiling:
        yield  # already held lower by someone else: keep theirs
        return
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _address_space() -> int:
    with open("/proc/self/statm", "rb") as statm:
        return int(statm.read().split()[0]) * _PAGE_SIZE
