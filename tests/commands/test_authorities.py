"""`guides authorities new --code N`: a council's first file, from the shipped LA code list."""

from __future__ import annotations

import pytest
import yaml

from support import page_text, run_guides, without_code
from toolkit.commands.authorities import display_name, slug_for
from toolkit.model import load_project


def test_a_new_english_authority_is_valid_and_says_what_to_do_next(repo):
    without_code(repo, 207)
    result = run_guides("authorities", "new", "--code", "207", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert "Created authorities/kensington-and-chelsea/authority.yml." in result.stdout
    assert "Next steps for Kensington and Chelsea:" in result.stdout
    assert "guides schools import edubasealldata.csv --authority kensington-and-chelsea" in result.stdout
    assert "keep every local change inside\n     authorities/kensington-and-chelsea/" in result.stdout
    text = (repo / "authorities/kensington-and-chelsea/authority.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/authority.schema.json\n")
    assert "website: https://www.example.org/  # TODO: this is a placeholder." in text
    assert "# term_dates:\n#   - name: Autumn term 2026" in text and "# contacts:" in text
    authority = load_project(repo).authorities["kensington-and-chelsea"].data  # valid as it stands
    assert (authority.name, authority.la_code, authority.gss_code, authority.nation, authority.languages) == \
        ("Kensington and Chelsea", 207, "E09000020", "England", ["en"])
    assert (repo / "authorities/kensington-and-chelsea/schools").is_dir()


def test_a_new_authoritys_site_says_it_is_an_example_until_the_council_says_otherwise(repo):
    without_code(repo, 370)
    assert run_guides("authorities", "new", "--code", "370", cwd=repo).returncode == 0
    result = run_guides("build", "--authority", "barnsley", "--out", str(repo / "site"), cwd=repo)
    assert result.returncode == 0, result.stderr
    home = page_text(repo / "site/barnsley/en/index.html")
    schools = page_text(repo / "site/barnsley/en/schools/index.html")
    notice = "This is an example. The schools, names and phone numbers on this site are made up."
    assert notice in (repo / "site/barnsley/en/index.html").read_text(encoding="utf-8")
    assert "There are no schools on this site yet." in schools and "Barnsley" in home


def test_a_welsh_authority_offers_welsh_and_additional_learning_needs(repo):
    without_code(repo, 661)
    assert run_guides("authorities", "new", "--code", "661", cwd=repo).returncode == 0
    authority = load_project(repo).authorities["gwynedd"].data
    assert (authority.nation, authority.languages, authority.gss_code) == ("Wales", ["en", "cy"], "W06000002")
    assert "Additional learning needs (ALN)" in (repo / "authorities/gwynedd/authority.yml").read_text(encoding="utf-8")


def _first(repo):
    folder = sorted((repo / "authorities").iterdir())[0]
    return folder, yaml.safe_load((folder / "authority.yml").read_text(encoding="utf-8"))["la_code"]


def test_an_existing_authority_is_never_overwritten(repo):
    folder, code = _first(repo)
    path = folder / "authority.yml"
    before = path.read_bytes()
    result = run_guides("authorities", "new", "--code", str(code), cwd=repo)
    assert result.returncode == 2
    assert f"authorities/{folder.name}/authority.yml: this authority already" in result.stderr
    assert path.read_bytes() == before


def test_a_code_another_folder_already_uses_is_refused(repo):
    folder, code = _first(repo)
    folder.rename(repo / "authorities/our-council")
    result = run_guides("authorities", "new", "--code", str(code), cwd=repo)
    assert result.returncode == 2 and f"authorities/our-council/authority.yml: this authority already has LA code {code}" \
        in result.stderr
    assert sorted(p.name for p in (repo / "authorities").iterdir()).count("our-council") == 1


@pytest.mark.parametrize("code,expected", [
    ("1", "There is no local authority with code 1"),
    ("835", "835 is 'Pre-LGR 2019 Dorset': an old code, from before local government changed. Only a current "
            "council in England or Wales can have a site.\nPerhaps you mean: 838 Dorset."),
    ("909", "Perhaps you mean: 942 Cumberland; 943 Westmorland and Furness."),
    ("702", "702 is 'BFPO Overseas Establishments': not a local authority."),
])
def test_unknown_and_historic_codes_are_refused_with_how_to_find_the_right_one(repo, code, expected):
    before = sorted(p.name for p in (repo / "authorities").iterdir())
    result = run_guides("authorities", "new", "--code", code, cwd=repo)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert expected in result.stderr
    assert "How to find your council's code:" in result.stderr and "'LA (code)' column" in result.stderr
    assert sorted(p.name for p in (repo / "authorities").iterdir()) == before


@pytest.mark.parametrize("gias,name,slug", [
    ("Bristol, City of", "City of Bristol", "city-of-bristol"),
    ("Herefordshire, County of", "County of Herefordshire", "county-of-herefordshire"),
    ("St. Helens", "St. Helens", "st-helens"),
    ("Ynys Môn", "Ynys Môn", "ynys-mon"),
    ("Bournemouth, Christchurch and Poole", "Bournemouth, Christchurch and Poole",
     "bournemouth-christchurch-and-poole"),
])
def test_names_read_naturally_and_folder_names_are_plain(gias, name, slug):
    assert display_name(gias) == name and slug_for(name) == slug
