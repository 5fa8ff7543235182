"""How `guides build` scales: an authority with many schools, each with its own site in 3 languages.

Prints, measured in this run on this machine:
- the full build's time, against building the same sites one by one with plain `mkdocs build`
  (a fresh process per site, as a script around MkDocs would; timed on a sample and scaled up,
  because the full baseline takes too long to wait for);
- core-seconds per site (user + system time of every process, divided by the sites built);
- the time to rebuild after one school's YAML changes, against the full build: with
  `guides build --watch` running (from saving the file to the sites built again; and the build's
  own time, after the short wait for the file to be quiet; the median of three edits), and as a
  new `guides build`;
- the time to rebuild after one school is renamed (its sites and the authority's, whose directory
  lists it, are rebuilt);
- disk used, against the same sites each with its own copy of the theme.

The full build and each plain `mkdocs build` are run --runs times (each build into a new folder),
in rounds that take turns (our build, then plain mkdocs's sample, then again), and each side's best
run counts.

Both sides build on a RAM disk (/dev/shm) where there is one with room, or else in --folder. On a
disk, system time (making files) depends on what the disk did before more than on the build: ext4
without a journal, as on the machine this was written on, looks past every file deleted in the
last few minutes each time it makes a new one. There, a build just after another run's clean-up
took 4 times the system time of the same build on a quiet disk (perf: recently_deleted and
find_inode_bit). Plain mkdocs's system time is mostly starting Python and barely moves. So on
that disk the ratio says when the disk last deleted something; on a RAM disk it says what each
side does. Pass --folder to measure on a disk.

Usage: python benchmarks/build_scale.py [--schools 150] [--sample 12] [--jobs N] [--runs 2] [--folder DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COPIED = ["content", "locales", "authorities", "theme", "mkdocs.yml"]
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")


def make_repository(folder: Path, schools: int) -> Path:
    """A copy of the repository with one authority of `schools` schools and 3 languages."""
    for name in COPIED:
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, folder / name)
    shutil.rmtree(folder / "authorities")
    authority = folder / "authorities" / "benchshire"
    shutil.copytree(REPO / "authorities" / "doncaster", authority)
    text = (authority / "authority.yml").read_text()
    # Three languages, as the benchmark has always measured, whatever the example council offers.
    text = re.sub(r"(?m)^languages: \[.*\]$", "languages: [en, pl, ur]", text)
    (authority / "authority.yml").write_text(text.replace("name: Doncaster", "name: Benchshire"))
    template = (authority / "schools" / "990101.yml").read_text()
    shutil.rmtree(authority / "schools")
    (authority / "schools").mkdir()
    for number in range(schools):
        urn = 980000 + number
        school = template.replace("urn: 990101", f"urn: {urn}").replace(
            "Millbrook Primary School", f"Benchmark School {number}")
        (authority / "schools" / f"{urn}.yml").write_text(school)
    return folder


def ram_disk(room: int = 4 * 10**9) -> Path | None:
    """/dev/shm, where there is one with `room` bytes free (the builds take about 3 GB); else None,
    the system's temporary folder."""
    shm = Path("/dev/shm")
    return shm if shm.is_dir() and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > room else None


