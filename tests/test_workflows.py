"""The GitHub workflows and the pre-commit hook are valid, and run what a volunteer runs at home."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_is_valid_for_github_actions(workflow):
    """Checked against the GitHub workflow schema that check-jsonschema ships (offline)."""
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                             "vendor.github-workflows", str(workflow)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_broken_workflow_is_caught():
    """The schema check above can fail: a job without runs-on is refused."""
    broken = {"on": "push", "jobs": {"x": {"steps": [{"run": "true"}]}}}
    path = REPO / ".pytest_cache" / "broken-workflow.yml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(yaml.safe_dump(broken))
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                             "vendor.github-workflows", str(path)], capture_output=True, text=True)
    assert result.returncode != 0


def _steps(name: str) -> list[dict]:
    workflow = yaml.safe_load((REPO / ".github/workflows" / name).read_text())
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def test_pull_request_check_is_the_command_volunteers_run():
    step = next(s for s in _steps("pull-request.yml") if s.get("name") == "Check the changed guides")
    local = step["run"].replace('"origin/$BASE_REF"', "origin/main").replace(" --format github", "")
    assert local == "guides check --changed-since origin/main"
    assert local in (REPO / "CONTRIBUTING.md").read_text()
    assert "bash .ci/run" in [s.get("run") for s in _steps("pull-request.yml")]  # the tools the tests need, too


def test_publish_builds_shards_on_a_matrix_and_publishes_their_union():
    workflow = yaml.safe_load((REPO / ".github/workflows/publish.yml").read_text())
    build = workflow["jobs"]["build"]
    assert build["strategy"]["matrix"]["shard"] == "${{ fromJSON(needs.plan.outputs.shards) }}"
    step = next(s for s in build["steps"] if "guides build" in s.get("run", ""))
    assert '--shard "$SHARD/$COUNT"' in step["run"] and "${{" not in step["run"]  # values come through env:
    join = "\n".join(s.get("run", "") for s in workflow["jobs"]["join"]["steps"])
    assert "guides build --landing-pages --out public" in join
    # Only the deploy job may publish, and it runs nothing from the repository.
    assert "permissions" not in workflow["jobs"]["join"]
    assert [s.get("uses") for s in workflow["jobs"]["deploy"]["steps"]] == ["actions/deploy-pages@v4"]


def _published(folder):
    """Every file a web server would publish from `folder` (not the build's own dot-folders)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.relative_to(folder).parts[0].startswith(".")}


def test_shards_built_apart_and_joined_publish_what_one_build_makes(repo, tmp_path):
    """Built in five shares, as the publish workflow does, put in one folder, with the landing pages:
    every page, directory, short address and landing page is byte for byte the whole build's (a
    directory links to a school's own site even when another share builds it)."""
    from support import run_guides

    whole = tmp_path / "whole"
    assert run_guides("build", "--schools", "all", "--out", str(whole), cwd=repo).returncode == 0
    joined = tmp_path / "public"
    for shard in ("1/5", "2/5", "3/5", "4/5", "5/5"):
        part = tmp_path / shard.replace("/", "-")
        built = run_guides("build", "--schools", "all", "--shard", shard, "--out", str(part), cwd=repo)
        assert built.returncode == 0, built.stderr
        shutil.copytree(part, joined, dirs_exist_ok=True)
    result = run_guides("build", "--landing-pages", "--out", str(joined), cwd=repo)
    assert result.returncode == 0, result.stderr
    expected, got = _published(whole), _published(joined)
    assert got.keys() == expected.keys()
    assert [name for name in expected if got[name] != expected[name]] == []

    empty = run_guides("build", "--landing-pages", "--out", str(tmp_path / "nothing"), cwd=repo)
    assert empty.returncode == 1 and "has no built sites" in empty.stderr and "Traceback" not in empty.stderr
    mixed = run_guides("build", "--landing-pages", "--shard", "1/2", "--out", str(joined), cwd=repo)
    assert mixed.returncode == 2 and "give it --out alone" in mixed.stderr

    # Made from the repository alone, without the sites (a national set is never in one folder):
    # the same landing pages, and nothing else.
    alone = tmp_path / "landing"
    made = run_guides("build", "--landing-pages", "--schools", "all", "--out", str(alone), cwd=repo)
    assert made.returncode == 0, made.stderr
    landing = {name for name in expected
               if re.fullmatch(r"(index|404)\.html|[^/]+/index\.html|[^/]+/schools/\d+/index\.html", name)}
    assert _published(alone) == {name: expected[name] for name in landing}


def test_pre_commit_hook_runs_guides_check():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert hooks[0]["id"] == "guides-check" and hooks[0]["entry"] == "guides check"
