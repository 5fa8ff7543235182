"""School sites filled in from a stencil (toolkit/stencil.py) are the sites MkDocs builds, byte for
byte, whatever a school's details hold; and a school whose details MkDocs would not show as they
are is built the ordinary way."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support import TODAY

from toolkit.stencil import plain

# Names a school could have: plain ones share a stencil; the others must come out as MkDocs makes them.
NAMES = [
    "Rowan Tree Primary School", "Cedar Park Academy", "Ysgol Gŵyr", "Hawthorn School: Upper Site",
    "St Mary's & St John's Primary", "Oak <b>Tree</b> School", "*Elm* School", "1. First School",
    "Birch  Lane School", "Hazel_Bank School", "Larch [Lane] School", "Aspen School {: #x }",
    "Rowan Tree Primary School Annexe", "Doncaster Rowan",
]


def _add_schools(repo: Path) -> list[int]:
    """Schools made from the authority's first, each with its own name, phone, web and email addresses,
    and parents' evenings (after TODAY, so that pages show them)."""
    folder = repo / "authorities/doncaster/schools"
    template = sorted(folder.glob("*.yml"))[0].read_text(encoding="utf-8")
    old_name = re.search(r"(?m)^name: (.*)$", template).group(1)
    urns = []
    for number, name in enumerate(NAMES):
        urn = 990300 + number
        host = f"school{number}.example.org"
        text = re.sub(r"(?m)^urn: .*$", f"urn: {urn}", template)
        text = re.sub(r"(?m)^name: .*$", f"name: {_quoted(name)}", text)
        text = re.sub(r"(?m)^phone: .*$", f"phone: 01632 960{300 + number}", text)
        text = re.sub(r"(?m)^website: .*$", f"website: https://{host}", text)
        text = re.sub(r"(?m)^office_email: .*$", f"office_email: office@{host}", text)
        text = re.sub(r"(?m)^parents_evenings: .*\n", "", text)
        text += f"\nparents_evenings: [2027-01-{10 + number}, 2027-03-{10 + number}]\n"
        (folder / f"{urn}.yml").write_text(text.replace(old_name, name), encoding="utf-8")
        urns.append(urn)
    return urns


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _build(repo: Path, out: Path, urns: list[int], stencils: bool, locales=("en", "ur"), **env_vars: str) -> str:
    """Build the schools' sites in English and in a right-to-left language; what the builds printed."""
    env = dict(os.environ, GUIDES_TODAY=TODAY.isoformat(), NO_MKDOCS_2_WARNING="1",
               GUIDES_NO_STENCIL="" if stencils else "1", **env_vars)
    schools = [arg for urn in urns for arg in ("--school", str(urn))]
    printed = ""
    for locale in locales:
        done = subprocess.run([sys.executable, "-m", "toolkit", "build", "--authority", "doncaster", *schools,
                               "--locale", locale, "--jobs", "1", "--out", str(out)],
                              cwd=repo, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        printed += done.stdout
    return printed


def _files(out: Path) -> dict[str, bytes]:
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in sorted(out.rglob("*"))
            if path.is_file() and path.name != ".lock"}


def _assert_same_sites(ordinary: Path, stencilled: Path) -> None:
    expected, made = _files(ordinary), _files(stencilled)
    assert sorted(made) == sorted(expected)
    different = [name for name in expected if made[name] != expected[name]]
    assert not different, f"{len(different)} files differ, first {different[:5]}"


def _filled_in(printed: str) -> int:
    return sum(int(n) for n in re.findall(r"\((\d+) filled in from a school's site of the same kind\)", printed))


def test_sites_filled_in_from_a_stencil_are_byte_for_byte_the_ordinary_build(repo, tmp_path):
    urns = _add_schools(repo)
    ordinary = _build(repo, tmp_path / "ordinary", urns, stencils=False)
    stencilled = _build(repo, tmp_path / "stencilled", urns, stencils=True)
    assert _filled_in(ordinary) == 0
    # Five plain names in each language, built by one worker: the first makes the stencil, and all
    # five are filled in from it.
    assert _filled_in(stencilled) == 10
    _assert_same_sites(tmp_path / "ordinary", tmp_path / "stencilled")
    page = (tmp_path / "stencilled/doncaster/schools/990302/en/school/index.html").read_text(encoding="utf-8")
    assert "Ysgol Gŵyr" in page and "office@school2.example.org" in page and "01632 960302" in page
    assert "Friday, 12 March 2027" in page  # its own parents' evening, where the first school's was


