"""How fast `guides check` reads guides: pages per second on a generated corpus of guide-sized
pages, against proselint (a well-known prose linter) on the same pages in the same run.

Both run as a user runs them, as a command on a folder of Markdown files. The corpus is made from
the shipped guides, with each copy's wording varied so that no cache can answer for a page.

Usage: python benchmarks/check_speed.py [--pages 1500]    (proselint: pip install -e '.[bench]')
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")
SWAPS = ["child", "son", "daughter", "teacher", "school", "class", "week", "day", "letter", "book"]


def make_corpus(folder: Path, pages: int) -> None:
    """`pages` guide files built from the shipped guides, words shuffled a little in each copy."""
    guides = sorted((REPO / "content" / "guides").glob("*.md"))
    target = folder / "content" / "guides"
    target.mkdir(parents=True)
    for name in ("mkdocs.yml",):
        shutil.copy(REPO / name, folder / name)
    shutil.copytree(REPO / "authorities", folder / "authorities")
    shutil.copy(REPO / "content" / "glossary.yml", folder / "content") if (REPO / "content/glossary.yml").exists() else None
    randomness = random.Random(2026)
    for number in range(pages):
        text = guides[number % len(guides)].read_text(encoding="utf-8")
        head, _, body = text.partition("\n---\n")
        words = body.split(" ")
        for index in range(0, len(words), 17):
            if words[index].isalpha():
                words[index] = randomness.choice(SWAPS)
        (target / f"page-{number:05}.md").write_text(head + "\n---\n" + " ".join(words), encoding="utf-8")


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        make_corpus(root, args.pages)
        ours = timed([sys.executable, "-m", "toolkit", "check", "content/guides", "--format", "json"], root)
        proselint = shutil.which("proselint") or str(Path(sys.executable).with_name("proselint"))
        theirs = timed([proselint, "check", "content/guides"], root) if Path(proselint).exists() else None
    print(f"{args.pages} guide-sized pages, {os.cpu_count()} cores")
    print(f"guides check:  {ours:6.2f} s   {args.pages / ours:7.0f} pages a second   (target: under 10 s)")
    if theirs is None:
        print("proselint:     not installed (pip install -e '.[bench]'), so no comparison")
    else:
        print(f"proselint:     {theirs:6.2f} s   {args.pages / theirs:7.0f} pages a second")
        print(f"ratio:         guides check takes {ours / theirs:.2f} of proselint's time")


if __name__ == "__main__":
    main()
