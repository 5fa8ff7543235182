"""Every school in England and Wales: build a sample of a national set of sites, and project the whole.

Makes a national-shaped repository in a temporary folder: every current local authority in
England and Wales (from the GIAS code list in ../shared/data/la_codes.csv), 20,000 English and
1,500 Welsh schools spread over them unevenly as real councils are (a few large, many small), with
the phases of real schools (mostly primary, then secondary, special, infant), Welsh-medium schools
in Wales, and two languages everywhere: English and Welsh in Wales, English and one community
language in England. Each school's file is one of the example schools with a new URN, name and
authority, so every page is rendered from real guides and real-shaped data.

Then it builds one shard of the sites for real (`guides build --schools all --shard 1/N`, N chosen
so that the shard holds at least --sample sites), and prints, measured in this run:
- the sites in the shard, its wall time and core-seconds (user + system of every process);
- the projected time for all the sites on this machine, with its arithmetic;
- the projected time with the sites spread over N machines like this one (a CI matrix of shards);
- the time a shard takes before its first site (measured on a build of one site);
- the peak memory of any one process of the build, and (with --memory) the same for a shard of
  about 450 sites: the two should be about equal, since no process holds more than a few sites.

Usage: python benchmarks/national_scale.py [--schools-england 20000] [--schools-wales 1500]
                                           [--sample 2000] [--jobs N] [--memory]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LA_CODES = REPO.parent / "shared" / "data" / "la_codes.csv"
COPIED = ["content", "locales", "theme", "mkdocs.yml"]
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", GUIDES_TODAY="2026-11-30")
COMMUNITY_LANGUAGES = ["pl", "ur", "ar", "bn", "pa", "ro", "so", "uk"]

# Shares of each phase among state schools (rounded from DfE and Welsh Government school counts),
# each with the example school its file is made from.
ENGLISH_SCHOOLS = [(0.72, "doncaster", 990101, "Primary School"), (0.06, "doncaster", 990104, "Infant School"),
                   (0.06, "doncaster", 990105, "Church of England Primary School"),
                   (0.11, "doncaster", 990102, "Academy"), (0.05, "doncaster", 990103, "Special School")]
WELSH_SCHOOLS = [(0.58, "cardiff", 990203, "Primary School"), (0.22, "cardiff", 990201, "Ysgol Gynradd"),
                 (0.11, "cardiff", 990202, "High School"), (0.05, "cardiff", 990205, "Ysgol Gyfun Gymraeg"),
                 (0.04, "cardiff", 990204, "Special School")]
PLACES = ["Ash", "Beech", "Birch", "Brook", "Castle", "Cedar", "Church", "Elm", "Field", "Fox", "Glen", "Green",
          "Hazel", "Hill", "Holly", "Kings", "Lark", "Lea", "Maple", "Meadow", "Mill", "Moor", "Oak", "Orchard",
          "Park", "Pine", "Queens", "River", "Rose", "Stone", "Vale", "Water", "Well", "West", "Willow", "Wood"]
ENDINGS = ["bank", "bridge", "brook", "croft", "dale", "field", "ford", "gate", "hurst", "lands", "lea", "mead",
           "ton", "view", "way", "wood"]


def authorities() -> list[dict]:
    """Every current English and Welsh local authority, as GIAS lists them."""
    with LA_CODES.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["status"] == "current"
                and row["nation"] in ("England", "Wales")]
    return sorted(rows, key=lambda row: int(row["la_code"]))


def slug_of(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60]


def shares(total: int, count: int, chance: random.Random) -> list[int]:
    """`total` schools over `count` authorities, unevenly (a long tail, as real councils are)."""
    weights = [chance.lognormvariate(0, 0.7) for _ in range(count)]
    scale = total / sum(weights)
    counts = [max(5, round(w * scale)) for w in weights]
    counts[counts.index(max(counts))] += total - sum(counts)  # the biggest absorbs the rounding
    return counts


def make_repository(folder: Path, england: int, wales: int, seed: int = 2026) -> Path:
    """A copy of the repository with a national set of authorities and schools."""
    chance = random.Random(seed)
    for name in COPIED:
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, folder / name)
    councils = authorities()
    english = [c for c in councils if c["nation"] == "England"]
    welsh = [c for c in councils if c["nation"] == "Wales"]
    urn = 100000
    for group, total, kinds in ((english, england, ENGLISH_SCHOOLS), (welsh, wales, WELSH_SCHOOLS)):
        for index, (council, count) in enumerate(zip(group, shares(total, len(group), chance))):
            language = "cy" if council["nation"] == "Wales" else COMMUNITY_LANGUAGES[index % len(COMMUNITY_LANGUAGES)]
            schools = _authority(folder, council, language)
            for _ in range(count):
                urn += 1
                _school(schools, council, urn, kinds, chance)
    return folder


def _authority(root: Path, council: dict, language: str) -> Path:
    example = "cardiff" if council["nation"] == "Wales" else "doncaster"
    text = (REPO / "authorities" / example / "authority.yml").read_text(encoding="utf-8")
    slug = slug_of(council["la_name"])
    name = council["la_name"].replace('"', "")
    text = re.sub(r"(?m)^name: .*$", f'name: "{name}"', text, count=1)
    text = re.sub(r"(?m)^la_code: .*$", f"la_code: {council['la_code']}", text, count=1)
    text = re.sub(r"(?m)^gss_code: .*$", f"gss_code: {council['ons_gss_code']}", text, count=1)
    text = re.sub(r"(?m)^languages: .*$", f"languages: [en, {language}]", text, count=1)
    text = re.sub(r"(?m)^site_url: .*$", f"site_url: https://parent-guides.example.org/{slug}/", text, count=1)
    folder = root / "authorities" / slug
    (folder / "schools").mkdir(parents=True)
    (folder / "authority.yml").write_text(text, encoding="utf-8")
    return folder / "schools"


_TEMPLATES: dict[tuple[str, int], str] = {}


def _school(schools: Path, council: dict, urn: int, kinds: list, chance: random.Random) -> None:
    _, example, template_urn, ending = chance.choices(kinds, weights=[k[0] for k in kinds])[0]
    key = (example, template_urn)
    if key not in _TEMPLATES:
        _TEMPLATES[key] = (REPO / "authorities" / example / "schools" / f"{template_urn}.yml").read_text(encoding="utf-8")
    place = chance.choice(PLACES) + chance.choice(ENDINGS)
    name = f"{ending} {place}" if ending.startswith("Ysgol") else f"{place} {ending}"
    text = re.sub(r"(?m)^urn: .*$", f"urn: {urn}", _TEMPLATES[key], count=1)
    text = re.sub(r"(?m)^name: .*$", f"name: {name}", text, count=1)
    text = re.sub(r"(?m)^la_code: .*$", f"la_code: {council['la_code']}", text, count=1)
    (schools / f"{urn}.yml").write_text(text, encoding="utf-8")


def run(command: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall seconds, core-seconds and the peak memory (KiB) of the biggest process of one command.
    Each is run in its own Python, so that the peak is this command's alone."""
    probe = ("import resource, subprocess, sys, time; start = time.perf_counter(); "
             "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
             "wall = time.perf_counter() - start; usage = resource.getrusage(resource.RUSAGE_CHILDREN); "
             "print(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)")
    result = subprocess.run([sys.executable, "-c", probe, *command], cwd=cwd, env=ENV, check=True,
                            capture_output=True, text=True)
    wall, cpu, peak = result.stdout.split()
    return float(wall), float(cpu), int(peak)