# Lines a council's own version of a guide could add, where MkDocs would not show a school's detail
# as it shows a stand-in: the check of the stencil's files, or the stand-ins' own rules, must notice, and
# the sites be built by MkDocs.
NOT_AS_WRITTEN = {
    # the heading's id is made from the name
    "heading": "\n## Visiting {{ school.name }}\n\nAsk at the office.\n",
    # Markdown reads a link's address: "01632 960300" has a space, a stand-in has none
    "link address": "\nRing [the office](tel:{{ school.phone }}).\n",
    # <Rowan Tree Primary School> is an HTML tag to Markdown
    "angle brackets": "\nAsk for <{{ school.name }}> at the gate.\n",
    # a stranger's text with the mark a stand-in is made of
    "a mark": "\nA sign \ue0000\ue001 here.\n",
}


@pytest.mark.parametrize("added", NOT_AS_WRITTEN.values(), ids=NOT_AS_WRITTEN.keys())
def test_a_detail_that_would_not_come_out_as_its_stand_in_sends_the_sites_the_ordinary_way(repo, tmp_path, added):
    urns = _add_schools(repo)[:4]
    guide = sorted((repo / "content/guides").glob("*.md"))[0]
    local = repo / "authorities/doncaster/guides" / guide.name
    local.parent.mkdir(parents=True, exist_ok=True)
    local.write_text(guide.read_text(encoding="utf-8") + added, encoding="utf-8")
    _build(repo, tmp_path / "ordinary", urns, stencils=False, locales=("en",))
    stencilled = _build(repo, tmp_path / "stencilled", urns, stencils=True, locales=("en",))
    assert _filled_in(stencilled) == 0
    _assert_same_sites(tmp_path / "ordinary", tmp_path / "stencilled")


# Found by reviewing the stencils: a council's guide that puts a detail where its characters matter,
# and schools whose details pass as plain. The first school makes the stencil; the third is the
# one whose site must still come out as MkDocs makes it (the fourth is plain again).
TRICKY = {
    "raw HTML attributes": (
        '\n<p><a href="{{ school.custom.shop }}">Our shop</a></p>\n'
        '<div class="{{ school.custom.style }}" id="{{ school.custom.anchor }}">Open on Fridays.</div>\n',
        [{"shop": "uniformshop", "style": "shopnote", "anchor": "shopping"},
         {"shop": "schoolshop", "style": "shopnotes", "anchor": "buying"},
         {"shop": "javascript:1; alert(document.cookie)", "style": "mermaid", "anchor": "md-content"},
         {"shop": "ourshop", "style": "shopping", "anchor": "buy now"}]),
    "an attribute on a tag's second line": (
        '\n<div\n  class="{{ school.custom.style }}">Open on Fridays.</div>\n',
        [{"style": "shopnote"}, {"style": "shopnotes"}, {"style": "mermaid"}, {"style": "shopping"}]),
    "reference address": (
        "\nYou can also buy it at [the shop][shop].\n\n[shop]: {{ school.custom.shop }}\n",
        [{"shop": "uniformshop"}, {"shop": "schoolshop"}, {"shop": "javascript:1;alert(1)"}, {"shop": "ourshop"}]),
    "a tooltip word across a detail": (
        "\nZorb club is one kind of Zorb.\n\nAt {{ school.name }} we run Zorb {{ school.custom.offer }}.\n",
        [{"offer": "games at lunchtime"}, {"offer": "art after school"}, {"offer": "club on Fridays"},
         {"offer": "chess on Mondays"}]),
    # the other way round: the detail ends with the word's beginning, "Fridays at Zo" + "rb club"
    "a detail running into a tooltip word": (
        "\nWe meet {{ school.custom.when }}rb club.\n",
        [{"when": "Mondays at He"}, {"when": "Tuesdays at Ha"}, {"when": "Fridays at Zo"},
         {"when": "Sundays at Ke"}]),
    "a number at the start of a line": (
        "\n{{ school.custom.opened }}. That is when our shop opened.\n",
        [{"opened": "Spring 2019"}, {"opened": "Autumn 2020"}, {"opened": "2021"}, {"opened": "Summer 2022"}]),
    "an abbreviation line Markdown reads": (
        "\n*[PTA] : Parent Teacher Association, parents and staff who raise money for the school.\n\n"
        "{{ school.custom.group }}\n",
        [{"group": "Friends of Alpha meet each month."}, {"group": "Friends of Beta meet each month."},
         {"group": "The PTA meets once a term."}, {"group": "Friends of Delta meet each month."}]),
    "an address in angle brackets": (
        "\nShop online at <{{ school.custom.site }}>.\n",
        [{"site": "uniforms.alpha.example.org"}, {"site": "uniforms.beta.example.org"},
         {"site": "1stop-uniforms.example.org"}, {"site": "uniforms.delta.example.org"}]),
    "a detail before an image": (
        "\n{{ school.custom.cheer }}[our shop](https://example.org/shop)\n",
        [{"cheer": "Come along"}, {"cheer": "Say hello"}, {"cheer": "Hooray!"}, {"cheer": "Welcome"}]),
}


