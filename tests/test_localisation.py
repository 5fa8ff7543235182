"""Sites in every language an authority offers, a switcher to the same page, and translations that
say when they have fallen behind the English guide."""

from __future__ import annotations

import json
import shutil

import yaml

from support import EXAMPLES, git, page_text, run_guides


def test_urdu_pages_are_right_to_left(built):
    html = (built / "doncaster/ur/index.html").read_text(encoding="utf-8")
    assert '<html lang="ur"' in html
    assert 'dir="rtl"' in html


def test_switcher_leads_to_the_same_guide_in_english(built):
    html = (built / "doncaster/pl/guides/parents-evening/index.html").read_text(encoding="utf-8")
    assert 'href="../../../en/guides/parents-evening/" hreflang="en"' in html
    assert (built / "doncaster/pl/../en/guides/parents-evening/index.html").is_file()


def test_each_authority_offers_its_own_languages(built):
    def sites(authority):  # each language's site has its guides; t/ holds the short addresses
        return {p.name for p in (built / authority).iterdir() if (p / "guides").is_dir()}
    for authority in ("cardiff", "doncaster"):
        offered = yaml.safe_load((EXAMPLES / authority / "authority.yml").read_text(encoding="utf-8"))["languages"]
        assert sites(authority) == set(offered)


def _pretend_translation(repo, locale: str, slug: str, title: str) -> None:
    """Make a translation with the toolkit's own command, then 'translate' its title."""
    (repo / f"locales/{locale}/guides/{slug}.md").unlink(missing_ok=True)  # start afresh
    result = run_guides("translate", slug, "--locale", locale, cwd=repo)
    assert result.returncode == 0, result.stderr
    path = repo / f"locales/{locale}/guides/{slug}.md"
    text = path.read_text(encoding="utf-8")
    original = text.split("title: ", 1)[1].split("\n", 1)[0]
    # The title and the words below the front matter, translated (here: the title, and one line more).
    path.write_text(text.replace(f"title: {original}", f"title: {title}", 1) + f"\n{title}.\n", encoding="utf-8")
    done = run_guides("translate", slug, "--locale", locale, "--up-to-date", cwd=repo)  # the translator finished
    assert done.returncode == 0, done.stderr


def test_a_translation_just_started_is_a_draft_until_recorded_done(git_repo):
    """`guides translate` copies the English: until the translator says it is done, status calls it
    started, and the site shows the English page marked as not translated yet."""
    slug = next(p.stem for p in sorted((git_repo / "content/guides").glob("*.md"))
                if "Wales" in yaml.safe_load(p.read_text(encoding="utf-8").split("---")[1]).get("nations", ["Wales"]))
    (git_repo / f"locales/cy/guides/{slug}.md").unlink(missing_ok=True)
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "--allow-empty", "-m", "Start again")
    started = run_guides("translate", slug, "--locale", "cy", cwd=git_repo)
    assert started.returncode == 0, started.stderr
    assert f"guides translate {slug} --locale cy --up-to-date" in started.stdout

    status = run_guides("status", "--locale", "cy", cwd=git_repo)
    assert f"started    cy/{slug}  (not finished yet" in status.stdout
    assert run_guides("status", "--locale", "cy", "--strict", cwd=git_repo).returncode == 1
    authority = next(a for a in sorted((git_repo / "authorities").iterdir())
                     if "cy" in yaml.safe_load((a / "authority.yml").read_text())["languages"]).name
    out = git_repo / "site"
    built = run_guides("build", "--authority", authority, "--locale", "cy", "--out", str(out), cwd=git_repo)
    assert built.returncode == 0, built.stderr
    page = (out / authority / "cy" / "guides" / slug / "index.html").read_text(encoding="utf-8")
    assert 'class="pg-page" lang="en"' in page and "pg-notice" in page

    draft = git_repo / f"locales/cy/guides/{slug}.md"
    draft.write_text(draft.read_text(encoding="utf-8") + "\nWedi'i gyfieithu.\n", encoding="utf-8")  # translated
    assert run_guides("translate", slug, "--locale", "cy", "--up-to-date", cwd=git_repo).returncode == 0
    again = run_guides("status", "--locale", "cy", "--format", "json", cwd=git_repo)
    states = {t["guide"]: t["state"] for t in json.loads(again.stdout)["translations"]}
    assert states[slug] == "up to date"
    assert "draft" not in (git_repo / f"locales/cy/guides/{slug}.md").read_text(encoding="utf-8")


