"""Commands that move your data in and out whole: backup, restore, and the export group."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from coffeechat.cli.context import open_practice
from coffeechat.cli.output import emit_json


def _summary(counts: dict[str, int]) -> str:
    """ "200 people, 40 organisations, 25 conversations" — only the kinds that are not empty."""
    from coffeechat.services.backup import LABELS

    parts = [f"{count} {LABELS.get(name, name)}" for name, count in counts.items() if count]
    return ", ".join(parts) or "nothing (the practice is empty)"


def _write_atomically(path: Path, text: str) -> None:
    """Write next to ``path`` then rename, so an interrupted backup never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@click.command()
@click.argument("file", required=False)
@click.option("--json", "as_json", is_flag=True, help='Print {"file": …, "counts": {…}} instead of a summary.')
def backup(file: str | None, as_json: bool) -> None:
    """Write everything in your practice to one JSON file that `coffeechat restore` reads back exactly.

    FILE defaults to coffeechat-backup-YYYY-MM-DD.json in the current folder; "-" writes to standard
    output. An existing file of that name is replaced.

    \b
    Examples:
      coffeechat backup
      coffeechat backup ~/Backups/coffeechat.json
      coffeechat backup - | gzip > coffeechat.json.gz
    """
    owner = open_practice()
    from coffeechat.services.backup import backup_json, default_backup_name

    text, counts = backup_json(owner)
    if file == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    path = Path(file or default_backup_name(owner)).expanduser()
    try:
        _write_atomically(path, text)
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
def restore(file: str, replace: bool, as_json: bool) -> None:
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
    owner = open_practice()
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
def export_markdown(folder: Path, as_json: bool) -> None:
    """Write one Markdown file per person (details, conversations, notes, insights, timeline) and an index.md.

    The folder is created if needed; files for the same people are overwritten, other files are left
    alone. The files open in any notes app; Obsidian reads their front matter as properties.

    \b
    Example:
      coffeechat export markdown ~/Notes/coffeechat
    """
    owner = open_practice()
    from coffeechat.services.exports import export_markdown as write_notes

    try:
        counts = write_notes(owner, folder.expanduser())
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
def export_csv(file: str, as_json: bool) -> None:
    """Write your people to a CSV file that opens safely in any spreadsheet.

    Columns: name, first, last, organisation, title, emails and phones (several joined by "; "),
    linkedin, location, how known, stage, tags, notes. The file is UTF-8 with a byte order mark, and a
    cell that a spreadsheet would run as a formula gets a leading ' so it shows as text. FILE "-" writes
    to standard output.

    \b
    Example:
      coffeechat export csv people.csv
    """
    owner = open_practice()
    from coffeechat.services.exports import export_people_csv, write_people_csv

    if file == "-":
        write_people_csv(owner, sys.stdout)
        return
    path = Path(file).expanduser()
    try:
        counts = export_people_csv(owner, path)
    except OSError as error:
        raise click.ClickException(f"cannot write {path}: {error.strerror or error}") from error
    if as_json:
        emit_json({"file": str(path.resolve()), "counts": counts})
        return
    click.echo(f"Wrote {counts['people']} people to {path}.")



@export.command(name="ics")
@click.argument("file")
def export_ics(file: str) -> None:
    """Write every scheduled conversation (not the cancelled ones) into one calendar file.

    Import it into any calendar app. FILE "-" writes to standard output.

    \b
    Example:
      coffeechat export ics conversations.ics
    """
    owner = open_practice()
    from coffeechat.services.scheduling import all_conversations_ics

    data, count = all_conversations_ics(owner)
    if file == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    path = Path(file).expanduser()
    try:
        path.write_bytes(data)
    except OSError as error:
        raise click.ClickException(f"cannot write {path}: {error.strerror or error}") from error
    click.echo(f"Wrote {count} conversations to {path}.")


@export.command(name="vcard")
@click.argument("target", metavar="FILE|FOLDER")
@click.option("--vdir", is_flag=True,
              help="Write a folder of one <uid>.vcf per person (as khard and vdirsyncer keep them) instead of one file.")
@click.option("--json", "as_json", is_flag=True, help='Print {"file": …, "counts": {…}} instead of a summary.')
def export_vcard(target: str, vdir: bool, as_json: bool) -> None:
    """Write your people as vCard 4.0: one .vcf file for any address book, or with --vdir a folder of cards.

    Each card has names, emails, phones, LinkedIn and other links, organisation, title, location, tags,
    notes and when you connected. Each person keeps one UID, so exporting again updates the same cards
    rather than adding copies. An existing folder is written as a vdir even without --vdir; cards that
    did not change are left untouched. FILE "-" writes to standard output.

    \b
    Examples:
      coffeechat export vcard contacts.vcf
      coffeechat export vcard ~/.contacts/coffeechat --vdir
    """
    owner = open_practice()
    from coffeechat.services.vcard_export import export_vcard_file, export_vdir, write_vcard_stream

    if target == "-":
        write_vcard_stream(owner, sys.stdout)
        return
    path = Path(target).expanduser()
    as_folder = vdir or path.is_dir()
    try:
        counts = export_vdir(owner, path) if as_folder else export_vcard_file(owner, path)
    except OSError as error:
        raise click.ClickException(f"cannot write {path}: {error.strerror or error}") from error
    if as_json:
        emit_json({"file": str(path.resolve()), "counts": counts})
        return
    where = f"one card per file in {path}" if as_folder else str(path)
    click.echo(f"Wrote {counts['people']} people to {where}.")


COMMANDS = (backup, restore, export)
