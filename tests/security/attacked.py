"""A copy of the repository with every attack a pull request could carry written into it: a guide
made of XSS payloads, and payloads in the data files, the glossary and the interface text.

It takes whichever authority, school and glossary the repository has, so a council's fork runs
the same attacks on its own data.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from payloads import ATTRIBUTE_XSS, DATA_TOOLTIP, DATA_XSS, GUIDE_SHOWN_AS_TEXT, GUIDE_XSS
from support import COPIED, REPO

GUIDE = "zz-attacks"


def copy_repository(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        elif source.exists():
            shutil.copy2(source, root / name)
    return root


def first_authority(root: Path) -> tuple[str, dict]:
    folder = sorted(p for p in (root / "authorities").iterdir() if (p / "authority.yml").is_file())[0]
    return folder.name, yaml.safe_load((folder / "authority.yml").read_text(encoding="utf-8"))


def attack_guide() -> tuple[str, dict[int, str]]:
    """The attack guide's text, and the file line of each payload with the check that must flag it."""
    front = {
        "title": "Attacks " + DATA_XSS, "summary": "A summary" + ATTRIBUTE_XSS, "audience": "Nobody",
        "reviewed": "2026-11-24", "stages": ["all"], "order": 999,
        "key_points": ["One point.", "Two points.", "Three points."],
        "sources": [{"title": "A source " + DATA_XSS, "url": "https://example.org/"}],
    }
    lines = ["---", *yaml.safe_dump(front, allow_unicode=True, sort_keys=False).splitlines(), "---",
             "A page of attacks. None of them may reach a reader.", ""]
    expected = {}
    for payload, check in GUIDE_XSS:
        payload_lines = payload.split("\n")
        # An attribute list or a reference definition is on the payload's last line.
        flagged = len(payload_lines) - 1 if "{:" in payload_lines[-1] or "]:" in payload_lines[-1] else 0
        expected[len(lines) + 1 + flagged] = check
        lines += [*payload_lines, ""]
    for heading in GUIDE_SHOWN_AS_TEXT:
        lines += [heading, "", "Some text under it.", ""]
    return "\n".join(lines) + "\n", expected


def write_attacks(root: Path) -> dict:
    """Write every attack into the copy at `root`; return what the tests need to know about it."""
    text, expected = attack_guide()
    (root / "content" / "guides" / f"{GUIDE}.md").write_text(text, encoding="utf-8")

    slug, authority = first_authority(root)
    folder = root / "authorities" / slug
    authority["name"] = "Smith & Jones " + DATA_XSS
    for contact in (authority.get("contacts") or {}).values():
        if isinstance(contact, dict):
            contact["name"] = "Team " + DATA_XSS
            contact["email"] = f'x{ATTRIBUTE_XSS}@example.org'.replace(" ", "")
    (folder / "authority.yml").write_text(yaml.safe_dump(authority, allow_unicode=True), encoding="utf-8")

    schools = sorted((folder / "schools").glob("*.yml"))
    school = yaml.safe_load(schools[0].read_text(encoding="utf-8")) if schools else {"urn": 999999}
    school.update(name="School " + DATA_XSS, uniform="Uniform " + DATA_XSS + ATTRIBUTE_XSS,
                  breakfast_club=DATA_TOOLTIP)
    path = schools[0] if schools else folder / "schools" / "999999.yml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(yaml.safe_dump(school, allow_unicode=True), encoding="utf-8")

    glossary_path = root / "content" / "glossary.yml"
    glossary = yaml.safe_load(glossary_path.read_text(encoding="utf-8"))
    glossary["terms"][0]["meaning"] = "A meaning " + DATA_XSS + ATTRIBUTE_XSS
    glossary["terms"].append({"term": "jumper", "meaning": "A meaning <meta http-equiv='refresh' "
                                                          "content='0;url=https://evil.example.org/glossary'>"})
    glossary_path.write_text(yaml.safe_dump(glossary, allow_unicode=True), encoding="utf-8")

    ui_path = root / "content" / "ui.yml"
    ui = yaml.safe_load(ui_path.read_text(encoding="utf-8"))
    for key in ("example_notice", "listen", "key_points", "home", "glossary_intro", "not_translated"):
        if key in ui:
            ui[key] = ui[key] + " " + DATA_XSS + ATTRIBUTE_XSS
    ui["site_name"] = "Guides: {authority} " + DATA_XSS
    ui_path.write_text(yaml.safe_dump(ui, allow_unicode=True), encoding="utf-8")
    return {"authority": slug, "locale": authority["languages"][0], "expected": expected,
            "guide": f"content/guides/{GUIDE}.md"}
