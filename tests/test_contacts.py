"""A council's contacts read naturally in every language: each says what it is (a team, a service,
a directory) and has its name in each language, and guides show it as a short card to act on."""

from __future__ import annotations

import re

import pytest

from support import TODAY, example_root
from toolkit.assemble import Site, assemble
from toolkit.model import load_project

PROJECT = load_project(example_root())  # the tests' own councils: a fork may have others


def _page(site: Site, slug: str) -> str:
    return next(p.body for p in assemble(PROJECT, site, TODAY).pages if p.path == f"guides/{slug}.md")


def _card(body: str, sentence: str) -> list[str]:
    """The lines of the contact card that follows `sentence` (after a blank line)."""
    assert f"{sentence}\n\n- " in body, body
    after = body.split(f"{sentence}\n\n", 1)[1]
    return re.match(r"(?:- [^\n]+\n?)+", after).group(0).strip().splitlines()


@pytest.mark.parametrize("site, sentence, name, phone_label", [
    (Site("doncaster", "en"), "Ask Doncaster council about school places:", "School admissions team", "Phone"),
    (Site("doncaster", "pl"), "Zapytaj urząd Doncaster o miejsca w szkołach:", "Dział przyjęć do szkół", "Telefon"),
    (Site("doncaster", "ur"), "اسکول میں جگہ کے بارے میں Doncaster کونسل سے پوچھیں:", "اسکول داخلہ ٹیم", "فون"),
    (Site("cardiff", "cy"), "Holwch gyngor Caerdydd am leoedd ysgol:", "Tîm derbyn i ysgolion", "Ffôn"),
], ids=lambda value: getattr(value, "name", None) or "")
def test_the_admissions_contact_is_a_sentence_then_a_card_in_the_readers_language(site, sentence, name, phone_label):
    body = _page(site, "applying-for-a-school-place")
    card = _card(body, sentence)
    assert card[0] == f"- **{name}**"
    # On a right-to-left page the number is wrapped in Unicode's invisible left-to-right isolates.
    assert re.fullmatch(rf"- {phone_label}: \[\u2066?01632 960\d\d\d\u2069?\]\(tel:01632\d{{6}}\)", card[1]), card


def test_a_directory_is_introduced_as_a_list_of_help_and_a_team_as_people():
    """Doncaster's SEND local offer is a directory; Cardiff's ALN team is a team of people."""
    england = _page(Site("doncaster", "en"), "extra-help-send-aln")
    wales = _page(Site("cardiff", "en"), "extra-help-send-aln")
    assert "Doncaster council lists all the help in one place:\n\n- **SEND local offer**" in england
    assert "A team at Cardiff council can help:\n\n- **Additional learning needs (ALN) team**" in wales
    # The old sentences built around a name: a directory that was told to "ring them".
    assert "SEND local offer can tell you more" not in england and "Ring them" not in england


def test_no_contact_name_lands_mid_sentence_with_a_capital_letter():
    """'Ask the School admissions team at Doncaster council' was the old way."""
    for site in (Site("doncaster", "en"), Site("cardiff", "en")):
        for page in assemble(PROJECT, site, TODAY).pages:
            assert not re.search(r"\b(?:the|Ask the) (?:School admissions|Additional learning|SEND local|Attendance and)",
                                 page.body), (site, page.path)


def test_a_contact_without_a_name_in_the_readers_language_falls_back_to_english():
    """Cardiff names its teams in English and Welsh only: a Polish reader sees the English name."""
    authority = PROJECT.authorities["cardiff"]
    from toolkit.render import authority_fields

    card = authority_fields(authority, "pl", {"phone": "Telefon"})["contacts"]["admissions"]["card"]
    assert card.startswith("- **School admissions team**\n- Telefon: ")


def test_a_name_with_markup_stays_text_on_the_card():
    from toolkit.render import contact_card

    card = contact_card({"name": "<img src=x onerror=alert(1)> & Co", "phone": "01632 960999"}, {})
    assert "<img" not in card and "&lt;img" in card and "&amp; Co" in card
    assert "(tel:01632960999)" in card
