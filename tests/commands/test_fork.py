"""A council's fork, made the README's way: a new authority from the LA code list, its schools
imported from a GIAS extract, and a guide of its own. The commands a council runs all work on it."""

from __future__ import annotations

import json

import yaml

from gias_files import sample_rows, write_extract
from support import run_guides, without_code

GUIDE = """---
title: School trips
summary: What to know when your child goes on a school trip.
audience: Parents and carers of children at any school
stages: [primary, secondary]
key_points:
  - The school will send a letter or message about each trip.
  - Fill in the form and send it back in time.
  - Ask the school if money is hard. They may be able to help.
reviewed: 2026-11-24
sources:
  - title: "GOV.UK: Charging for school activities"
    url: https://www.gov.uk/government/publications/charging-for-school-activities
text_message: "A school trip is coming up? Send the form back in time. {{ page_url }}"
---
Trips help children learn outside the classroom.

## Before the trip

The school will tell you where the trip goes and when.
Fill in the form and send it back before the date on it.
"""


def test_a_fork_with_a_new_council_its_schools_and_a_guide_works(repo, tmp_path):
    without_code(repo, 330)
    assert run_guides("authorities", "new", "--code", "330", cwd=repo).returncode == 0  # Birmingham
    rows = [{**row, "LA (code)": "330", "LA (name)": "Birmingham"} for row in sample_rows()]
    extract = write_extract(tmp_path / "edubasealldata.csv", rows)
    imported = run_guides("schools", "import", str(extract), "--authority", "birmingham", cwd=repo)
    assert imported.returncode == 0, imported.stderr
    urns = sorted(p.stem for p in (repo / "authorities/birmingham/schools").glob("*.yml"))
    assert urns
    path = repo / "authorities/birmingham/authority.yml"
    authority = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(path.read_text(encoding="utf-8") + "site_url: https://guides.example.org/birmingham/\n",
                    encoding="utf-8")
    (repo / "content/guides/school-trips.md").write_text(GUIDE, encoding="utf-8")

    check = run_guides("check", "content/guides/school-trips.md", "--format", "json", cwd=repo)
    assert check.returncode == 0, check.stdout + check.stderr
    assert [f for f in json.loads(check.stdout) if f["severity"] == "error"] == []
    out = repo / "site"
    built = run_guides("build", "--authority", "birmingham", "--school", urns[0], "--out", str(out), cwd=repo)
    assert built.returncode == 0, built.stderr
    page = out / "birmingham/schools" / urns[0] / authority["languages"][0] / "guides/school-trips/index.html"
    assert "Trips help children learn outside the classroom." in page.read_text(encoding="utf-8")
    assert run_guides("build", "--authority", "birmingham", "--out", str(out), cwd=repo).returncode == 0
    status = run_guides("status", "--format", "json", cwd=repo)
    assert status.returncode == 0, status.stderr
    texts = run_guides("export", "texts", "--authority", "birmingham", "--out", str(tmp_path / "exports"), cwd=repo)
    assert texts.returncode == 0, texts.stderr
    assert "school-trips" in next((tmp_path / "exports").rglob("texts.csv")).read_text(encoding="utf-8-sig")
