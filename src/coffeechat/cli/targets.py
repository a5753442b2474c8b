"""`coffeechat targets …`: the LAMP list of organisations to approach, scored and ranked."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from coffeechat.cli.context import OpenPractice, with_practice, with_practice_later
from coffeechat.cli.output import emit_json, style, table

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@click.group(name="targets", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print the ranked list as JSON (see docs/json.md).")
@click.pass_context
@with_practice_later
def targets(open_owner: OpenPractice, ctx: click.Context, as_json: bool) -> None:
    """Your LAMP list: the organisations to approach, ranked by Motivation, Posting and Advocacy.

    The first five are your current batch (marked *). Each row says why it sits where it does and
    suggests two people to write to first. Change scores with `coffeechat targets set`.

    \b
    Examples:
      coffeechat targets
      coffeechat targets --json
      coffeechat targets set "The Tribune" --motivation 3 --posting 2 --advocacy yes
      coffeechat targets import my-lamp-list.csv
    """
    if ctx.invoked_subcommand is not None:
        return
    owner = open_owner()
    from coffeechat.services.targets import row_as_json, target_board

    board = target_board(owner)
    if as_json:
        emit_json({"count": len(board.rows), "hint": board.hint, "targets": [row_as_json(r) for r in board.rows]})
        return
    if not board.rows:
        click.echo('Your list is empty. Add an organisation: coffeechat targets set "The Tribune" --motivation 3')
        return
    click.echo(table(
        [[("* " if r.ranked.in_batch else "  ") + str(r.ranked.rank), r.ranked.target.name,
          "yes" if r.ranked.target.advocacy else ("no (suggest yes)" if r.advocacy_suggested else "no"),
          str(r.ranked.target.motivation), str(r.ranked.target.posting),
          ", ".join(s.name for s in r.starters) or "nobody there yet"]
         for r in board.rows],
        ["rank", "organisation", "A", "M", "P", "start with"],
    ))
    click.echo(style("* = your first batch. Why each row is where it is:", dim=True))
    for row in board.rows:
        if row.ranked.in_batch:
            click.echo(f"  {row.ranked.rank}. {row.ranked.target.name}: {row.ranked.explanation}")
            for starter in row.starters:
                click.echo(f"       → {starter.name}: {starter.reason}")
            if not row.starters:
                click.echo(f'       → nobody there yet — add someone: coffeechat add "Name" --org "{row.ranked.target.name}"')
    if board.hint:
        click.echo(style(board.hint, fg="yellow"))


def _yes_no(value: str | None) -> bool | None:
    if value is None:
        return None
    return value.lower() in {"yes", "y"}


@targets.command(name="set")
@click.argument("organization")
@click.option("--motivation", type=click.IntRange(0, 4), help="How much you want to work there: 0-3 (4 pulls it into the top five).")
@click.option("--posting", type=click.IntRange(1, 3), help="3 relevant openings, 2 somewhat relevant, 1 none.")
@click.option("--advocacy", type=click.Choice(["yes", "no", "y", "n"], case_sensitive=False),
              help="Any plausible connection there (yes/no); suggested yes when you know an alumnus or referral there.")
@with_practice
def targets_set(owner: User, organization: str, motivation: int | None, posting: int | None, advocacy: str | None) -> None:
    """Score one organisation; a name not on your list adds it.

    ORGANIZATION is its name (any case) or its id from `coffeechat targets --json`.

    \b
    Example:
      coffeechat targets set "The Tribune" --motivation 3 --posting 2 --advocacy yes
    """
    from coffeechat.services.targets import TargetNotFound, set_scores, target_board

    key: str | int = int(organization.lstrip("#")) if organization.lstrip("#").isdigit() else organization
    try:
        org = set_scores(owner, key, motivation=motivation, posting=posting, advocacy=_yes_no(advocacy))
    except (TargetNotFound, ValueError) as error:
        raise click.ClickException(str(error)) from error
    row = next(r for r in target_board(owner).rows if r.organization_id == org.pk)
    batch = " — in your first batch" if row.ranked.in_batch else ""
    click.echo(f"{org.name}: rank {row.ranked.rank}{batch} ({row.ranked.explanation}).")


@targets.command(name="import")
@click.argument("file")
@with_practice_later
def targets_import(open_owner: OpenPractice, file: str) -> None:
    """Bring in a LAMP spreadsheet saved as CSV (Excel, Google Sheets, Numbers).

    The header needs a name column (Employer, Organization, Company…) and Motivation; Advocacy and
    Posting are read when present. Known organisations get the sheet's scores, new ones are added.
    Rows with a mistake are left out and listed by line and column. FILE "-" reads standard input.

    \b
    Example:
      coffeechat targets import my-lamp-list.csv
    """
    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).expanduser().read_bytes()
    except OSError as error:
        raise click.ClickException(f"cannot read {file}: {error.strerror or error}") from error
    owner = open_owner()
    from coffeechat.formats.targets_csv import TargetsCsvError
    from coffeechat.services.targets import import_targets

    try:
        result = import_targets(owner, data)
    except TargetsCsvError as error:
        raise click.ClickException(f"{file}: {error}") from error
    click.echo(f"Added {result.created} and updated {result.updated} organisations from {file}.")
    for column in result.missing_columns:
        click.echo(f"No {column} column: every row counts as {'no' if column == 'advocacy' else '1 (no openings)'}.")
    if result.errors:
        click.echo(f"{len(result.errors)} rows left out (fix them and import again):")
        for problem in result.errors:
            click.echo(f"  {problem}")


@targets.command(name="export")
@click.argument("file")
@click.option("--force", is_flag=True, help="Replace an existing file even if coffeechat did not write it.")
@with_practice
def targets_export(owner: User, file: str, force: bool) -> None:
    """Write the ranked list to a CSV file that opens safely in a spreadsheet.

    Columns: Rank, Organization, Advocacy, Motivation, Posting, First batch, Why. FILE "-" writes to
    standard output.

    \b
    Example:
      coffeechat targets export lamp.csv
    """
    from coffeechat.services.targets import export_targets

    text, count = export_targets(owner)
    if file == "-":
        click.echo(text.lstrip("\ufeff"), nl=False)
        return
    path = Path(file).expanduser()
    from coffeechat.cli.file_consent import write_with_consent
    from coffeechat.safe_files import write_file

    try:  # atomic, never through a symbolic link, asks before replacing a file coffeechat did not write
        write_with_consent(lambda forced: write_file(path, text, force=forced), force=force)
    except OSError as error:
        raise click.ClickException(f"cannot write {path}: {error.strerror or error}") from error
    click.echo(f"Wrote {count} organisations to {path}.")


COMMANDS = (targets,)