@pytest.mark.parametrize("added, customs", TRICKY.values(), ids=TRICKY.keys())
def test_a_detail_whose_characters_matter_comes_out_as_mkdocs_makes_it(repo, tmp_path, added, customs):
    urns = _add_schools(repo)[:4]
    for urn, custom in zip(urns, customs):
        school = repo / f"authorities/doncaster/schools/{urn}.yml"
        lines = "".join(f"  {key}: {_quoted(value)}\n" for key, value in custom.items())
        school.write_text(school.read_text(encoding="utf-8") + f"custom:\n{lines}", encoding="utf-8")
    glossary = repo / "content/glossary.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "  - term: Zorb\n    meaning: A made-up word.\n"
                        "  - term: Zorb club\n    meaning: A made-up club.\n", encoding="utf-8")
    guide = sorted((repo / "content/guides").glob("*.md"))[0]
    local = repo / "authorities/doncaster/guides" / guide.name
    local.parent.mkdir(parents=True, exist_ok=True)
    local.write_text(guide.read_text(encoding="utf-8") + added, encoding="utf-8")
    _build(repo, tmp_path / "ordinary", urns, stencils=False, locales=("en",))
    _build(repo, tmp_path / "stencilled", urns, stencils=True, locales=("en",))
    _assert_same_sites(tmp_path / "ordinary", tmp_path / "stencilled")


def test_plain_details_are_those_markdown_and_html_show_as_they_are():
    for text in ("Rowan Tree Primary School", "Ysgol Gŵyr", "01632 960111", "7:45am in the hall. Free.",
                 "Note: bring a coat", "office@school.example.org", "school.example.org/news"):
        assert plain(text), text
    for text in ("Oak", "St Mary's", "A & B", "<b>Oak</b>", "*Elm*", "Hazel_Bank", "[Larch]", "1. First",
                 "- Rowan", " Rowan", "Birch  Lane", "javascript:alert(1)", "Rowan\nTree",
                 "Aspen {: #x }", "Back`tick`", "a \\ b", 'Say "hi"', "Ash | Elm", "Ash # 2"):
        assert not plain(text), text


def test_filled_in_sites_link_the_theme_when_the_temporary_folder_is_on_another_disk(repo, tmp_path):
    """/tmp is often a RAM disk: a stencil made there got copies of the theme's files, not links to
    the build's one copy, and every site filled in from it wrote its own 2 MB of them."""
    other_disk = Path("/dev/shm")
    if not other_disk.is_dir() or other_disk.stat().st_dev == tmp_path.stat().st_dev:
        pytest.skip("needs a folder on another disk than the build's (/dev/shm)")
    urns = _add_schools(repo)[:3]  # three plain names: one kind, one stencil
    printed = _build(repo, tmp_path / "out", urns, stencils=True, locales=("en",), TMPDIR=str(other_disk))
    assert _filled_in(printed) == 3
    for urn in urns:
        theme = [p for p in (tmp_path / f"out/doncaster/schools/{urn}/en/assets").rglob("*") if p.is_file()]
        assert theme and all(path.stat().st_nlink > 1 for path in theme), urn


def test_schools_of_a_kind_share_one_stencil(repo):
    """Two plain schools' sites, each with its details (and its pages' short addresses, in their text
    messages) stood in for, are the same site: one stencil is made for both, not one each."""
    from toolkit.assemble import Site, assemble
    from toolkit.model import load_project
    from toolkit.stencil import stand_in

    first, second = _add_schools(repo)[:2]
    project = load_project(repo)
    stood_in = [stand_in(assemble(project, Site("doncaster", "en", urn), TODAY)) for urn in (first, second)]
    messages = [page.meta["text_message"] for page in stood_in[0].site.pages if "text_message" in page.meta]
    assert messages and not any(re.search(r"/t/[a-z2-7]{8}/", message) for message in messages)
    assert stood_in[0].key == stood_in[1].key


