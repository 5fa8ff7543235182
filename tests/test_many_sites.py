"""Many sites: one school's own site, incremental rebuilds, shared theme files, shards, and one
failing site that does not stop the others."""

from __future__ import annotations

import datetime as dt
import json
import os
import re

import pytest
from support import TODAY, page_text, run_guides

from toolkit.assemble import Site, sites_for
from toolkit.build import build_sites, raise_for_failures
from toolkit.errors import BuildError, Problem, UnreadableInput
from toolkit.model import load_project


def _build(repo, *args):
    result = run_guides("build", "--authority", "doncaster", "--out", str(repo / "site"), *args, cwd=repo)
    return result


def test_a_schools_own_site_uses_its_details_in_every_language(repo):
    result = _build(repo, "--school", "990101")
    assert result.returncode == 0, result.stderr
    for locale in ("en", "pl", "ur"):
        assert (repo / f"site/doncaster/schools/990101/{locale}/index.html").is_file()
    guide = page_text(repo / "site/doncaster/schools/990101/en/guides/first-day-at-primary-school/index.html")
    assert "The school day at Millbrook Primary School starts at 8:45am." in guide
    own = page_text(repo / "site/doncaster/schools/990101/en/school/index.html")
    assert "01632 960111" in own
    assert "url=en/" in (repo / "site/doncaster/schools/990101/index.html").read_text()


def test_a_schools_site_shows_the_guides_for_its_age_range_in_its_teaching_language(repo):
    result = run_guides("build", "--authority", "cardiff", "--school", "990201", "--school", "990205",
                        "--out", str(repo / "site"), cwd=repo)
    assert result.returncode == 0, result.stderr
    primary = page_text(repo / "site/cardiff/schools/990201/en/index.html")  # Glan yr Afon, a primary school
    assert "Your child's first day at primary school" in primary and "Choosing subjects at 14" not in primary
    secondary = page_text(repo / "site/cardiff/schools/990205/en/index.html")
    assert "Choosing subjects at 14" in secondary and "first day at primary school" not in secondary
    assert "Before your child starts school" not in secondary
    # Both are Welsh-medium schools: their sites' addresses open the Welsh pages.
    assert "url=cy/" in (repo / "site/cardiff/schools/990205/index.html").read_text()


def test_a_school_with_nothing_but_its_name_gets_a_plain_page(repo):
    (repo / "authorities/doncaster/schools/990199.yml").write_text("urn: 990199\nname: Hazel Lane School\n")
    result = _build(repo, "--school", "990199")
    assert result.returncode == 0, result.stderr
    page = page_text(repo / "site/doncaster/schools/990199/en/school/index.html")
    assert "This site does not have the school's contact details yet. The council can give them to you." in page
    assert "Ask the school office what time the day starts and ends." in page
    assert "None" not in page


def test_parents_evenings_that_have_passed_are_not_listed_as_next(repo):
    past, coming = TODAY - dt.timedelta(days=3), TODAY + dt.timedelta(days=30)
    school = repo / "authorities/doncaster/schools/990101.yml"
    school.write_text(re.sub(r"(?m)^parents_evenings:.*$", f"parents_evenings: [{past}, {coming}]",
                             school.read_text(encoding="utf-8")), encoding="utf-8")
    result = _build(repo, "--school", "990101", "--locale", "en")
    assert result.returncode == 0, result.stderr
    for page in ("guides/parents-evening", "school"):
        text = page_text(repo / f"site/doncaster/schools/990101/en/{page}/index.html")
        assert f"{coming.day} {coming:%B %Y}" in text and f"{past.day} {past:%B %Y}" not in text


def test_unknown_school_is_bad_usage(repo):
    result = _build(repo, "--school", "123")
    assert result.returncode == 2
    assert "no school with URN 123" in result.stderr


def test_unchanged_sites_are_not_rebuilt_and_one_school_change_rebuilds_only_its_sites(repo):
    first = _build(repo, "--schools", "all")
    assert first.returncode == 0, first.stderr
    languages = len(load_project(repo).authorities["doncaster"].data.languages)
    total = len(list((repo / "authorities/doncaster/schools").glob("*.yml"))) * languages + languages
    assert f"{total} site(s) built, 0 unchanged" in first.stdout

    again = _build(repo, "--schools", "all")
    assert f"0 site(s) built, {total} unchanged" in again.stdout

    school = repo / "authorities/doncaster/schools/990102.yml"
    evening = TODAY + dt.timedelta(days=40)  # a date still to come: past ones are not shown
    school.write_text(school.read_text().replace("2026-11-26", evening.isoformat()))
    changed = _build(repo, "--schools", "all")
    # Only the school's own site, in each language: the authority's directory links to it.
    assert f"{languages} site(s) built, {total - languages} unchanged" in changed.stdout
    built = [line for line in changed.stderr.splitlines() if "built " in line]
    assert all("school 990102" in line or "school" not in line for line in built)
    own = page_text(repo / "site/doncaster/schools/990102/en/school/index.html")
    assert f"{evening:%A}, {evening.day} {evening:%B %Y}" in own