def cpu_seconds() -> tuple[float, float]:
    """User and system seconds of this process and of its children that have ended."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + children.ru_utime, me.ru_stime + children.ru_stime


def run(command: list[str], cwd: Path) -> tuple[float, tuple[float, float]]:
    """Wall seconds, and user and system seconds, of one command."""
    wall, cpu, _ = run_saying(command, cwd)
    return wall, cpu


def best(times: list[tuple[float, tuple[float, float]]]) -> tuple[float, tuple[float, float]]:
    """Of several runs' times, the least wall seconds, and the user and system seconds of the run
    with the least core-seconds."""
    return min(wall for wall, _ in times), min((cpu for _, cpu in times), key=sum)


def run_saying(command: list[str], cwd: Path) -> tuple[float, tuple[float, float], str]:
    """Wall seconds, user and system seconds, and what the command printed."""
    (user, system), wall = cpu_seconds(), time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=ENV, check=True, capture_output=True, text=True)
    user_after, system_after = cpu_seconds()
    return time.perf_counter() - wall, (user_after - user, system_after - system), done.stdout


def watched_edits(guides: list[str], root: Path, school: Path, days: list[str]) -> tuple[list[float], list[float], int]:
    """With `guides build --watch` running and its first build done (its workers keep what they
    made, the stencils of each kind of school site among them), change a school's parents' evening
    from each of `days` to the next, a second apart, as a school office would edit and look: the
    seconds from each save to the sites built again, the seconds the watch says each build took,
    and the sites the last one built."""
    watching = subprocess.Popen([*guides, "--watch"], cwd=root, env=ENV, text=True, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
    walls, said = [], []
    try:
        _read_until(watching, "Watching ")
        for old, new in zip(days, days[1:]):
            time.sleep(1)
            school.write_text(school.read_text().replace(old, new))
            saved = time.perf_counter()
            lines = _read_until(watching, "Built again in ")
            walls.append(time.perf_counter() - saved)
            said.append(float(re.search(r"Built again in ([\d.]+)s", lines[-1]).group(1)))
        return walls, said, sites_built("".join(lines))
    finally:
        watching.send_signal(signal.SIGINT)
        watching.communicate(timeout=60)


def _read_until(process: subprocess.Popen, start: str) -> list[str]:
    lines = []
    for line in process.stdout:
        lines.append(line)
        if line.startswith(start):
            return lines
    raise RuntimeError(f"guides build --watch stopped: {''.join(lines[-5:])}")


def sites_built(printed: str) -> int:
    return int(re.search(r"(\d+) site\(s\) built", printed).group(1))


def disk_used(folder: Path) -> int:
    """Bytes in files, counting each hard-linked file once (as `du --apparent-size` does): the same
    on any disk, where blocks are not (ext4 keeps a small file inside its inode, a RAM disk does not)."""
    seen, total = set(), 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            stat = path.stat()
            if (stat.st_dev, stat.st_ino) not in seen:
                seen.add((stat.st_dev, stat.st_ino))
                total += stat.st_size
    return total


class PlainSample:
    """Plain `mkdocs build`, one process per site: every authority site (they are the big ones), and
    `sample` of the school sites, each written as its own MkDocs project first."""

    def __init__(self, root: Path, sample: int, work: Path):
        sys.path.insert(0, str(REPO))
        from toolkit.assemble import assemble_all, sites_for
        from toolkit.model import load_project

        project = load_project(root)
        every = sites_for(project, "benchshire", schools=["all"])
        self.root, self.school_sites = root, len([s for s in every if s.school])
        authority_sites = [s for s in every if not s.school]
        school_sites = [s for s in every if s.school]
        step = max(len(school_sites) // sample, 1)
        chosen = authority_sites + school_sites[::step][:sample]
        self.configs = {assembled.site: assembled.write(work / f"plain-{index}")
                        for index, assembled in enumerate(assemble_all(project, chosen, dt.date.today(),
                                                                        all_sites=every))}
        self.pages = len(list((self.configs[chosen[-1]].parent / "docs").rglob("*.md")))
        self.times: dict = {site: [] for site in chosen}

    def run(self, round_number: int) -> None:
        """Build each site of the sample once, into a folder of this round."""
        for site, config in self.configs.items():
            self.times[site].append(run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d",
                                         str(config.parent / f"site-{round_number}")], self.root))

    def scaled(self) -> tuple[float, tuple[float, float]]:
        """The seconds, and user and system seconds, the whole set of sites would take at the best
        rates of the sample's sites."""
        each = {site: best(times) for site, times in self.times.items()}
        schools = [times for site, times in each.items() if site.school]
        authorities = [times for site, times in each.items() if not site.school]
        wall = sum(t[0] for t in authorities) + self.school_sites * sum(t[0] for t in schools) / len(schools)
        cpu = tuple(sum(t[1][part] for t in authorities)
                    + self.school_sites * sum(t[1][part] for t in schools) / len(schools) for part in (0, 1))
        return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=150)
    parser.add_argument("--sample", type=int, default=12)
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--runs", type=int, default=2, help="runs of each build; the best of each side counts")
    parser.add_argument("--folder", type=Path, default=ram_disk(), help="where to build (default: a RAM disk)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.folder) as temporary:
        work = Path(temporary)
        root = make_repository(work / "repo", args.schools)
        sites = (args.schools + 1) * 3
        guides = [sys.executable, "-m", "toolkit", "build", "--authority", "benchshire", "--schools", "all",
                  "--jobs", str(args.jobs), "--out"]

        plain = PlainSample(root, args.sample, work)
        full = []
        for round_number in range(args.runs):  # the two sides take turns (see the top of this file)
            full.append(run([*guides, str(work / f"out-{round_number}")], root))
            plain.run(round_number)
        full_wall, full_cpu = best(full)
        guides.append(str(work / "out-0"))  # the edits below build again into the first round's folder
        school = root / "authorities/benchshire/schools/980007.yml"
        # The watch builds its own copy first, as it would in a new folder, then the edit.
        watching = [*guides[:-1], str(work / "watched")]
        days = ["2027-03-16", "2027-03-17", "2027-03-18", "2027-03-19"]  # its last parents' evening
        watch_walls, watch_saids, watch_sites = watched_edits(watching, root, school, days)
        watch_wall, watch_said = statistics.median(watch_walls), statistics.median(watch_saids)
        school.write_text(school.read_text().replace(days[-1], "2027-03-20"))
        change_wall, _ = run(guides, root)
        renamed = root / "authorities/benchshire/schools/980011.yml"
        renamed.write_text(renamed.read_text().replace("Benchmark School 11", "Renamed School 11"))
        rename_wall, _, printed = run_saying(guides, root)
        rename_sites = sites_built(printed)
        disk = disk_used(work / "out-0")
        (plain_wall, plain_cpu), pages = plain.scaled(), plain.pages
        one_theme = disk_used(next((work / "out-0").glob("benchshire/en/assets")))

    baseline = plain_wall
    print(f"{sites} sites ({args.schools} schools + the authority, 3 languages), {pages} pages a school site, "
          f"{os.cpu_count()} cores, --jobs {args.jobs}, the best of {args.runs} runs of each build, built in "
          f"{args.folder or tempfile.gettempdir()}")
    print(f"full build:             {full_wall:7.1f} s")
    print(f"plain mkdocs, 1 by 1:   {baseline:7.1f} s  (the 3 authority sites timed, and {args.sample} school "
          "sites timed and scaled to all)")
    print(f"  speed-up:             {baseline / full_wall:7.1f} x   (target: at least 3 x)")
    print(f"core-seconds per site:  {sum(full_cpu) / sites:7.3f}     (plain mkdocs: {sum(plain_cpu) / sites:.3f}, "
          f"{sum(plain_cpu) / sum(full_cpu):.1f}x more; targets: at most 0.1, and 10x less than plain)")
    print(f"  user + system:        {full_cpu[0] / sites:.3f} + {full_cpu[1] / sites:.3f}   (plain mkdocs: "
          f"{plain_cpu[0] / sites:.3f} + {plain_cpu[1] / sites:.3f}; system time is making files; on a disk "
          "it swings with what the disk did before)")
    print(f"one school changed:     {watch_said:7.2f} s = {100 * watch_said / full_wall:.1f}% of the full build "
          f"(target: at most 1%), with guides build --watch running: {watch_sites} sites built again; the median "
          f"of {len(watch_saids)} edits ({', '.join(f'{t:.2f}' for t in watch_saids)} s);")
    print(f"                        {watch_wall:7.2f} s = {100 * watch_wall / full_wall:.1f}% from saving the file "
          "to the sites built, with the watch's wait for the file to be quiet;")
    print(f"                        {change_wall:7.2f} s = {100 * change_wall / full_wall:.1f}% as a new guides build "
          "(a new process: Python, MkDocs and workers started, every file read)")
    print(f"one school renamed:     {rename_wall:7.2f} s = {100 * rename_wall / full_wall:.1f}% of the full build; "
          f"{rename_sites} sites rebuilt (the school's and the authority's, whose directory lists it)")
    print(f"disk used:              {disk / 1e6:7.1f} MB  (with a theme copy per site: "
          f"{(disk + one_theme * (sites - 1)) / 1e6:.1f} MB; theme assets {one_theme / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
