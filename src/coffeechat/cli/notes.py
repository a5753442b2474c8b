"""`coffeechat note PERSON TEXT`: write down something about a person or your latest conversation."""

from __future__ import annotations

import click

from coffeechat.cli.context import open_practice
from coffeechat.cli.output import emit_json, style
from coffeechat.cli.people import resolve_person


@click.command()
@click.argument("person")
@click.argument("text")
@click.option("--json", "as_json", is_flag=True, help="Print the new note as JSON (see docs/json.md).")
def note(person: str, text: str, as_json: bool) -> None:
    """Add a note to PERSON's latest conversation (held, else the next one), or to the person.

    If one of your goals is political reporting and the note describes campaign or partisan work, a
    conflict-of-interest warning is shown (the note is kept either way).

    \b
    Examples:
      coffeechat note dana "Started on the metro desk; says clips matter more than grades"
      coffeechat note "Sam Park" "Prefers email before 9am" --json
    """
    owner = open_practice()
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
    click.echo(f"Noted on {where}.")
    for warning in warnings:
        click.echo(style(f"! {warning}", fg="yellow"), err=True)


COMMANDS = (note,)