def test_a_stencil_is_for_one_day_as_the_site_map_is(repo, monkeypatch):
    """MkDocs dates the site map with the day it builds: a build that runs past midnight must not
    fill in a site from a stencil made the day before."""
    import datetime as dt

    from toolkit.assemble import assemble, sites_for
    from toolkit.model import load_project
    from toolkit.stencil import stand_in

    project = load_project(repo)
    site = next(s for s in sites_for(project, "doncaster", schools=["all"]) if s.school)
    school_site = assemble(project, site, TODAY)
    keys = []
    for day in (TODAY, TODAY + dt.timedelta(days=1)):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(day.year, day.month, day.day, 12).timestamp())))
        keys.append(stand_in(school_site).key)
    assert keys[0] != keys[1]


def test_a_stand_in_that_mkdocs_changed_is_found_in_the_stencils_files():
    """A stand-in's name outside a whole stand-in (a heading's id made of it, an address that
    escaped its marks, a name in capitals) means the stencil would not fill that place in."""
    from toolkit.stencil import CLOSE, NONCE, OPEN, Stencil, _changed, _Template

    name, web = f"{OPEN}0123456789ab{CLOSE}", f"{NONCE}ba9876543210.example"
    marks = {name: "Rowan Tree School", web: "rowan.example.org"}

    def stencil(text: str, data: bytes = b"") -> Stencil:
        return Stencil({"index.html": _Template(text)}, {"search.json": data}, {}, frozenset(), None, ())

    whole = f'<h1>{name}</h1><a href="https://{web}/">x</a><script>{{"site":"\\ue0000123456789ab\\ue001"}}</script>'
    assert not _changed(stencil(whole, b'{"text": "no stand-in here"}'), marks)
    assert _changed(stencil(whole + '<h2 id="visiting-0123456789ab">'), marks)
    assert _changed(stencil(whole + "%EE%80%800123456789ab%EE%80%81"), marks)
    assert _changed(stencil(whole, b'{"location": "#BA9876543210"}'), marks)


def test_schools_whose_data_differ_only_in_their_texts_are_of_one_kind():
    """A stencil is made only for a kind with more than one school in the build: schools that differ
    only in texts (name, phone, web address) and days (opening date) are of one kind; a school with
    another phase, or with parents' evenings where the others have none, is not; nor is the same
    school in another language."""
    import datetime as dt
    from types import SimpleNamespace

    from toolkit.assemble import Site, school_kind
    from toolkit.schemas import School

    schools = {
        1: School(urn=990301, name="Rowan Tree School", phase="Primary", phone="01632 960301",
                  website="https://rowan.example.org", opening_date=dt.date(2027, 9, 1)),
        2: School(urn=990302, name="Cedar Park School", phase="Primary", phone="01632 960302",
                  website="https://cedar.example.org", opening_date=dt.date(2027, 9, 1)),
        3: School(urn=990303, name="Elm School", phase="Secondary", phone="01632 960303",
                  website="https://elm.example.org", opening_date=dt.date(2027, 9, 1)),
        4: School(urn=990304, name="Ash School", phase="Primary", phone="01632 960304",
                  website="https://ash.example.org", opening_date=dt.date(2027, 9, 2)),
        5: School(urn=990305, name="Oak School", phase="Primary", phone="01632 960305",
                  website="https://oak.example.org", opening_date=dt.date(2027, 9, 1),
                  parents_evenings=[dt.date(2027, 3, 16)]),
    }
    project = SimpleNamespace(authorities={"doncaster": SimpleNamespace(schools=schools)})
    kinds = [school_kind(project, Site("doncaster", "en", urn)) for urn in schools]
    assert kinds[0] == kinds[1] == kinds[3]
    assert len({kinds[0], kinds[2], kinds[4]}) == 3
    assert school_kind(project, Site("doncaster", "ur", 1)) != kinds[0]


def test_details_a_tooltip_word_runs_into_are_found_and_pages_without_such_words_need_none():
    """A language with no glossary has no tooltip words: nothing is caught, and nothing fails."""
    from toolkit.stencil import _in_tooltips

    bodies = ["We have SEN support in every class.", "Ring 01632 960111 or visit Rowan Tree."]
    assert _in_tooltips({"support in every class", "01632 960111"}, bodies, frozenset()) == set()
    assert _in_tooltips({"support in every class", "01632 960111", "Rowan Tree"}, bodies,
                        frozenset({"SEN support", "SEN", "Tree"})) == {"support in every class", "Rowan Tree"}
