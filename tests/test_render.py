"""Rendering guides: helpful errors for misspelt fields, and a sandbox that strangers cannot escape."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from support import example_root, TODAY
from toolkit.errors import TemplateError
from toolkit.model import load_project
from toolkit.render import Source, make_context, render_text

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def project():
    return load_project(example_root())


@pytest.fixture
def school_context(project):
    doncaster = project.authorities["doncaster"]
    return make_context(doncaster, doncaster.schools[990101], "en", dt.date(2026, 11, 24))


def test_fields_are_filled_in(school_context):
    text = "{{ school.name }} starts at {{ school.day_starts | time }}. Ring {{ school.phone }}."
    assert render_text(text, school_context, Source("x.md")) == (
        "Millbrook Primary School starts at 8:45am. Ring 01632 960111."
    )


def test_misspelt_field_names_file_line_and_the_real_field(school_context):
    text = "Line one.\n\nWelcome to {{ school.nmae }}.\n"
    with pytest.raises(TemplateError) as caught:
        render_text(text, school_context, Source("content/guides/x.md", first_line=10))
    message = caught.value.render()
    assert message.startswith("content/guides/x.md:12: ")
    assert "Did you mean school.name?" in message


def test_misspelt_nested_field(school_context):
    with pytest.raises(TemplateError) as caught:
        render_text("{{ school.address.postcod }}", school_context, Source("x.md"))
    assert "Did you mean school.address.postcode?" in caught.value.render()


def test_a_field_asked_of_a_date_in_a_loop_says_to_show_the_date_whole(school_context):
    text = "{% for day in school.parents_evenings %}- {{ day.dat }}\n{% endfor %}"
    with pytest.raises(TemplateError) as caught:
        render_text(text, school_context, Source("x.md"))  # the example school has one evening
    assert "'dat' is not part of a date: show it whole, like {{ day | date(\"full\") }}." in caught.value.render()


def test_misspelt_top_level_name(school_context):
    with pytest.raises(TemplateError) as caught:
        render_text("{{ shcool.name }}", school_context, Source("x.md"))
    assert "Did you mean school?" in caught.value.render()


def test_school_field_on_an_authority_site_says_how_to_fix_it(project):
    context = make_context(project.authorities["doncaster"], None, "en", dt.date(2026, 11, 24))
    with pytest.raises(TemplateError) as caught:
        render_text("Ring {{ school.phone }}", context, Source("x.md"))
    assert "{% if school %}" in caught.value.render()


def test_broken_placeholder_syntax_is_explained(school_context):
    with pytest.raises(TemplateError) as caught:
        render_text("a\n{{ school.name }\n", school_context, Source("y.md"))
    assert caught.value.render().startswith("y.md:2: a placeholder is not written correctly")


def test_an_unclosed_if_is_named_where_it_opens_not_at_the_end(school_context):
    text = "Intro.\n{% if school.phone %}\nRing {{ school.phone }}.\n\nMore text.\nThe end.\n"
    with pytest.raises(TemplateError) as caught:
        render_text(text, school_context, Source("y.md"))
    assert caught.value.render() == ("y.md:2: this {% if %} is never closed: add {% endif %} where its part "
                                     "of the page ends.")


def test_a_misspelt_filter_names_the_one_meant(school_context):
    with pytest.raises(TemplateError) as caught:
        render_text("On {{ today | dat }}.", school_context, Source("y.md"))
    assert "No filter named 'dat'. Did you mean date? The filters for guides are date, time, channel, tel." \
        in caught.value.render()


ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ ''.__class__.__mro__ }}",
    "{{ cycler.__init__.__globals__.os.system('touch MARKER') }}",
    "{{ joiner.__init__.__globals__.os.popen('touch MARKER').read() }}",
    "{{ lipsum.__globals__['os'].popen('touch MARKER').read() }}",
    "{{ namespace.__init__.__globals__.os.system('touch MARKER') }}",
    "{{ self.__init__.__globals__.__builtins__.__import__('os').system('touch MARKER') }}",
    "{{ school.__class__.__init__.__globals__['os'].system('touch MARKER') }}",
    "{{ range.__self__ }}",
    "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "{{ school.name.format.__globals__ }}",
    "{{ '{0.__class__}'.format(school) }}",
    "{{ school.update({'name': 'hacked'}) }}",
]


@pytest.mark.parametrize("payload", ESCAPES)
def test_sandbox_escapes_are_refused_and_nothing_runs(payload, school_context, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    marker = tmp_path / "MARKER"
    payload = payload.replace("MARKER", str(marker))
    with pytest.raises(TemplateError) as caught:
        render_text(f"Hello\n{payload}\n", school_context, Source("content/guides/evil.md", first_line=5))
    message = caught.value.render()
    assert message.startswith("content/guides/evil.md:")
    assert "Traceback" not in message
    assert not marker.exists()
    assert school_context["school"]["name"] == "Millbrook Primary School"


def test_dates_are_written_the_way_people_read_them(project):
    doncaster = project.authorities["doncaster"]
    text = "{{ authority.admissions.secondary.closes | date }}"
    english = render_text(text, make_context(doncaster, None, "en", TODAY), Source("x.md"))
    welsh = render_text(text, make_context(doncaster, None, "cy", TODAY), Source("x.md"))
    polish = render_text(text, make_context(doncaster, None, "pl", TODAY), Source("x.md"))
    assert english == "31 October 2026"
    assert welsh == "31 Hydref 2026"
    assert polish == "31 października 2026"


def test_a_templates_skeleton_keeps_its_tags_and_lines_or_is_refused():
    """guides check renders a skeleton (tags and line breaks) only where it finds the same errors."""
    from toolkit.render import skeleton

    assert skeleton("Hello {{ school.name }}.\nBye {% if school %}x{% endif %}") == \
        "{{ school.name }}\n{% if school %}{% endif %}"
    # Text that a tag captures, half a tag, or another template: checked whole.
    for text in ("{% set x %}text{% endset %}{{ x }}", "Hi {{ school.name }", "{% include 'x' %}",
                 "{% raw %}{{ a }}{% endraw %}", "{% macro m() %}text{% endmacro %}{{ m() }}"):
        assert skeleton(text) is None, text


def test_a_loops_text_stays_in_the_skeleton_and_a_page_near_the_limit_is_checked_whole():
    """A loop repeats its text, so the skeleton keeps it: a loop that makes too much is found. The
    text outside loops is left out; where it could take the page over the limit, the whole is
    rendered, and that answer is the page's alone (another page with the same skeleton may differ)."""
    from toolkit.errors import TemplateTooBig
    from toolkit.render import skeleton, template_errors

    assert skeleton("Hi.\n{% for day in days %}- {{ day }}\n{% endfor %}Bye.\n") == \
        "\n{% for day in days %}- {{ day }}\n{% endfor %}\n"
    loop = "{% for i in range(1500) %}" + "y" * 1000 + "{% endfor %}"  # 1.5 million characters
    error, shared = template_errors("{% for i in range(3000) %}" + "y" * 1000 + "{% endfor %}", {}, Source("x.md"))
    assert isinstance(error, TemplateTooBig) and shared  # the loop alone is too big, whatever the page
    error, shared = template_errors("x" * 600_000 + loop, {}, Source("x.md"))  # 2.1 million in all
    assert isinstance(error, TemplateTooBig) and not shared
    error, shared = template_errors("x" * 400_000 + loop, {}, Source("x.md"))  # 1.9 million: fits
    assert error is None and not shared


