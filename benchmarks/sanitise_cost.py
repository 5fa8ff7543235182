"""What the safety steps cost a build: cleaning every page with nh3 and adding its Content Security
Policy (toolkit/safe_pages.py), as a share of the MkDocs build of the same sites.

Assembles every authority's sites, with every school's own site, once; then builds them all with
MkDocs in this process, as a build worker does, with and without the safety plugin, alternating
three times and keeping each variant's fastest round (CPU seconds of this process). The target is
under 5% of a build.

Usage: python benchmarks/sanitise_cost.py
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def assembled_configs(work: Path) -> list[Path]:
    from toolkit.assemble import assemble_all, sites_for
    from toolkit.model import load_project

    project = load_project(REPO)
    sites = [site for slug in sorted(project.authorities) for site in sites_for(project, slug, schools=["all"])]
    return [site.write(work / str(i)) for i, site in enumerate(assemble_all(project, sites, dt.date(2026, 11, 30)))]


def build_all(configs: list[Path], shared: Path, safe: bool) -> float:
    """CPU seconds to build every site once."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from toolkit.fast_mkdocs import SharedBuildPlugin
    from toolkit.safe_pages import SafePagesPlugin

    started = time.process_time()
    for config_file in configs:
        config = load_config(str(config_file), site_dir=str(config_file.parent / ("safe" if safe else "plain")))
        config.plugins["shared"] = SharedBuildPlugin(shared)
        if safe:
            config.plugins["safe"] = SafePagesPlugin()
        build(config)
    return time.process_time() - started


def main() -> None:
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    work = Path(tempfile.mkdtemp(prefix="sanitise-cost-"))
    try:
        configs = assembled_configs(work)
        build_all(configs[:2], work / "shared", safe=True)  # warm up: templates compiled, theme listed
        rounds = {True: [], False: []}
        for _ in range(3):
            for safe in (False, True):
                rounds[safe].append(build_all(configs, work / "shared", safe))
        plain, safe = min(rounds[False]), min(rounds[True])
        print(f"{len(configs)} sites, fastest of 3 rounds, CPU seconds of one process")
        print(f"  MkDocs build without the safety steps: {plain:6.2f} s ({plain / len(configs) * 1000:.0f} ms a site)")
        print(f"  MkDocs build with them:                {safe:6.2f} s ({safe / len(configs) * 1000:.0f} ms a site)")
        print(f"  cost of cleaning and the policy: {(safe - plain) / plain:+.1%} of a build (target: under 5%)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