def test_untranslated_guide_is_shown_in_english_with_a_notice_in_polish(git_repo):
    shutil.rmtree(git_repo / "locales/pl/guides", ignore_errors=True)
    (git_repo / "locales/pl").mkdir(parents=True, exist_ok=True)
    (git_repo / "locales/pl/ui.yml").write_text(
        "not_translated: Ta strona nie jest jeszcze przetłumaczona, więc jest po angielsku.\n", encoding="utf-8")
    out = git_repo / "site"
    result = run_guides("build", "--authority", "doncaster", "--locale", "pl", "--out", str(out), cwd=git_repo)
    assert result.returncode == 0, result.stderr
    html = (out / "doncaster/pl/guides/parents-evening/index.html").read_text(encoding="utf-8")
    assert "Ta strona nie jest jeszcze przetłumaczona" in html
    assert 'class="pg-page" lang="en" dir="ltr"' in html
    assert '<html lang="pl"' in html


def test_changed_english_guide_makes_its_translation_stale(git_repo):
    _pretend_translation(git_repo, "pl", "parents-evening", "Zebranie z rodzicami")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "Translate parents' evening into Polish")

    status = run_guides("status", "--locale", "pl", "--format", "json", cwd=git_repo)
    states = {t["guide"]: t["state"] for t in json.loads(status.stdout)["translations"]}
    assert states["parents-evening"] == "up to date"

    english = git_repo / "content/guides/parents-evening.md"
    english.write_text(english.read_text().replace("Book early", "Book as early as you can"))
    git(git_repo, "commit", "-q", "-am", "Say book as early as you can", author="Jo Parent <jo@example.org>")
    commit = git(git_repo, "rev-parse", "HEAD")

    status = run_guides("status", "--locale", "pl", cwd=git_repo)
    assert status.returncode == 0
    assert "stale      pl/parents-evening" in status.stdout
    assert f"{commit[:10]} " in status.stdout and "Jo Parent: Say book as early as you can" in status.stdout

    strict = run_guides("status", "--locale", "pl", "--strict", cwd=git_repo)
    assert strict.returncode == 1

    diff = run_guides("status", "--diff", "pl/parents-evening", cwd=git_repo)
    assert "+" in diff.stdout and "Book as early as you can" in diff.stdout

    out = git_repo / "site"
    built = run_guides("build", "--authority", "doncaster", "--locale", "pl", "--out", str(out), cwd=git_repo)
    assert built.returncode == 0, built.stderr
    page = out / "doncaster/pl/guides/parents-evening/index.html"
    assert "Zebranie z rodzicami" in page_text(page)
    assert "pg-notice" in page.read_text(encoding="utf-8")

    mark = run_guides("translate", "parents-evening", "--locale", "pl", "--up-to-date", cwd=git_repo)
    assert mark.returncode == 0, mark.stderr
    assert commit[:10] in mark.stdout
    again = run_guides("status", "--locale", "pl", "--format", "json", cwd=git_repo)
    states = {t["guide"]: t["state"] for t in json.loads(again.stdout)["translations"]}
    assert states["parents-evening"] == "up to date"


def test_a_shallow_or_missing_history_warns_instead_of_guessing(repo):
    result = run_guides("status", "--locale", "pl", cwd=repo)
    assert "not a git repository" in result.stderr


def test_welsh_site_speaks_welsh_with_welsh_month_names(built):
    html = (built / "cardiff/cy/guides/parents-evening/index.html").read_text(encoding="utf-8")
    assert '<html lang="cy"' in html
    assert "Y prif bwyntiau" in html  # "Key points"
    assert "Gwiriwyd y ffeithiau ar 24 Tachwedd 2026" in html  # the date, in Welsh
    assert "Cael y gorau o noson rieni" in page_text(built / "cardiff/cy/guides/parents-evening/index.html")


