"""Every check ships should-flag and should-pass examples, and each example does what it says
(as proselint's tests do for its checks)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
import yaml

from support import example_root
from toolkit.checks import CheckContext, registry, run_checks
from toolkit.checks.load import load_document
from toolkit.model import load_project
from toolkit.schemas import GlossaryTerm
from toolkit.settings import Settings

REPO = Path(__file__).resolve().parents[2]
CHECKS = registry()
GLOSSARY = [
    GlossaryTerm(term="SENCO", stands_for="special educational needs co-ordinator",
                 meaning="The teacher who makes sure children who need extra help get it."),
    GlossaryTerm(term="catchment area", meaning="The streets near a school whose children get places first."),
]
BASE = {"title": "A guide", "summary": "A guide for the examples.", "audience": "Parents", "reviewed": "2026-11-24",
        "key_points": ["One.", "Two.", "Three."], "sources": [{"title": "GOV.UK", "url": "https://www.gov.uk/"}]}


def _document(tmp_path: Path, text: str, locale: str):
    """An example as a page: a guide (its front matter over a complete base) or plain Markdown."""
    if text.startswith("---"):
        _, front, body = text.split("---", 2)
        meta = {**BASE, **(yaml.safe_load(front) or {})}
        text = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---" + body
    folder = tmp_path / ("locales/" + locale if locale != "en" else "content") / "guides"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "example.md").write_text(text, encoding="utf-8")
    return load_document(folder / "example.md", tmp_path)


@pytest.fixture(scope="module")
def context():
    return CheckContext(Settings(), GLOSSARY, load_project(example_root()), dt.date(2026, 11, 24))


def test_every_check_has_examples_both_ways():
    for check in CHECKS:
        assert check.examples.flag, f"{check.id} has no should-flag example"
        assert check.examples.clean, f"{check.id} has no should-pass example"
        assert check.doc.startswith(check.id), f"{check.id}: its docstring should start with its id"


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.id)
def test_examples_flag_and_pass(check, context, tmp_path):
    if check.examples.today:
        context = dataclasses.replace(context, today=check.examples.today, cache={})
    for number, text in enumerate(check.examples.flag):
        found = run_checks(_document(tmp_path / f"flag{number}", text, check.examples.locale), context, [check])
        assert [f for f in found if f.check.startswith(check.id.split(".")[0])], f"not flagged: {text!r}"
    for number, text in enumerate(check.examples.clean):
        found = run_checks(_document(tmp_path / f"clean{number}", text, check.examples.locale), context, [check])
        assert found == [], f"flagged but should pass: {text!r}: {found}"
