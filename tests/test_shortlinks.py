"""Short addresses for text messages: stable, unique, and written only when they change."""

from __future__ import annotations

import pytest

from toolkit import shortlinks
from toolkit.errors import BuildError


def test_a_page_keeps_its_short_address_and_pages_differ():
    first = shortlinks.short_address("https://guides.example.org/", "en/guides/homework/")
    assert first == shortlinks.short_address("https://guides.example.org/", "en/guides/homework/")
    assert first != shortlinks.short_address("https://guides.example.org/", "pl/guides/homework/")
    expected = len("https://guides.example.org/t/abcdefgh/")
    assert len(first) == shortlinks.address_length("https://guides.example.org") == expected


def test_a_rebuild_rewrites_nothing_unchanged(tmp_path):
    pages = {"doncaster": ["en/guides/homework/", "schools/990101/en/guides/homework/"]}
    assert shortlinks.write_links(tmp_path, pages) == 2
    assert shortlinks.write_links(tmp_path, pages) == 0
    code = shortlinks.code_for("schools/990101/en/guides/homework/")
    page = (tmp_path / "doncaster/t" / code / "index.html").read_text()
    assert 'url=../../schools/990101/en/guides/homework/"' in page


def test_two_pages_with_one_code_are_refused_not_served(tmp_path, monkeypatch):
    monkeypatch.setattr(shortlinks, "code_for", lambda page: "aaaaaaaa")
    with pytest.raises(BuildError, match="two pages share the short address code aaaaaaaa"):
        shortlinks.write_links(tmp_path, {"doncaster": ["en/guides/homework/", "pl/guides/homework/"]})


def test_the_landing_pages_refuse_two_pages_of_different_shards_sharing_a_code(repo, tmp_path, monkeypatch):
    """Each shard checks only its own pages; joined, the landing pages check them all."""
    from toolkit.commands.build import run_landing_pages
    from toolkit.model import load_project

    project = load_project(repo)
    run_landing_pages(project, tmp_path / "fine", every_site=True)  # real codes: no clash
    monkeypatch.setattr(shortlinks, "code_for", lambda page: "same0000")
    with pytest.raises(BuildError, match="two pages share the short address code same0000"):
        run_landing_pages(project, tmp_path / "clash", every_site=True)
    assert not (tmp_path / "clash" / "index.html").exists()
