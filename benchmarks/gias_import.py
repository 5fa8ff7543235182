"""Importing a national-size GIAS extract: time and peak memory at 5,000 and 50,000 rows.

Each extract is made by repeating the real sample rows (2019 layout, cp1252, quoted as GIAS quotes)
with new URNs, in a temporary folder. Both hold the same 160 schools of the authority being
imported (a large council has about that many), spread through the file, and a few of its closed
ones; the other rows belong to other authorities. The whole command runs, as `guides schools
import` does: reading every row, planning and checking every school's file, and writing them into a
throwaway copy of the repository. The reader streams the file, so the peak memory should be the
same for both sizes: the ratio printed at the end is the check.

Usage: python benchmarks/gias_import.py
"""

from __future__ import annotations

import contextlib
import csv
import io
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SAMPLE = REPO / "tests" / "fixtures" / "gias" / "gias_schools_experience_2019_verbatim.csv"
LA_CODE, SLUG = 207, "kensington-and-chelsea"
SCHOOLS, CLOSED = 160, 10  # the authority's rows in every extract, whatever its size
SIZES = (5_000, 50_000)


def make_extract(path: Path, rows: int) -> None:
    sample = list(csv.reader(io.StringIO(SAMPLE.read_bytes().decode("cp1252"), newline="")))
    header, body = sample[0], sample[1:]
    urn, la, status = header.index("URN"), header.index("LA (code)"), header.index("EstablishmentStatus (name)")
    numeric = {header.index(name) for name in ("URN", "StatutoryLowAge", "StatutoryHighAge", "SchoolCapacity",
                                               "UKPRN", "Easting", "Northing")}
    ours = {round(i * rows / (SCHOOLS + CLOSED)) for i in range(SCHOOLS + CLOSED)}
    closed = set(sorted(ours)[:CLOSED])
    with path.open("w", encoding="cp1252", newline="") as handle:
        handle.write(",".join(f'"{name}"' for name in header) + "\r\n")
        for number in range(rows):
            row = list(body[number % len(body)])
            row[urn] = str(200000 + number)
            row[la] = str(LA_CODE if number in ours else 800 + number % 50)
            row[status] = "Closed" if number in closed else "Open"
            # As GIAS writes it: text quoted, numbers not.
            handle.write(",".join(cell if i in numeric else f'"{cell}"' for i, cell in enumerate(row)) + "\r\n")


def make_repository(folder: Path) -> Path:
    from toolkit.commands.authorities import new_authority

    for name in ("content", "locales", "authorities", "theme", "mkdocs.yml"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, folder / name)
    with contextlib.redirect_stdout(io.StringIO()):
        new_authority(folder, LA_CODE)
    return folder


def measure(root: Path, extract: Path, trace: bool) -> tuple[float, float, str]:
    """One import into a schools folder emptied first. tracemalloc slows Python down, so time and
    memory are measured in separate runs."""
    from toolkit.commands.schools import run_import
    from toolkit.model import load_project

    shutil.rmtree(root / "authorities" / SLUG / "schools", ignore_errors=True)
    project = load_project(root)
    output = io.StringIO()
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    with contextlib.redirect_stdout(output):
        run_import(project, extract, SLUG, dry_run=False)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    tracemalloc.stop()
    return seconds, peak / 1e6, output.getvalue().strip().splitlines()[-1]


def reading_time(extract: Path) -> float:
    """The reader alone: every row decoded, parsed and the authority's kept."""
    from toolkit.importers.gias import extract_authority

    started = time.perf_counter()
    extract_authority(extract, LA_CODE)
    return time.perf_counter() - started


def main() -> None:
    results = {}
    with tempfile.TemporaryDirectory() as temporary:
        root = make_repository(Path(temporary) / "repo")
        for rows in SIZES:
            path = Path(temporary) / f"edubasealldata-{rows}.csv"
            make_extract(path, rows)
            _, peak, _ = measure(root, path, trace=True)  # first, so the timed run starts warm
            seconds, _, summary = measure(root, path, trace=False)
            results[rows] = (seconds, peak, summary, path.stat().st_size / 1e6, reading_time(path))
    for rows, (seconds, peak, summary, size, reading) in results.items():
        print(f"{rows:>6} rows ({size:5.1f} MB): import {seconds:5.2f} s (reading the file {reading:5.2f} s, "
              f"{rows / reading:6.0f} rows a second), peak memory {peak:5.2f} MB. {summary}")
    small, large = results[SIZES[0]], results[SIZES[1]]
    print(f"{SIZES[1] // SIZES[0]} x the rows: {large[0] / small[0]:.1f} x the time, "
          f"{large[1] / small[1]:.2f} x the peak memory")


if __name__ == "__main__":
    main()
