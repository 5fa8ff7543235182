"""Importing a national-size GIAS extract: time and peak memory at 5,000 and 50,000 rows.

The extract is made by repeating the shared sample rows (2019 layout, cp1252) with new URNs; one
row in 300 belongs to the authority being imported (about 160 schools at 50,000 rows, like a large
council). The reader streams the file, so peak memory should not grow with the file's size: the
ratio printed at the end is the check.

Usage: python benchmarks/gias_import.py
"""

from __future__ import annotations

import csv
import io
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SAMPLE = REPO / "tests" / "fixtures" / "gias" / "gias_schools_experience_2019_verbatim.csv"
LA_CODE = 207


def make_extract(path: Path, rows: int) -> None:
    sample = list(csv.reader(io.StringIO(SAMPLE.read_bytes().decode("cp1252"))))
    header, body = sample[0], sample[1:]
    urn, la = header.index("URN"), header.index("LA (code)")
    with path.open("w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(header)
        for number in range(rows):
            row = list(body[number % len(body)])
            row[urn] = str(200000 + number)
            row[la] = str(LA_CODE if number % 300 == 0 else 800 + number % 50)
            writer.writerow(row)


def measure(path: Path) -> tuple[float, float, int]:
    from toolkit.importers.gias import extract_authority

    tracemalloc.start()
    started = time.perf_counter()
    extract = extract_authority(path, LA_CODE)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak / 1e6, len(extract.schools)


def main() -> None:
    results = {}
    with tempfile.TemporaryDirectory() as temporary:
        for rows in (5_000, 50_000):
            path = Path(temporary) / f"edubasealldata-{rows}.csv"
            make_extract(path, rows)
            results[rows] = (*measure(path), path.stat().st_size / 1e6)
    for rows, (seconds, peak, schools, size) in results.items():
        print(f"{rows:>6} rows ({size:5.1f} MB): {seconds:5.2f} s, {rows / seconds:8.0f} rows a second, "
              f"peak memory {peak:5.2f} MB, {schools} schools for LA {LA_CODE}")
    small, large = results[5_000], results[50_000]
    print(f"10 x the rows: {large[0] / small[0]:.1f} x the time, {large[1] / small[1]:.2f} x the peak memory "
          f"(for {large[2] / small[2]:.0f} x the matching schools)")


if __name__ == "__main__":
    main()
