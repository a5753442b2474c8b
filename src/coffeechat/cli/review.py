"""The weekly review: `coffeechat review`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from coffeechat.cli.context import with_practice
from coffeechat.cli.output import emit_json, style

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@click.command(name="review")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (see docs/json.md).")
@with_practice
def review_command(owner: User, as_json: bool) -> None:
    """Your weekly review: the past seven days, the next seven, and one suggestion.

    \b
    Examples:
      coffeechat review
      coffeechat --now friday review --json
    """
    from coffeechat.services.review import review_as_json, weekly_review

    review = weekly_review(owner)
    if as_json:
        emit_json(review_as_json(review))
        return
    click.echo(style(f"Week of {review.since:%a %d %b} – {review.today:%a %d %b %Y}", bold=True))
    click.echo(style("\nSuggestion", bold=True))
    click.echo(f"  {review.suggestion.text}")
    click.echo(style("\nWhat happened", bold=True))
    if not review.happened:
        click.echo("  a quiet week: nothing on record")
    for group in review.happened:
        click.echo(f"  {group.label}: {group.count}")
        for touch in group.touches[:5]:
            click.echo(style(f"      {touch.at:%a %d %b}  {touch.person.full_name}: {touch.summary}", dim=True))
    click.echo(style("\nDue in the next seven days", bold=True))
    if not review.due.actions:
        click.echo("  nothing")
    for action in review.due.actions:
        when = "OVERDUE" if action.overdue else f"{action.due:%a %d %b}"
        click.echo(f"  {when:<10} {action.kind.replace('_', ' '):<14} {action.reason}")
    if review.mentorship:
        click.echo(style("\nSomeone to ask for mentorship?", bold=True))
        for person in review.mentorship:
            click.echo(f"  {person.full_name}: you talked more than once and they answer your updates.")


COMMANDS = (review_command,)