def test_a_guide_not_yet_in_welsh_is_shown_in_english_with_a_welsh_notice(repo):
    (repo / "locales/cy/guides/homework.md").unlink(missing_ok=True)
    out = repo / "site"
    result = run_guides("build", "--authority", "cardiff", "--locale", "cy", "--out", str(out), cwd=repo)
    assert result.returncode == 0, result.stderr
    untranslated = (out / "cardiff/cy/guides/homework/index.html").read_text(encoding="utf-8")
    assert "Dydy'r dudalen hon ddim wedi'i chyfieithu eto" in untranslated
    assert 'class="pg-page" lang="en" dir="ltr"' in untranslated
    assert "Homework" in page_text(out / "cardiff/cy/guides/homework/index.html")


def test_every_translation_records_its_english_commit():
    from support import REPO

    for path in (REPO / "locales").glob("*/guides/*.md"):
        assert "\ntranslated_from: " in path.read_text(encoding="utf-8"), path


def test_a_translation_that_names_an_unknown_commit_is_reported_not_trusted(git_repo):
    path = git_repo / "locales/pl/guides/parents-evening.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(text.split("translated_from: ")[1].split("\n")[0], '"' + "0" * 40 + '"'),
                    encoding="utf-8")
    result = run_guides("status", "--locale", "pl", "--format", "json", cwd=git_repo)
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    entry = next(t for t in status["translations"] if t["guide"] == "parents-evening")
    assert entry["state"] == "unknown" and "is not a commit in this repository" in entry["reason"]


def test_status_names_interface_text_a_glossary_and_an_about_page_not_yet_translated(git_repo):
    english = git_repo / "content/ui.yml"
    english.write_text(english.read_text(encoding="utf-8") + "bus_times: Bus times\n", encoding="utf-8")
    (git_repo / "locales/pl/glossary.yml").unlink(missing_ok=True)
    (git_repo / "locales/pl/about.md").unlink(missing_ok=True)

    result = run_guides("status", "--locale", "pl", cwd=git_repo)
    assert "1 interface string(s) in locales/pl/ui.yml: bus_times" in result.stdout
    assert "the glossary, locales/pl/glossary.yml" in result.stdout
    assert "the about page, locales/pl/about.md (the site shows content/about.md)" in result.stdout
    assert run_guides("status", "--locale", "pl", "--strict", cwd=git_repo).returncode == 1

    data = json.loads(run_guides("status", "--locale", "pl", "--format", "json", cwd=git_repo).stdout)
    assert data["site_text"]["pl"] == {"untranslated_strings": ["bus_times"], "glossary": False, "about_page": False}

    built = run_guides("build", "--authority", "doncaster", "--locale", "pl", "--out", str(git_repo / "site"),
                       cwd=git_repo)
    assert built.returncode == 0, built.stderr
    about = (git_repo / "site/doncaster/pl/about/index.html").read_text(encoding="utf-8")
    assert '<div class="pg-page" lang="en" dir="ltr">' in about  # the English text, marked as English
    assert "Ta strona nie jest jeszcze przetłumaczona, więc jest po angielsku." in about


def test_a_schools_ways_of_keeping_in_touch_are_named_in_the_pages_language(repo):
    out = repo / "site"
    result = run_guides("build", "--authority", "cardiff", "--school", "990201", "--out", str(out), cwd=repo)
    assert result.returncode == 0, result.stderr
    # The channel's name comes from the interface words; the school wrote its note in both languages.
    welsh = page_text(out / "cardiff/schools/990201/cy/guides/how-school-contacts-you/index.html")
    assert "Neges destun: Negeseuon i'ch atgoffa, a phan fydd yr ysgol ar gau." in welsh
    english = page_text(out / "cardiff/schools/990201/en/guides/how-school-contacts-you/index.html")
    assert "Text message: Reminders and closures." in english