def test_theme_assets_are_shared_not_copied(repo):
    assert _build(repo, "--schools", "all").returncode == 0
    sheets = sorted((repo / "site").glob("doncaster/**/assets/stylesheets/main.*.min.css"))
    assert len(sheets) > 10
    assert len({sheet.stat().st_ino for sheet in sheets}) == 1  # one file on disk, linked everywhere


def test_a_site_has_the_search_scripts_of_its_search_languages_and_no_others(repo):
    """mkdocs-material ships stemming scripts for 30 languages; its search loads only those of the
    languages in the site's search index (and two support scripts when there are any)."""
    assert _build(repo, "--schools", "all").returncode == 0
    indexes = sorted((repo / "site").glob("doncaster/**/search/search_index.json"))
    assert indexes
    for index in indexes:
        languages = json.loads(index.read_text())["config"]["lang"]
        scripts = {p.name for p in (index.parent.parent / "assets/javascripts/lunr").rglob("*.js")}
        stemmers = {f"lunr.{language}.min.js" for language in languages if language != "en"}
        assert stemmers <= scripts
        assert not {name for name in scripts - stemmers if name.startswith("lunr.")
                    and name not in ("lunr.multi.min.js", "lunr.stemmer.support.min.js")}
        assert bool(scripts) == bool(stemmers)


@pytest.mark.parametrize("languages, kept", [
    (["en"], set()),
    (["ar"], {"min/lunr.ar.min.js", "min/lunr.stemmer.support.min.js"}),
    (["en", "de"], {"min/lunr.de.min.js", "min/lunr.multi.min.js", "min/lunr.stemmer.support.min.js"}),
    (["ja"], {"min/lunr.ja.min.js", "tinyseg.js", "min/lunr.stemmer.support.min.js"}),
    (["th"], {"min/lunr.th.min.js", "wordcut.js", "min/lunr.stemmer.support.min.js"}),
])
def test_the_search_scripts_kept_are_those_the_search_worker_loads(languages, kept):
    from toolkit.fast_mkdocs import unused_search_files

    every = {name.removeprefix("assets/javascripts/lunr/") for name in unused_search_files(["en"])}
    assert {"min/lunr.de.min.js", "tinyseg.js"} <= every
    left_out = {name.removeprefix("assets/javascripts/lunr/") for name in unused_search_files(languages)}
    assert every - left_out == kept
    assert unused_search_files(None) == frozenset()  # a search set up some other way: keep them all


def test_shards_split_the_sites_without_overlap(repo):
    project = load_project(repo)
    every = {s.name for s in sites_for(project, schools=["all"])}
    parts = [{s.name for s in sites_for(project, schools=["all"], shard=(i, 3))} for i in (1, 2, 3)]
    assert set().union(*parts) == every
    assert sum(len(p) for p in parts) == len(every)
    result = run_guides("build", "--shard", "4/3", cwd=repo)
    assert result.returncode == 2 and "is not a shard" in result.stderr


def test_a_failing_site_does_not_stop_the_others(repo):
    # A theme change that breaks only the Urdu pages, as a mistake in one language's template might.
    main = repo / "theme/main.html"
    main.write_text(main.read_text() + "\n{% block footer %}{% if config.theme.language == 'ur' %}"
                    "{{ config.no_such_thing.at_all }}{% endif %}{{ super() }}{% endblock %}\n")
    result = _build(repo)
    assert result.returncode == 1
    assert "The site doncaster/ur could not be built" in result.stderr
    others = len(load_project(repo).authorities["doncaster"].data.languages) - 1
    assert f"{others} site(s) built, 0 unchanged, 1 failed" in result.stdout
    assert (repo / "site/doncaster/en/index.html").is_file()
    assert not (repo / "site/doncaster/ur").exists()
    assert "Traceback" not in result.stderr


def test_a_build_without_the_schools_says_their_sites_may_be_out_of_date(repo):
    assert _build(repo, "--school", "990101", "--locale", "en").returncode == 0
    again = _build(repo, "--locale", "en")
    assert again.returncode == 0
    assert "has school sites from an earlier build" in again.stderr and "--schools all" in again.stderr
    one = _build(repo, "--school", "990101", "--locale", "en")
    assert "open http://localhost:8000/doncaster/schools/990101/en/" in one.stdout


