"""`coffeechat import`: bring your network in from LinkedIn, Google, Outlook or vCard files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from coffeechat.cli.context import OpenPractice, with_practice_later
from coffeechat.cli.output import emit_json, style

if TYPE_CHECKING:
    from django.contrib.auth.models import User

FORMATS = ["linkedin", "google", "outlook", "vcard"]


def _run_import(owner: User, path: str, fmt: str | None, dry_run: bool, as_json: bool) -> None:
    from coffeechat.formats.contact import FormatError
    from coffeechat.formats.sniff import guess_format
    from coffeechat.services.imports import LABELS, count_rows, import_contacts

    try:
        chosen = fmt or guess_format(path)
        if not as_json and not fmt:
            click.echo(f"Format: {LABELS[chosen]} (guessed from the file; name it to choose another).", err=True)
        total = count_rows(path)
        if as_json or total < 2000:
            report = import_contacts(owner, path, chosen, dry_run=dry_run)
        else:
            with click.progressbar(length=total, label="Importing", file=sys.stderr) as bar:
                report = import_contacts(owner, path, chosen, dry_run=dry_run, progress=bar.update)
    except FormatError as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        emit_json(report.as_json())
        return
    verb = "Would import" if dry_run else "Imported"
    click.echo(f"{verb} {LABELS[chosen]}: {report.created} new, {report.updated} updated, "
               f"{report.unchanged} unchanged, {report.skipped} skipped.")
    for problem in report.errors[:20]:
        click.echo(style(f"  {Path(path).name}: {problem}", fg="yellow"))
    if len(report.errors) > 20:
        click.echo(f"  … and {len(report.errors) - 20} more rows skipped (--json lists them all)")
    if report.warnings:
        click.echo(f"{len(report.warnings)} warning(s): rows used with a caveat.")
    for warning in report.warnings[:20]:
        click.echo(style(f"  {Path(path).name}: {warning}", fg="yellow"))
    if len(report.warnings) > 20:
        click.echo(f"  … and {len(report.warnings) - 20} more warnings (--json lists them all)")
    if report.uncertain:
        click.echo(f"{len(report.uncertain)} may be people you already had; check with: coffeechat duplicates")
    if dry_run:
        click.echo("Nothing was changed (--dry-run).")


@click.command(name="import")
@click.argument("words", nargs=-1, required=True, metavar="[FORMAT] PATH")
@click.option("--dry-run", is_flag=True, help="Show what would change, change nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON (see docs/json.md).")
@with_practice_later
def import_command(open_owner: OpenPractice, words: tuple[str, ...], dry_run: bool, as_json: bool) -> None:
    """Import contacts from a file; FORMAT is linkedin, google, outlook or vcard, guessed if left out.

    \b
    linkedin  a LinkedIn Connections.csv (Settings > Data privacy > Get a copy of your data)
    google    a Google Contacts CSV export (either layout)
    outlook   an Outlook contacts CSV export (desktop or Outlook.com)
    vcard     a .vcf file of one or many cards, or a folder of .vcf files (khard, vdirsyncer)

    Re-importing the same file changes nothing; people found again are updated, not duplicated, and a
    changed job goes on their timeline. A bad row is reported with its line and skipped; a row used with
    a caveat (missing columns, unreadable characters, a person listed twice: the newer row wins) is
    listed as a warning. The file is read before anything is written, so other commands keep working
    meanwhile; the writing is one transaction: stopped half-way, it leaves your data as it was.

    \b
    Examples:
      coffeechat import ~/Downloads/Connections.csv
      coffeechat import linkedin ~/Downloads/Connections.csv --dry-run
      coffeechat import vcard ~/.contacts/personal/ --json
    """
    if len(words) == 1:
        fmt, path = None, words[0]
    elif len(words) == 2 and words[0] in FORMATS:
        fmt, path = words
    else:
        raise click.UsageError(f"give a file, optionally after its format ({', '.join(FORMATS)})")
    if not Path(path).exists():
        raise click.BadParameter(f"{path} does not exist", param_hint="PATH")
    _run_import(open_owner(), path, fmt, dry_run, as_json)


COMMANDS = (import_command,)
