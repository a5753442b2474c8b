"""`coffeechat note PERSON TEXT`: write down something about a person or your latest conversation."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from coffeechat.cli.context import OpenPractice, with_practice_later
from coffeechat.cli.output import emit_json, style
from coffeechat.cli.people import resolve_person


def _note_text(text: str | None, from_file: Path | None) -> str:
    """The note's words from the argument, standard input (-) or a file; a clear error when empty."""
    if from_file is not None and text is not None:
        raise click.UsageError("give the note as TEXT, as - (standard input) or with --file, not two of them")
    if from_file is not None:
        from coffeechat.formats.contact import FormatError
        from coffeechat.formats.text import open_text

        try:
            with open_text(from_file) as stream:
                text = stream.read()
        except (FormatError, OSError, UnicodeDecodeError) as error:
            raise click.BadParameter(f"cannot read {from_file}: {error}", param_hint="--file") from error
        source = str(from_file)
    elif text == "-":
        text = sys.stdin.read()
        source = "standard input"
    elif text is None:
        raise click.UsageError("say what to note: TEXT in quotes, - to read standard input, or --file FILE")
    else:
        source = "TEXT"
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise click.UsageError(f"the note is empty (nothing in {source})")
    return text


@click.command()
@click.argument("person")
@click.argument("text", required=False)
@click.option("--file", "from_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read the note from this text file (UTF-8, UTF-16 or Windows-1252), e.g. a transcript.")
@click.option("--json", "as_json", is_flag=True, help="Print the new note as JSON (see docs/json.md).")
@with_practice_later
def note(open_owner: OpenPractice, person: str, text: str | None, from_file: Path | None, as_json: bool) -> None:
    """Add a note to PERSON's latest conversation (held, else the next one), or to the person.

    TEXT is the note in quotes; use - to read it from standard input (paste, then Ctrl-D), or --file to
    read a file. A long note, such as a whole transcript, is fine. The note shows on `coffeechat show
    PERSON` and is found by `coffeechat search`.

    If one of your goals is political reporting and the note describes campaign or partisan work, a
    conflict-of-interest warning is shown (the note is kept either way).

    \b
    Examples:
      coffeechat note dana "Started on the metro desk; says clips matter more than grades"
      coffeechat note "Sam Park" "Prefers email before 9am" --json
      coffeechat note dana --file transcript.txt
      pbpaste | coffeechat note dana -
    """
    text = _note_text(text, from_file)
    owner = open_owner()
    from coffeechat.services.live import add_note, political_warnings

    who = resolve_person(owner, person)
    try:
        saved = add_note(owner, who, text)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    warnings = political_warnings(owner, text)
    if as_json:
        emit_json({"id": saved.pk, "person_id": who.pk, "conversation_id": saved.conversation_id,
                   "body": saved.body, "warnings": warnings})
        return
    where = f"your conversation #{saved.conversation_id} with {who}" if saved.conversation_id else str(who)
    size = f" ({len(saved.body):,} characters)" if len(saved.body) > 500 else ""
    click.echo(f"Noted on {where}{size}.")
    for warning in warnings:
        click.echo(style(f"! {warning}", fg="yellow"), err=True)


COMMANDS = (note,)