def test_the_progress_line_counts_sites_and_says_how_long_is_left():
    from pathlib import Path

    from toolkit.assemble import Site
    from toolkit.build import Result
    from toolkit.commands.build import Progress

    now = [100.0]
    progress = Progress(4, clock=lambda: now[0])
    progress.live = False
    now[0] = 130.0  # two sites in 30 seconds: two more take about 30 seconds
    for name in ("a", "b"):
        progress(Result(Site(name, "en"), Path(name)))
    assert progress._counts().endswith("2 built, 0 unchanged, 0 failed, 2 left, about 0:30 to go")


def test_a_big_build_outside_a_terminal_says_its_counts_each_tenth_not_each_site(capsys):
    from pathlib import Path

    from toolkit.build import Result
    from toolkit.commands.build import Progress

    for total, lines in ((4, 4), (1000, 10)):
        progress = Progress(total)
        progress.live = False
        for number in range(total):
            progress(Result(Site(f"a{number}", "en"), Path("a")))
        said = capsys.readouterr().err.splitlines()
        assert len(said) == lines, said[:3]
    assert said[-1].endswith("1000 built, 0 unchanged, 0 failed, 0 left")


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_renamed_school_rebuilds_its_sites_and_the_directory_and_matches_a_clean_build(repo, tmp_path):
    assert _build(repo, "--schools", "all").returncode == 0
    languages = len(load_project(repo).authorities["doncaster"].data.languages)
    school = repo / "authorities/doncaster/schools/990102.yml"
    school.write_text(re.sub(r"(?m)^name: .*$", "name: Renamed Hill Academy", school.read_text()))

    changed = _build(repo, "--schools", "all")
    # The school's own sites, and the authority's, whose directory lists the school by name.
    assert changed.returncode == 0 and f"{2 * languages} site(s) built" in changed.stdout
    assert "Renamed Hill Academy" in page_text(repo / "site/doncaster/en/schools/index.html")
    assert "Renamed Hill Academy" in page_text(repo / "site/doncaster/schools/990102/en/school/index.html")

    clean = run_guides("build", "--authority", "doncaster", "--schools", "all", "--out", str(tmp_path / "clean"),
                       cwd=repo)
    assert clean.returncode == 0, clean.stderr
    # Every page, search index and short address is byte for byte what a clean build makes.
    incremental, fresh = _files(repo / "site/doncaster"), _files(tmp_path / "clean/doncaster")
    assert incremental.keys() == fresh.keys()
    assert [name for name in fresh if incremental[name] != fresh[name]] == []


class _StopsItsWorker:
    """A site whose config, when the worker reads it, ends the worker process: as a crash would."""

    def __init__(self, locale):
        self.site = Site("doncaster", locale)

    @property
    def config(self):
        os._exit(3)


def test_a_worker_that_dies_fails_the_sites_left_with_a_plain_reason(tmp_path):
    sites = [_StopsItsWorker(f"x{number}") for number in range(12)]  # more than are queued at once
    results = build_sites(sites, tmp_path / "out", {s.site: "inputs" for s in sites}, jobs=1)
    assert len(results) == len(sites)
    assert all(r.error and "the build process stopped unexpectedly" in r.error for r in results)
    with pytest.raises(BuildError) as raised:
        raise_for_failures(results)
    assert "The site doncaster/x0 could not be built: the build process stopped unexpectedly" in str(raised.value)


class _UnreadableJob:
    """A site whose school file turns out unreadable when the worker reads it."""

    def assemble(self):
        raise UnreadableInput(Problem("authorities/doncaster/schools/990101.yml", 3, "this is not UTF-8 text."))


class _CrashingJob:
    def assemble(self):
        raise ZeroDivisionError("division by zero")


def test_a_worker_reports_what_stopped_a_site_as_the_build_would_have(tmp_path):
    from toolkit.build import Result
    from toolkit.worker import build_site

    unreadable = build_site(_UnreadableJob(), str(tmp_path / "a"), str(tmp_path / "shared"))
    assert unreadable.failure is UnreadableInput and unreadable.error == "a file it is made from could not be read"
    crashed = build_site(_CrashingJob(), str(tmp_path / "b"), str(tmp_path / "shared"))
    assert crashed.error == "its pages could not be made (ZeroDivisionError: division by zero)"

    results = [Result(Site("doncaster", "en"), tmp_path, unreadable.error, problems=tuple(unreadable.problems),
                      failure=unreadable.failure),
               Result(Site("doncaster", "pl"), tmp_path, crashed.error)]
    with pytest.raises(UnreadableInput) as raised:  # exit code 2, as when the build reads the file itself
        raise_for_failures(results)
    assert "authorities/doncaster/schools/990101.yml:3: this is not UTF-8 text." in str(raised.value)
    assert "The site doncaster/pl could not be built: its pages could not be made" in str(raised.value)


