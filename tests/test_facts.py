"""Facts that change live in content/facts/, once: guides show them per nation and per language,
and `guides check` says when one has not been checked for a year, beside every guide that uses it."""

from __future__ import annotations

import json
import re

import yaml

from support import make_project, run_guides
from toolkit.assemble import Site, assemble
from toolkit.model import load_project
from support import TODAY

GUIDE = """---
title: Fines for holidays in term time
summary: What happens if your child misses school for a holiday.
audience: Parents and carers
key_points: [Ask first., Every day counts., Talk to the school.]
reviewed: 2026-11-30
sources: [{title: "GOV.UK: School attendance", url: "https://www.gov.uk/school-attendance-absence"}]
text_message: "A fine is {{ facts.test_fine }} for each parent. {{ page_url }}"
---
The fine is {{ facts.test_fine }} for each parent.
Pay within {{ facts.test_days }} days.
"""


def _project(tmp_path, checked="2026-11-30"):
    """The example project with two facts of our own, different in each nation."""
    root = make_project(tmp_path / "project")
    for nation, amount in (("england", 1234), ("wales", 56)):
        path = root / "content" / "facts" / f"{nation}.yml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["facts"]["test_fine"] = {"value": amount, "unit": "pounds", "meaning": "A test fine.",
                                      "source": "https://www.gov.uk/school-attendance-absence", "checked": checked}
        data["facts"]["test_days"] = {"value": 21, "meaning": "Days to pay.",
                                      "source": "https://www.gov.uk/school-attendance-absence", "checked": "2026-11-30"}
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (root / "content" / "guides" / "test-fines.md").write_text(GUIDE, encoding="utf-8")
    return root


def _check_with(root, written: str, instead: str):
    """guides check on the test guide with one passage written differently."""
    (root / "content" / "guides" / "test-fines.md").write_text(GUIDE.replace(written, instead), encoding="utf-8")
    return run_guides("check", "content/guides/test-fines.md", cwd=root)


def _page(project, site):
    return next(p for p in assemble(project, site, TODAY).pages if p.path == "guides/test-fines.md")


def test_a_fact_shows_its_own_nations_value_in_each_language(tmp_path):
    project = load_project(_project(tmp_path))
    assert "The fine is £1,234 for each parent." in _page(project, Site("doncaster", "en")).body
    assert "The fine is £56 for each parent." in _page(project, Site("cardiff", "en")).body
    # Polish writes the amount its own way: digits grouped by a space, the pound sign after.
    polish = project.authorities["doncaster"].facts["test_fine"]
    from toolkit.facts import shown
    assert shown(polish, "pl") == "1\u00a0234\u00a0£"
    assert shown(polish, "ur") == "£1,234"


def test_changing_a_fact_changes_every_page_that_uses_it(tmp_path):
    root = _project(tmp_path)
    path = root / "content" / "facts" / "england.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("value: 1234", "value: 99"), encoding="utf-8")
    page = _page(load_project(root), Site("doncaster", "en"))
    assert "The fine is £99 for each parent." in page.body
    assert "1,234" not in page.body


def test_a_fact_checked_over_a_year_ago_is_named_beside_each_guide_that_uses_it(tmp_path):
    root = _project(tmp_path, checked="2025-06-01")
    done = run_guides("--today", "2026-11-30", "check", "--format", "json", cwd=root)
    stale = [f for f in json.loads(done.stdout) if f["check"] == "facts.stale"]
    assert [(f["path"], f["line"]) for f in stale] == [("content/guides/test-fines.md", 10)]
    assert "'test_fine'" in stale[0]["message"] and "1 June 2025" in stale[0]["message"]
    # The same fact, checked a month ago: nothing to say.
    done = run_guides("--today", "2025-07-01", "check", "content/guides/test-fines.md", cwd=root)
    assert "facts.stale" not in done.stdout


def test_an_amount_typed_into_a_guide_is_pointed_at_its_fact(tmp_path):
    done = _check_with(_project(tmp_path), "Pay within {{ facts.test_days }} days.", "Pay within 21 days, or it is £1,234.")
    assert done.returncode == 0, done.stdout + done.stderr  # warnings do not fail a pull request
    typed = [line for line in done.stdout.splitlines() if "[facts.typed]" in line]
    assert len(typed) == 2
    assert "test-fines.md:11:" in typed[0] and "'21 days'" in typed[0]
    assert "Write {{ facts.test_fine }} instead" in typed[1]


def test_a_misspelt_fact_is_one_finding_naming_the_right_one(tmp_path):
    done = _check_with(_project(tmp_path), "Pay within {{ facts.test_days }}", "Pay within {{ facts.test_dayz }}")
    assert done.returncode == 1
    errors = [line for line in done.stdout.splitlines() if "[template.error]" in line]
    assert len(errors) == 1 and "test-fines.md:11:" in errors[0]
    assert "Did you mean facts.test_days?" in errors[0]


def test_a_broken_facts_file_is_named_with_its_line(tmp_path):
    root = _project(tmp_path)
    path = root / "content" / "facts" / "wales.yml"
    path.write_text("facts:\n  test_fine:\n    value: 56\n    unit: euros\n", encoding="utf-8")
    done = run_guides("build", "--authority", "cardiff", cwd=root)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    message = done.stdout + done.stderr
    assert re.search(r"content/facts/wales\.yml:4\b", message), message
    assert "unit" in message


def test_no_guide_types_a_fact_that_changes():
    """Every amount, time limit and helpline in the repository's guides comes from content/facts/
    (whatever guides a fork holds: this runs the check on them all)."""
    from support import REPO

    done = run_guides("check", cwd=REPO)
    assert "[facts.typed]" not in done.stdout, done.stdout


def test_a_changed_fact_rebuilds_the_sites_that_show_it(tmp_path):
    """A build skips a site whose inputs have not changed: a fact is one of them."""
    root = _project(tmp_path)
    out = tmp_path / "site"
    first = run_guides("build", "--authority", "doncaster", "--locale", "en", "--out", str(out), cwd=root)
    assert first.returncode == 0, first.stderr
    path = root / "content" / "facts" / "england.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("value: 1234", "value: 4321"), encoding="utf-8")
    again = run_guides("build", "--authority", "doncaster", "--locale", "en", "--out", str(out), cwd=root)
    assert again.returncode == 0, again.stderr
    assert "1 site(s) built, 0 unchanged" in again.stdout
    page = (out / "doncaster/en/guides/test-fines/index.html").read_text(encoding="utf-8")
    assert "£4,321" in page and "£1,234" not in page


def test_the_facts_a_template_uses_are_found_in_each_way_of_writing_them():
    from toolkit.facts import used_in

    template = ("{{ facts.holiday_fine }} and {{facts . fine_days}}, {{ facts['helpline'] }}, "
                '{{ facts["grant"] }} again {{ facts.holiday_fine }}; not myfacts.other or facts_old.x or ffacts.y')
    assert used_in(template) == ["holiday_fine", "fine_days", "helpline", "grant"]
