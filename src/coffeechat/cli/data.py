"""Commands that move your data in and out whole: backup, restore, and the export group."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from coffeechat.cli.context import OpenPractice, with_practice, with_practice_later
from coffeechat.cli.file_consent import FORCE_HELP, write_with_consent
from coffeechat.cli.output import emit_json

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _summary(counts: dict[str, int]) -> str:
    """ "200 people, 40 organisations, 25 conversations" — only the kinds that are not empty."""
    from coffeechat.services.backup import LABELS

    parts = [f"{count} {LABELS.get(name, name)}" for name, count in counts.items() if count]
    return ", ".join(parts) or "nothing (the practice is empty)"


@click.command()
@click.argument("file", required=False)
@click.option("--json", "as_json", is_flag=True, help='Print {"file": …, "counts": {…}} instead of a summary.')
@click.option("--force", is_flag=True, help=FORCE_HELP)
@with_practice
def backup(owner: User, file: str | None, as_json: bool, force: bool) -> None:
    """Write everything in your practice to one JSON file that `coffeechat restore` reads back exactly.

    FILE defaults to coffeechat-backup-YYYY-MM-DD.json in the current folder; "-" writes to standard
    output. The file is readable by you alone. A backup coffeechat wrote there before is replaced; any
    other existing file is replaced only after you say yes (or with --force). A symbolic link is refused.

    \b
    Examples:
      coffeechat backup
      coffeechat backup ~/Backups/coffeechat.json
      coffeechat backup - | gzip > coffeechat.json.gz
    """
    from coffeechat.services.backup import backup_json, default_backup_name

    text, counts = backup_json(owner)
    if file == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    path = Path(file or default_backup_name(owner)).expanduser()
    from coffeechat.safe_files import write_file

    try:
        write_with_consent(lambda forced: write_file(path, text, force=forced), force=force)
    except OSError as error:
        raise click.ClickException(f"cannot write {path}: {error.strerror or error}") from error
    if as_json:
        emit_json({"file": str(path.resolve()), "counts": counts})
        return
    click.echo(f"Backed up {_summary(counts)} to {path}.")


@click.command()
@click.argument("file")
@click.option("--replace", is_flag=True,
              help="Delete everything in your practice first. Done in one step: if the restore fails, "
                   "nothing is deleted.")
@click.option("--json", "as_json", is_flag=True, help='Print {"file": …, "counts": {…}} instead of a summary.')
@with_practice_later
def restore(open_owner: OpenPractice, file: str, replace: bool, as_json: bool) -> None:
    """Put a backup made by `coffeechat backup` back into your practice, exactly as it was.

    The practice must be empty (no people, organisations, goals…) unless you add --replace. Your
    settings are replaced by the backup's. The whole file is checked before anything is written, and
    a file with a mistake is refused with the entry and field that is wrong. FILE "-" reads standard input.

    \b
    Examples:
      coffeechat --home ~/new-laptop restore coffeechat-backup-2026-11-26.json
      coffeechat restore old.json --replace
    """
    try:
        raw = sys.stdin.buffer.read() if file == "-" else Path(file).expanduser().read_bytes()
    except OSError as error:
        raise click.ClickException(f"cannot read {file}: {error.strerror or error}") from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise click.ClickException(f"{file} is not a coffeechat backup (not UTF-8 text)") from error
    owner = open_owner()
    from coffeechat.services.backup import RestoreError, RestoreRefused, restore_from_text

    try:
        counts = restore_from_text(owner, text, replace=replace)
    except RestoreRefused as error:
        raise click.ClickException(str(error)) from error
    except RestoreError as error:
        raise click.ClickException(f"{file} was not restored, nothing changed: {error}") from error
    if as_json:
        emit_json({"file": file if file == "-" else str(Path(file).expanduser().resolve()), "counts": counts})
        return
    click.echo(f"Restored {_summary(counts)} from {file}.")


@click.group(name="export")
def export() -> None:
    """Take your network to other tools: Markdown notes for a notes app, a CSV for a spreadsheet.

    \b
    Examples:
      coffeechat export markdown ~/Notes/coffeechat
      coffeechat export csv people.csv
    """


@export.command(name="markdown")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help='Print {"file": …, "counts": {…}} instead of a summary.')
@click.option("--force", is_flag=True, help=FORCE_HELP)
@with_practice
def export_markdown(owner: User, folder: Path, as_json: bool, force: bool) -> None:
    """Write one Markdown file per person (details, conversations, notes, insights, timeline) and an index.md.

    The folder is created if needed; notes coffeechat wrote before are updated, other files are left
    alone. If a file of the same name exists that coffeechat did not write (an index.md of your own, say),
    nothing is written until you say yes (or add --force). The files open in any notes app; Obsidian
    reads their front matter as properties.

    \b
    Example:
      coffeechat export markdown ~/Notes/coffeechat
    """
    from coffeechat.services.exports import export_markdown as write_notes

    try:
        counts = write_with_consent(lambda forced: write_notes(owner, folder.expanduser(), force=forced),
                                    force=force)
    except OSError as error:
        raise click.ClickException(f"cannot write into {folder}: {error.strerror or error}") from error
    if as_json:
        emit_json({"file": str(folder.expanduser().resolve()), "counts": counts})
        return
    click.echo(f"Wrote notes on {counts['people']} people ({counts['conversations']} conversations) "
               f"to {folder}; start at {folder / 'index.md'}.")


@export.command(name="csv")
@click.argument("file")
@click.option("--json", "as_json", is_flag=True, help='Print {"file": …, "counts": {…}} instead of a summary.')
@click.option("--force", is_flag=True, help=FORCE_HELP)
@with_practice
def export_csv(owner: User, file: str, as_json: bool, force: bool) -> None:
    """Write your people to a CSV file that opens safely in any spreadsheet.

    Columns: name, first, last, organisation, title, emails and phones (several joined by "; "),
    linkedin, location, how known, stage, tags, notes. The file is UTF-8 with a byte order mark, and a
    cell that a spreadsheet would run as a formula gets a leading ' so it shows as text. FILE "-" writes
    to standard output. An existing file coffeechat did not write is replaced only after you say yes (or
    with --force).

    \b
    Example:
      coffeechat export csv people.csv
    """
    from coffeechat.services.exports import export_people_csv, write_people_csv

    if file == "-":
        write_people_csv(owner, sys.stdout)
        return
    path = Path(file).expanduser()
    try:
        counts = write_with_consent(lambda forced: export_people_csv(owner, path, force=forced), force=force)
    except OSError as error:
        raise click.ClickException(f"cannot write {path}: {error.strerror or error}") from error
    if as_json:
        emit_json({"file": str(path.resolve()), "counts": counts})
        return
    click.echo(f"Wrote {counts['people']} people to {path}.")



@export.command(name="ics")
@click.argument("file")
@click.option("--force", is_flag=True, help=FORCE_HELP)
@with_practice
def export_ics(owner: User, file: str, force: bool) -> None:
    """Write every scheduled conversation (not the cancelled ones) into one calendar file.

    Import it into any calendar app. FILE "-" writes to standard output. An existing file coffeechat did
    not write is replaced only after you say yes (or with --force).

    \b
    Example:
      coffeechat export ics conversations.ics
    """
    from coffeechat.services.scheduling import all_conversations_ics

    data, count = all_conversations_ics(owner)
    if file == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    path = Path(file).expanduser()
    from coffeechat.safe_files import write_file

    try:
        write_with_consent(lambda forced: write_file(path, data, force=forced), force=force)
    except OSError as error:
        raise click.ClickException(f"cannot write {path}: {error.strerror or error}") from error
    click.echo(f"Wrote {count} conversations to {path}.")


@export.command(name="vcard")
@click.argument("target", metavar="FILE|FOLDER")
@click.option("--vdir", is_flag=True,
              help="Write a folder of one <uid>.vcf per person (as khard and vdirsyncer keep them) instead of one file.")
@click.option("--json", "as_json", is_flag=True, help='Print {"file": …, "counts": {…}} instead of a summary.')
@click.option("--force", is_flag=True, help=FORCE_HELP)
@with_practice
def export_vcard(owner: User, target: str, vdir: bool, as_json: bool, force: bool) -> None:
    """Write your people as vCard 4.0: one .vcf file for any address book, or with --vdir a folder of cards.

    Each card has names, emails, phones, LinkedIn and other links, organisation, title, location, tags,
    notes and when you connected. Each person keeps one UID, so exporting again updates the same cards
    rather than adding copies. An existing folder is written as a vdir even without --vdir; cards that
    did not change are left untouched. FILE "-" writes to standard output. An existing .vcf file coffeechat
    did not write is replaced only after you say yes (or with --force); a symbolic link is refused.

    \b
    Examples:
      coffeechat export vcard contacts.vcf
      coffeechat export vcard ~/.contacts/coffeechat --vdir
    """
    from coffeechat.services.vcard_export import export_vcard_file, export_vdir, write_vcard_stream

    if target == "-":
        write_vcard_stream(owner, sys.stdout)
        return
    path = Path(target).expanduser()
    as_folder = vdir or (path.is_dir() and not path.is_symlink())
    try:
        counts = write_with_consent(
            lambda forced: export_vdir(owner, path) if as_folder else export_vcard_file(owner, path, force=forced),
            force=force,
        )
    except OSError as error:
        raise click.ClickException(f"cannot write {path}: {error.strerror or error}") from error
    if as_json:
        emit_json({"file": str(path.resolve()), "counts": counts})
        return
    where = f"one card per file in {path}" if as_folder else str(path)
    click.echo(f"Wrote {counts['people']} people to {where}.")


COMMANDS = (backup, restore, export)