def test_a_guide_converted_for_one_schools_site_is_reused_and_made_as_it_would_be_afresh(repo, tmp_path, monkeypatch):
    """Most guides read the same on every school's site, so a worker converts such a page's Markdown
    once. The second school's site is byte for byte what it is when built on its own, and logs the
    same (a link to a page that is not there, an anchor that is not there), also when one of its
    guides is missing, so that links to it from the others read differently."""
    import logging

    import markdown

    from toolkit import fast_mkdocs
    from toolkit.assemble import assemble
    from toolkit.worker import mkdocs_build

    project = load_project(repo)
    authority = next((a for a in project.authorities.values() if len(a.schools) >= 2), None)
    if authority is None:
        pytest.skip("no authority here has two schools")
    first, second = [Site(authority.slug, authority.data.languages[0], urn) for urn in sorted(authority.schools)[:2]]
    guides = sorted(p.path for p in assemble(project, second, TODAY).pages if p.meta.get("guide"))
    linked = guides[0].rsplit("/", 1)[-1]  # a guide page the others link to: guides/<slug>.md
    for guide in (repo / "content" / "guides").glob("*.md"):
        guide.write_text(guide.read_text(encoding="utf-8") + f"\nRead [more](not-there.md) and "
                         f"[this]({linked}#no-such-part).\n", encoding="utf-8")
    project = load_project(repo)
    conversions, logged = [], []
    convert = markdown.Markdown.convert
    monkeypatch.setattr(markdown.Markdown, "convert", lambda md, text: conversions.append(1) or convert(md, text))
    recorder = logging.Handler(logging.INFO)
    recorder.emit = lambda record: logged.append(record.getMessage())
    logging.getLogger("mkdocs").addHandler(recorder)
    monkeypatch.setattr(logging.getLogger("mkdocs"), "level", logging.INFO)

    def build(site, folder, without=None):
        conversions.clear(), logged.clear()
        assembled = assemble(project, site, TODAY)
        assembled.pages = [page for page in assembled.pages if page.path != without]
        outcome = mkdocs_build(assembled, str(tmp_path / folder), str(tmp_path / "shared"))
        assert outcome.error is None, outcome.error
        return sorted(m.replace(folder, "<site>") for m in logged if " built in " not in m), len(conversions)

    try:
        for without in (None, guides[0]):
            fast_mkdocs._CONVERTED.clear()
            first_logged, _ = build(first, "first")
            reused, reused_conversions = build(second, "reused", without)
            fast_mkdocs._CONVERTED.clear()
            afresh, fresh_conversions = build(second, "afresh", without)

            if without is None:
                assert reused_conversions < fresh_conversions  # pages were taken from the first school's site
            assert _files(tmp_path / "reused") == _files(tmp_path / "afresh")
            assert reused == afresh
            assert any("not-there.md" in m for m in first_logged) and any("no-such-part" in m for m in afresh)
            if without:
                assert any(linked in m and "not found" in m for m in afresh)  # the others' links to it
    finally:
        logging.getLogger("mkdocs").removeHandler(recorder)


def test_search_sections_read_once_give_the_entries_mkdocs_material_gives():
    """fast_mkdocs keeps the sections of a page's HTML for the next site with the same HTML: each
    site still gets the entries mkdocs-material would make, with its own address and title."""
    from types import SimpleNamespace

    from material.plugins.search.plugin import SearchIndex
    from mkdocs.structure.toc import get_toc

    from toolkit.fast_mkdocs import reuse_search_sections

    reuse_search_sections()
    ours, theirs = SearchIndex.add_entry_from_context, SearchIndex.add_entry_from_context.original
    texts = ['<h1 id="a">Homework</h1><p>Ask the <abbr title="x">SENCO</abbr>.</p><h2 id="b">At home</h2><p>Read.</p>',
             "<p>No heading: the section takes the page's title.</p><h2 id=\"c\">Then one</h2><p>Text</p>",
             '<h2 id="d">Kept</h2><p>Yes</p><div data-search-exclude><h2 id="e">Left out</h2><p>No</p></div>']
    for text in texts:
        for url, title in (("guides/homework/", "Homework"), ("schools/1/en/", "Another title")):
            page = SimpleNamespace(content=text, toc=get_toc([]), url=url, title=title, meta={"tags": ["a"]})
            made = []
            for add in (theirs, ours, ours):  # the second time from what was kept
                index = SearchIndex()
                add(index, page)
                made.append(index.entries)
            assert made[0] == made[1] == made[2] and made[0], text
    excluded = SimpleNamespace(content=texts[0], toc=get_toc([]), url="", title="", meta={"search": {"exclude": True}})
    index = SearchIndex()
    ours(index, excluded)
    assert index.entries == []