def test_a_page_near_the_limit_gets_its_own_answer_though_another_shares_its_skeleton():
    """guides check shares answers between pages with one skeleton, except where a page's own text
    decides: a page that fits, checked first, does not answer for a longer one that does not."""
    from toolkit.checks.template import _render_errors
    from toolkit.errors import TemplateTooBig

    loop = "{% for i in range(1500) %}" + "y" * 1000 + "{% endfor %}"
    shared_by_a_run, values = {}, {}
    fits = _render_errors("Hi.\n" + loop, "skeleton", values, Source("a.md"), False, shared_by_a_run)
    too_big = _render_errors("x" * 900_000 + "\n" + loop, "skeleton", values, Source("b.md"), False, shared_by_a_run)
    assert fits is None and isinstance(too_big, TemplateTooBig)


def test_text_captured_by_a_set_with_a_filter_is_checked_whole():
    """{% set x | trim %}...{% endset %} captures text that a loop can then repeat: not a skeleton."""
    from toolkit.errors import TemplateTooBig
    from toolkit.render import skeleton, template_errors

    text = "{% set x | trim %}" + "a" * 1000 + "{% endset %}{% for i in range(5000) %}{{ x }}{% endfor %}"
    assert skeleton(text) is None
    error, _ = template_errors(text, {}, Source("x.md"))
    assert isinstance(error, TemplateTooBig)

