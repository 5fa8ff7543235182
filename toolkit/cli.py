"""The `guides` command. Each command parses its options and calls one plain function.

Exit codes: 0 success; 1 problems found in the content or data, or a site failed to build;
2 bad usage or input that cannot be read.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .errors import GuidesError


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        code = cli.main(args=argv, prog_name="guides", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Stopped.", err=True)
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(2)
    except GuidesError as error:
        click.echo(error.render(), err=True)
        sys.exit(error.exit_code)
    if isinstance(code, int) and code:  # a command that chose its own exit code (ctx.exit)
        sys.exit(code)


@click.group(help="Write, check and build Parent Guides sites.")
@click.version_option(package_name="parent-guides")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path),
              help="The repository folder (default: found from the current folder).")
@click.option("--today", metavar="YYYY-MM-DD", envvar="GUIDES_TODAY",
              help="Work as if today were this date (default: today; or set GUIDES_TODAY).")
@click.pass_context
def cli(ctx: click.Context, root: Path | None, today: str | None) -> None:
    ctx.obj = root
    if today:
        from .clock import set_today

        set_today(today)


def _project(ctx: click.Context):
    from .model import find_root, load_project

    return load_project(find_root(ctx.obj))


@cli.command(help="Build the sites into a folder (default: site/). Sites whose inputs have not changed "
                   "since the last build are kept as they are.")
@click.option("--authority", "authority", help="Only this authority (its folder name in authorities/).")
@click.option("--locale", help="Only this language, e.g. en or cy.")
@click.option("--school", "schools", multiple=True, metavar="URN",
              help="Also build this school's own site (repeat for more schools).")
@click.option("--schools", "all_schools", type=click.Choice(["all"]),
              help="'all': also build every school's own site.")
@click.option("--shard", metavar="I/N", callback=lambda c, p, v: _shard(v),
              help="Build only part I of N of the sites (for spreading a big build over CI runners).")
@click.option("--jobs", type=click.IntRange(min=1), help="How many sites to build at once (default: all cores).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Where to put the sites.")
@click.option("--landing-pages", is_flag=True,
              help="Build nothing: write only the pages that lead to the sites already in --out (the list of "
                   "authorities, and each authority's first language), after joining shards built on several "
                   "machines. With --schools all: to every site the repository makes, wherever it was built.")
@click.option("--watch", is_flag=True,
              help="After building, watch the repository's files and build again each time one is saved, "
                   "until Ctrl+C: to look at an edit in the sites within a second or two.")
@click.pass_context
def build(ctx, authority, locale, schools, all_schools, shard, jobs, out, landing_pages, watch):
    from .commands.build import run_build

    chosen = ["all"] if all_schools else list(schools)
    if chosen and not authority and chosen != ["all"]:
        raise click.UsageError("--school needs --authority: say which authority the school belongs to.")
    if landing_pages:
        from .commands.build import run_landing_pages

        if authority or locale or schools or shard or jobs or watch:
            raise click.UsageError("--landing-pages writes the pages that lead to every site in --out (with "
                                   "--schools all: every site the repository makes), and builds nothing: give it "
                                   "--out alone, or --out and --schools all.")
        run_landing_pages(_project(ctx), out, every_site=bool(all_schools))
        return
    if watch:
        from .commands.build import run_watch
        from .model import find_root

        if shard:
            raise click.UsageError("--watch builds every site the other options choose, so that each edit shows: "
                                   "leave out --shard.")
        run_watch(find_root(ctx.obj), authority=authority, locale=locale, schools=chosen, jobs=jobs, out=out)
        return
    run_build(_project(ctx), authority=authority, locale=locale, schools=chosen, shard=shard, jobs=jobs, out=out)


def _shard(value: str | None):
    if value is None:
        return None
    index, _, count = value.partition("/")
    if not (index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
        raise click.BadParameter(f"'{value}' is not a shard: write I/N with 1 <= I <= N, like 2/4.")
    return int(index), int(count)


@cli.command(help="Check guides for plain English: reading age, long sentences, jargon, placeholders. "
                   "Exit 0: no errors; 1: errors found; 2: bad usage or a file that cannot be read.")
@click.argument("paths", nargs=-1)
@click.option("--locale", help="Check as this language (default: from the path, locales/<lang>/...).")
@click.option("--format", "output", type=click.Choice(["text", "json", "github", "sarif"]), default="text",
              show_default=True)
@click.option("--changed-since", metavar="REF", help="Only files changed since this git branch or commit.")
@click.pass_context
def check(ctx, paths, locale, output, changed_since):
    from .commands.check import run_check
    from .model import find_root

    ctx.exit(run_check(find_root(ctx.obj), list(paths), locale, output, changed_since))


@cli.command(help="Show which translations and local versions are behind the English guides, "
                   "and which guides are due for review.")
@click.option("--locale", help="Only this language.")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Exit with 1 if any translation is stale or missing (for CI).")
@click.option("--diff", metavar="OWNER/GUIDE",
              help="Print the English changes to carry over, e.g. cy/parents-evening or doncaster/homework.")
@click.pass_context
def status(ctx, locale, output, strict, diff):
    from .commands.status import run_status

    ctx.exit(run_status(_project(ctx), locale, output, strict, diff))


@cli.command(help="Start a translation of a guide, or mark one as up to date with the English guide.")
@click.argument("guide")
@click.option("--locale", required=True, help="The language to translate into, e.g. cy, pl or ur.")
@click.option("--up-to-date", is_flag=True,
              help="You have carried over the English changes: record the latest English commit.")
@click.pass_context
def translate(ctx, guide, locale, up_to_date):
    from .commands.copies import start_translation

    start_translation(_project(ctx), guide, locale, up_to_date)


@cli.command(help="Make an authority's own version of a central guide, recording the central commit it "
                   "is based on, or mark an existing one as up to date with the central guide.")
@click.argument("guide")
@click.option("--authority", required=True, help="The authority (its folder name in authorities/).")
@click.option("--up-to-date", is_flag=True,
              help="You have carried over the central changes: record the latest central commit.")
@click.pass_context
def override(ctx, guide, authority, up_to_date):
    from .commands.copies import start_override

    start_override(_project(ctx), guide, authority, up_to_date)


@cli.group(help="Export the guides for other channels: text messages and printable leaflets.")
def export():
    pass


def _export_options(command):
    command = click.option("--out", type=click.Path(file_okay=False, path_type=Path),
                           help="Where to write (default: exports/).")(command)
    command = click.option("--locale", help="Only this language.")(command)
    command = click.option("--school", metavar="URN", help="With this school's details and addresses.")(command)
    command = click.option("--authority", required=True, help="The authority (its folder in authorities/).")(command)
    return click.pass_context(command)


@export.command(help="A CSV of each guide's text message, filled in for the site, for a messaging system.")
@_export_options
def texts(ctx, authority, school, locale, out):
    from .commands.export import run_texts

    run_texts(_project(ctx), authority, school, locale, out)


@export.command(help="A printable A4 PDF of each guide, with contact details and a QR code (needs Chromium).")
@_export_options
def leaflets(ctx, authority, school, locale, out):
    from .commands.export import run_leaflets

    run_leaflets(_project(ctx), authority, school, locale, out)


@cli.group(help="Schools: import them from Get Information about Schools (GIAS).")
def schools():
    pass


@schools.command("import", help="Add or update an authority's schools from a GIAS extract (edubasealldata*.csv). "
                                "Local details and comments in the schools' files are kept.")
@click.argument("csv_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--authority", required=True, help="The authority (its folder in authorities/).")
@click.option("--dry-run", is_flag=True, help="Show what would change, and write nothing.")
@click.pass_context
def import_schools(ctx, csv_file, authority, dry_run):
    from .commands.schools import run_import

    run_import(_project(ctx), csv_file, authority, dry_run)


@cli.group(help="Local authorities: start a new one, or move an example one's dates on a year.")
def authorities():
    pass


@authorities.command("new", help="Create authorities/<slug>/authority.yml for an English or Welsh LA, ready to fill in.")
@click.option("--code", type=int, required=True, help="The GIAS LA code, e.g. 371 for Doncaster.")
@click.pass_context
def new_authority(ctx, code):
    from .commands.authorities import new_authority as create
    from .model import find_root

    create(find_root(ctx.obj), code)


@authorities.command("next-year", help="Move an example authority's made-up dates (terms, admissions, parents' "
                                         "evenings) on one school year, so its sites stay current. Run it each summer.")
@click.option("--authority", help="Only this example authority (default: every authority with example: true).")
@click.pass_context
def next_year(ctx, authority):
    from .commands.next_year import run_next_year

    run_next_year(_project(ctx), authority)


@cli.group("bank-holidays", help="The GOV.UK bank holidays the term dates use.")
def bank_holidays():
    pass


@bank_holidays.command("update", help="Replace the shipped copy with a downloaded https://www.gov.uk/bank-holidays.json.")
@click.argument("json_file", type=click.Path(dir_okay=False, path_type=Path))
def update_bank_holidays(json_file):
    from .calendar import update_bank_holidays as update

    click.echo(update(json_file))


@cli.command(help="Write the JSON Schemas for the data files into schemas/, for editors.")
@click.pass_context
def schema(ctx):
    from .commands.schema import write_schemas
    from .model import find_root

    write_schemas(find_root(ctx.obj) / "schemas")


if __name__ == "__main__":
    main()