def test_local_details_written_in_each_language_show_in_the_pages_language(repo):
    school = repo / "authorities/cardiff/schools/990202.yml"
    school.write_text(school.read_text(encoding="utf-8") + "uniform:\n  en: Red jumper.\n  cy: Siwmper goch.\n"
                      "breakfast_club: Free, from 8am.\n", encoding="utf-8")
    out = repo / "site"
    result = run_guides("build", "--authority", "cardiff", "--out", str(out), cwd=repo)
    assert result.returncode == 0, result.stderr

    welsh = page_text(out / "cardiff/cy/schools/990202/index.html")
    assert "Siwmper goch." in welsh and "Red jumper." not in welsh
    assert "Free, from 8am." in welsh  # written once, so every site shows it as written
    assert "Tymor yr hydref 2026: dechrau" in welsh  # the council's term names, in Welsh
    assert "Gŵyl banc dechrau Mai: dim ysgol" in welsh  # a bank holiday in term, by GOV.UK's Welsh name
    assert "Canllawiau i Rieni: Caerdydd" in (out / "cardiff/cy/index.html").read_text(encoding="utf-8")

    english = page_text(out / "cardiff/en/schools/990202/index.html")
    assert "Red jumper." in english and "Autumn term 2026 starts" in english
    assert "Early May bank holiday: no school" in english


def test_local_text_in_an_unknown_shape_is_named(repo):
    school = repo / "authorities/cardiff/schools/990202.yml"
    lines = school.read_text(encoding="utf-8").splitlines()
    school.write_text("\n".join(lines) + "\nuniform:\n  english: Red jumper.\n", encoding="utf-8")
    result = run_guides("build", "--authority", "cardiff", "--out", str(repo / "site"), cwd=repo)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    bad_key_line = len(lines) + 2
    assert (f"authorities/cardiff/schools/990202.yml:{bad_key_line}: 'uniform': 'english' is not a language code"
            in result.stderr)


def test_the_urdu_glossary_is_in_urdu_alphabetical_order(built):
    # Urdu's own letters (پ, ٹ) come after the Arabic letters they are built on, not after the alphabet.
    text = page_text(built / "doncaster/ur/glossary/index.html")
    terms = ["بغیر اجازت غیر حاضری", "پیرنٹ پورٹل", "ٹائم ٹیبل", "جونیئر اسکول"]
    assert [text.index(term) for term in terms] == sorted(text.index(term) for term in terms)


def test_a_wrong_address_gets_a_page_in_the_sites_language_with_a_way_home(built):
    welsh = (built / "cardiff/cy/404.html").read_text(encoding="utf-8")
    assert "<h1>Allwn ni ddim dod o hyd i'r dudalen hon</h1>" in welsh
    assert '<a href="/cardiff/cy/">Hafan</a>' in welsh  # the site's path: right on any host
    about = page_text(built / "cardiff/cy/about/index.html")
    assert "Rhieni a gofalwyr sy'n ysgrifennu'r canllawiau hyn" in about  # the about page is translated too


def test_the_schools_list_names_each_schools_phase_in_the_sites_language(built):
    welsh = page_text(built / "cardiff/cy/schools/index.html")
    assert "Parc Lane Primary School Cynradd" in welsh
    assert "Bryn Heulog Special School Ysgol arbennig" in welsh  # GIAS says "Not applicable"
    assert "Not applicable" not in welsh and "Primary School Primary" not in welsh


def test_a_guides_sources_are_those_for_the_councils_nation(built):
    welsh_council = (built / "cardiff/en/guides/helping-with-careers/index.html").read_text(encoding="utf-8")
    assert "https://careerswales.gov.wales/" in welsh_council
    assert "https://nationalcareers.service.gov.uk/" not in welsh_council  # England's careers service
    english_council = (built / "doncaster/pl/guides/helping-with-careers/index.html").read_text(encoding="utf-8")
    assert "https://nationalcareers.service.gov.uk/" in english_council
    assert "https://careerswales.gov.wales/" not in english_council


def test_a_glossary_abbreviation_reads_without_brackets_inside_brackets(built):
    polish = page_text(built / "doncaster/pl/glossary/index.html")
    assert "DSL – osoba odpowiedzialna za bezpieczeństwo dzieci (designated safeguarding lead)" in polish


def test_each_council_contact_is_its_own_item_and_the_404_switcher_finds_the_other_language(built):
    home = (built / "cardiff/cy/index.html").read_text(encoding="utf-8")
    assert "<li><strong>Y cyngor</strong>" in home and "<li><strong>Tîm derbyn i ysgolion</strong>" in home
    not_found = (built / "cardiff/cy/404.html").read_text(encoding="utf-8")
    assert 'href="/cardiff/cy/../en/" hreflang="en"' in not_found  # resolves to /cardiff/en/


