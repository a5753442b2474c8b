"""`coffeechat slots PERSON`: three free times to offer someone, in your time and theirs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from coffeechat.cli.context import with_practice
from coffeechat.cli.output import emit_json, style

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def echo_offer(offer: Any) -> None:
    """Print an offer as a block to copy into a request or a reply, with its notes dimmed below."""
    click.echo(style(offer.heading() + ":", bold=True))
    for line in offer.slot_lines():
        click.echo(line)
    for note in offer.notes:
        click.echo(style(f"  · {note}", dim=True))


@click.command(name="slots")
@click.argument("person")
@click.option("--minutes", type=click.IntRange(5, 240), default=None,
              help="How long (default: the meeting_minutes setting, 20).")
@click.option("--count", type=click.IntRange(1, 10), default=3, show_default=True, help="How many times to offer.")
@click.option("--days", "horizon", type=click.IntRange(1, 90), default=14, show_default=True,
              help="How many days ahead to look.")
@click.option("--json", "as_json", is_flag=True, help="Print the times as JSON (see docs/json.md).")
@with_practice
def slots_command(owner: User, person: str, minutes: int | None, count: int, horizon: int, as_json: bool) -> None:
    """Suggest free times to meet PERSON, shown in your time zone and theirs.

    The times lie inside your working hours and days (settings work_hours and work_days), at least a
    day ahead, clear of your busy calendar events and of conversations already scheduled, and never on
    their weekend or a public holiday of their country (or yours). When their time zone is on file,
    each time also falls between 08:00 and 19:00 their time, when that is possible. Copy them into
    your request or reply; nothing is recorded.

    \b
    Examples:
      coffeechat slots dana
      coffeechat slots dana --minutes 30 --json
    """
    from coffeechat.cli.people import resolve_person
    from coffeechat.services.free_slots import SlotOfferError, offer_slots

    who: Any = resolve_person(owner, person)
    try:
        offer = offer_slots(owner, who, minutes=minutes, count=count, horizon_days=horizon)
    except SlotOfferError as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        emit_json(offer.as_json())
        return
    echo_offer(offer)


COMMANDS = (slots_command,)