def count_sites(root: Path) -> int:
    """Every site of a full national build: each authority's, and each school's, in each language."""
    sys.path.insert(0, str(REPO))
    from toolkit.assemble import sites_for
    from toolkit.model import load_project

    return len(sites_for(load_project(root), schools=["all"]))


def shard_sizes(root: Path, of: int) -> list[int]:
    """The sites in each of `of` shards (they hold whole authorities in one language, so they vary)."""
    sys.path.insert(0, str(REPO))
    from toolkit.assemble import sites_for
    from toolkit.model import load_project

    project = load_project(root)
    return [len(sites_for(project, schools=["all"], shard=(shard, of))) for shard in range(1, of + 1)]


def shard_size(root: Path, shard: int, of: int) -> int:
    sys.path.insert(0, str(REPO))
    from toolkit.assemble import sites_for
    from toolkit.model import load_project

    return len(sites_for(load_project(root), schools=["all"], shard=(shard, of)))


def build_shard(root: Path, out: Path, of: int, jobs: int) -> tuple[float, float, int]:
    return run([sys.executable, "-m", "toolkit", "build", "--schools", "all", "--shard", f"1/{of}",
                "--jobs", str(jobs), "--out", str(out)], root)


def minutes(seconds: float) -> str:
    return f"{seconds / 60:.1f} min"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools-england", type=int, default=20_000)
    parser.add_argument("--schools-wales", type=int, default=1_500)
    parser.add_argument("--sample", type=int, default=2_000, help="at least this many sites are built for real")
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--memory", action="store_true", help="also build a quarter-size shard, to compare memory")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        started = time.perf_counter()
        root = make_repository(work / "repo", args.schools_england, args.schools_wales)
        subprocess.run(["git", "init", "-q"], cwd=root, check=True)  # a build outside git says so; quietly here
        made = time.perf_counter() - started
        total = count_sites(root)
        # Shards hold whole authorities in one language (as the build shares them out), so their
        # sizes vary: the most shards whose first still holds --sample sites.
        shards = max(total // args.sample, 1)
        while shards > 1 and shard_size(root, 1, shards) < args.sample:
            shards -= 1
        sizes = shard_sizes(root, shards)
        sample = sizes[0]
        wall, cpu, peak = build_shard(root, work / "out", shards, args.jobs)
        # What a shard costs before its first site: reading the repository, checking templates,
        # starting workers. Measured on a build of one site, and paid once by each machine.
        tiny, first = 1, slug_of(authorities()[0]["la_name"])
        fixed_wall, _, _ = run([sys.executable, "-m", "toolkit", "build", "--authority", first, "--locale", "en",
                                "--jobs", str(args.jobs), "--out", str(work / "out-tiny")], root)
        small = None
        if args.memory:
            small_shards = max(round(total / 450), shards + 1)
            small = (shard_size(root, 1, small_shards), *build_shard(root, work / "out-small", small_shards, args.jobs))

    authorities_count = len(authorities())
    schools = args.schools_england + args.schools_wales
    per_site = (wall - fixed_wall) / max(sample - tiny, 1)  # each further site, once the shard is under way
    print(f"National set: {authorities_count} authorities, {schools:,} schools, {total:,} sites "
          f"(every school and authority in 2 languages), made in {made:.0f} s")
    print(f"Built for real: shard 1 of {shards} = {sample:,} sites, {os.cpu_count()} cores, --jobs {args.jobs}")
    print(f"  wall time:              {wall:8.1f} s  ({fixed_wall:.1f} s before the first site, then "
          f"{per_site:.3f} s a site)")
    print(f"  core-seconds per site:  {cpu / sample:8.3f}     (target: at most 0.1)")
    print(f"  peak memory, biggest process: {peak / 1024:.0f} MiB")
    if small:
        print(f"  the same for a shard of {small[0]:,} sites: {small[3] / 1024:.0f} MiB "
              f"(ratio {peak / small[3]:.2f}: 1.0 means memory does not grow with the sites)")
    print(f"Projection, all {total:,} sites on this machine: {fixed_wall:.0f} s + {total:,} x {per_site:.3f} s = "
          f"{minutes(fixed_wall + total * per_site)}  (target: under 40 min)")
    print(f"Projection, over {shards} machines like this one (one shard each, as the publish workflow runs them; "
          f"{min(sizes):,} to {max(sizes):,} sites a shard): the largest takes {fixed_wall:.0f} s + "
          f"{max(sizes):,} x {per_site:.3f} s = {minutes(fixed_wall + max(sizes) * per_site)}, "
          "plus the time to check out and install")


if __name__ == "__main__":
    main()