def test_status_says_when_an_english_guide_has_changes_not_committed(git_repo):
    guide = git_repo / "content/guides/homework.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    result = run_guides("status", "--locale", "pl", cwd=git_repo)
    assert "Not committed yet: content/guides/homework.md." in result.stdout


def test_a_translation_no_speaker_has_checked_says_so_and_status_lists_it(git_repo):
    """`reviewed_by: machine-assisted` puts one line on the page, in its language, and `guides status`
    names the page for a community reviewer; a speaker's name takes both away."""
    import html as html_lib
    import re

    from toolkit.model import load_project

    path = git_repo / "locales/pl/guides/parents-evening.md"
    text = re.sub(r"\nreviewed_by: [^\n]*", "", path.read_text(encoding="utf-8"))
    unchecked = text.replace("\ntranslated_from:", "\nreviewed_by: machine-assisted\ntranslated_from:", 1)
    path.write_text(unchecked, encoding="utf-8")
    git(git_repo, "commit", "-qam", "Polish page not yet checked", "--allow-empty")
    status = run_guides("status", "--locale", "pl", cwd=git_repo)
    assert "parents-evening" in status.stdout.split("unchecked", 1)[1].split("\n")[0]
    out = git_repo / "site"
    assert run_guides("build", "--authority", "doncaster", "--locale", "pl", "--out", str(out), cwd=git_repo).returncode == 0
    page = (out / "doncaster/pl/guides/parents-evening/index.html").read_text(encoding="utf-8")
    line = html_lib.escape(load_project(git_repo).ui_text("pl")["machine_assisted"], quote=False)
    assert f'class="pg-unchecked" role="note">{line}</p>' in page

    path.write_text(unchecked.replace("reviewed_by: machine-assisted", "reviewed_by: Anna Nowak"), encoding="utf-8")
    git(git_repo, "commit", "-qam", "Checked by Anna")
    status = run_guides("status", "--locale", "pl", "--format", "json", cwd=git_repo)
    checked = {t["guide"]: t["checked_by_a_speaker"] for t in json.loads(status.stdout)["translations"]}
    assert checked["parents-evening"] is True
    assert run_guides("build", "--authority", "doncaster", "--locale", "pl", "--out", str(out), cwd=git_repo).returncode == 0
    page = (out / "doncaster/pl/guides/parents-evening/index.html").read_text(encoding="utf-8")
    assert "pg-unchecked" not in page


def test_a_translation_still_in_english_cannot_be_recorded_done(git_repo):
    """`--up-to-date` on a copy nobody translated would publish English marked as Somali."""
    slug = sorted(p.stem for p in (git_repo / "content/guides").glob("*.md"))[0]
    (git_repo / f"locales/so/guides/{slug}.md").unlink(missing_ok=True)
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "--allow-empty", "-m", "Start again")
    assert run_guides("translate", slug, "--locale", "so", cwd=git_repo).returncode == 0
    refused = run_guides("translate", slug, "--locale", "so", "--up-to-date", cwd=git_repo)
    assert refused.returncode == 2 and "is still the English guide" in refused.stderr
    assert "draft: true" in (git_repo / f"locales/so/guides/{slug}.md").read_text(encoding="utf-8")


def test_a_translated_glossary_says_whether_a_speaker_checked_it(repo):
    import datetime as dt
    import re

    from toolkit.assemble import Site, assemble
    from toolkit.model import load_project

    path = repo / "locales/pl/glossary.yml"
    text = re.sub(r"(?m)^reviewed_by:.*\n", "", path.read_text(encoding="utf-8"))
    for reviewer, unchecked in (("machine-assisted", True), ("Anna Nowak", None)):
        path.write_text(f"reviewed_by: {reviewer}\n" + text, encoding="utf-8")
        pages = assemble(load_project(repo), Site("doncaster", "pl"), dt.date(2026, 11, 30)).pages
        glossary = next(p for p in pages if p.path == "glossary.md")
        assert glossary.meta.get("unchecked") is unchecked, reviewer