def test_text_marked_as_html_by_a_template_cannot_carry_a_tag_in(school_context):
    """A {% set %} block, a macro or | e makes text the template marks as HTML: none of its ways to
    add text may add unescaped text ('%c' | format(60) is how a guide writes '<' without writing it)."""
    lt, gt = '"%c" | format(60)', '"%c" | format(62)'
    source = Source("content/guides/evil.md", first_line=5)
    with pytest.raises(TemplateError, match="evil.md:6: .*'translate'"):
        render_text("Hi\n{% set x %}a{% endset %}{{ x.translate({97: " + lt + " ~ 'b' ~ " + gt + "}) }}",
                    school_context, source)
    page = render_text("{% set y %}one\ntwo{% endset %}{{ y | indent(" + lt + " ~ 'img src=x' ~ " + gt + ") }}\n"
                       "{{ 'a\nb' | indent('> ') }}", school_context, source)
    assert "<" not in page and "&lt;img src=x&gt;two" in page and "a\n&gt; b" in page


def test_a_loop_that_writes_markdown_too_tangled_to_read_is_refused(school_context):
    """The check counts the '[' a guide has; the page gets what its loops make (Markdown reads each
    paragraph's '[' to its end: 30,000 take it minutes)."""
    from toolkit.errors import TemplateTooBig

    source = Source("content/guides/evil.md", first_line=5)
    for template in ("Hi\n\n{% for i in range(30000) %}[{% endfor %}", "{{ '[' * 30000 }}"):
        with pytest.raises(TemplateTooBig, match="evil.md:5: filled in, a paragraph has 30,000 '\\[' signs"):
            render_text(template, school_context, source)
    # Every heading, and every abbreviation, costs more the more there are.
    with pytest.raises(TemplateTooBig, match="evil.md:5: filled in, this page is 20,001 lines long"):
        render_text("{% for i in range(20000) %}# A heading\n{% endfor %}", school_context, source)
    with pytest.raises(TemplateTooBig, match="evil.md:5: filled in, this page has 1,000 abbreviations"):
        render_text("{% for i in range(1000) %}*[W{{ i }}]: A word\n{% endfor %}", school_context, source)
    schools = "{% for i in range(500) %}- [School {{ i }}](../{{ i }}/)\n{% endfor %}"
    assert render_text(schools, school_context, source).count("[") == 500  # a list: each item read alone


def test_a_sites_renders_each_get_their_own_seconds_and_a_stall_is_still_stopped(school_context):
    """A site's hundreds of renders share one timer handler and memory ceiling (limits.many_renders);
    each render must still start its own timer, and stop it when done."""
    import signal
    import time

    from toolkit import limits
    from toolkit.errors import TemplateTooBig

    source = Source("content/guides/evil.md", first_line=5)
    context = {**school_context, "seconds_left": lambda: round(signal.getitimer(signal.ITIMER_REAL)[0], 1)}
    handler = signal.getsignal(signal.SIGALRM)
    with limits.many_renders():
        for _ in range(3):
            time.sleep(0.2)
            assert render_text("{{ seconds_left() }}", context, source) == str(limits.SECONDS)
            assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # no timer left running between pages
        started = time.monotonic()
        with pytest.raises(TemplateTooBig, match="evil.md:6: this template takes too long to fill in"):
            render_text("Hi\n{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
                        school_context, source)
        assert time.monotonic() - started < limits.SECONDS + 5
        assert render_text("{{ school.name }}", school_context, source) == "Millbrook Primary School"
    assert signal.getsignal(signal.SIGALRM) is handler


@pytest.mark.parametrize("text", ["A plain title", "Ends with a new line\n", "Two\n\nparagraphs\n\n\n", "",
                                  "  spaces\tand tabs  ", "Only closing signs: }} %} #} and 50% off",
                                  "Windows line ends\r\nhere\r\n", "An old Mac's\rline end",
                                  "Ysgol – ‘dyddiad’ \u2028 اردو\n", "# A heading\n- a list\n> a quote\n"])
def test_text_with_no_tag_comes_out_as_jinja_would_write_it(text, school_context):
    """Most titles and key points have no placeholder: they skip Jinja, and must read the same."""
    from toolkit.render import GuideEnvironment

    for plain in (False, True):
        made = GuideEnvironment(markdown=not plain).from_string(text).render(school_context)
        assert render_text(text, school_context, Source("content/guides/a.md"), plain=plain) == made


def test_text_with_no_tag_is_still_refused_when_too_tangled_to_read(school_context):
    from toolkit.errors import TemplateTooBig

    with pytest.raises(TemplateTooBig, match="a.md:1: filled in, a paragraph has 30,000 '\\[' signs"):
        render_text("[" * 30000, school_context, Source("content/guides/a.md"))
