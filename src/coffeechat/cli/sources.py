"""Journalism mode from the terminal: `source` and `sources` (the source book)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from coffeechat.cli.context import with_practice
from coffeechat.cli.output import emit_json, style
from coffeechat.cli.people import resolve_person

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@click.command()
@click.argument("person")
@click.option("--ground-rules", "ground_rules", default="", help="The ground rules you agreed with them (required to switch).")
@click.option("--career", is_flag=True, help="Switch them back to career conversations only.")
@with_practice
def source(owner: User, person: str, ground_rules: str, career: bool) -> None:
    """Approach PERSON as a reporter (a source), after agreeing the ground rules; or back with --career.

    A career conversation is not an interview for a story: once you talk to someone as a reporter, agree
    first whether you are on the record, on background or off the record, and write that down here.

    \b
    Examples:
      coffeechat source dana --ground-rules "On background; quotes only with her OK"
      coffeechat source dana --career
    """
    from coffeechat.services.sources import GroundRulesNeeded, mark_as_career, mark_as_source

    who = resolve_person(owner, person)
    if career:
        mark_as_career(owner, who)
        click.echo(f"{who} is back to career conversations only.")
        return
    try:
        mark_as_source(owner, who, ground_rules)
    except GroundRulesNeeded as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{who} is now a source. Ground rules: {ground_rules.strip()}")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (see docs/json.md).")
@with_practice
def sources(owner: User, as_json: bool) -> None:
    """The source book: every source, their ground rules and your last touch with them.

    \b
    Example:
      coffeechat sources
    """
    from coffeechat.services.sources import source_as_json, source_book

    book = source_book(owner)
    if as_json:
        emit_json({"sources": [source_as_json(e) for e in book]})
        return
    if not book:
        click.echo('No sources yet. Switch someone with: coffeechat source PERSON --ground-rules "…"')
        return
    for entry in book:
        when = f"{entry.last_touch:%Y-%m-%d}" if entry.last_touch else "never"
        org = f" ({entry.person.organization})" if entry.person.organization else ""
        click.echo(style(f"{entry.person.full_name}{org}", bold=True) + f"  last touch {when}: {entry.last_touch_summary}")
        click.echo(f"    ground rules: {entry.person.ground_rules}")


COMMANDS = (source, sources)
