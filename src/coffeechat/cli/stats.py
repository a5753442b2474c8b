"""How the practice is going: `coffeechat stats`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from coffeechat.cli.context import with_practice
from coffeechat.cli.output import emit_json, style, table

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


@click.command(name="stats")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (see docs/json.md).")
@with_practice
def stats_command(owner: User, as_json: bool) -> None:
    """Numbers of your whole practice: the funnel, reply rates, time to reply, thank-yous on time.

    The funnel runs requests → replies → conversations → thank-yous → ongoing relationships → mentors,
    per ISO week and per goal. Reply rates are split by how you knew the person and by template; the
    time to reply counts business days in your country. The web app shows the same as charts (Stats).

    \b
    Examples:
      coffeechat stats
      coffeechat stats --json
    """
    from coffeechat.services.analytics import practice_stats, stats_as_json

    stats = practice_stats(owner)
    if as_json:
        emit_json(stats_as_json(stats))
        return
    click.echo(style("Funnel", bold=True))
    click.echo("  " + "  →  ".join(f"{label} {count}" for label, count in stats.funnel.steps()))
    if stats.goals:
        click.echo(style("\nPer goal", bold=True))
        click.echo(table([[g.title, *(str(n) for _, n in g.funnel.steps())] for g in stats.goals],
                         ["goal", "requests", "replies", "held", "thanked", "ongoing", "mentors"]))
    for title, rows in (("Reply rate by how you knew them", stats.by_how_known),
                        ("Reply rate by template", stats.by_template)):
        if rows:
            click.echo(style(f"\n{title}", bold=True))
            click.echo(table([[r.label, str(r.sent), str(r.replied), _percent(r.rate)] for r in rows],
                             ["", "sent", "replied", "rate"]))
    median = stats.median_business_days_to_reply
    click.echo(style("\nReplies", bold=True))
    click.echo(f"  Median time to reply: {'—' if median is None else f'{median:g} business days'}"
               f" (over {stats.replies_timed} replies)")
    r = stats.responsiveness
    click.echo(f"  Boosters {r['booster']}, Obligates {r['obligate']}, Curmudgeons {r['curmudgeon']}"
               f" (not known yet: {r['unknown']})")
    per = stats.referrals_per_conversation
    click.echo(f"  Referrals: {stats.referrals} ({'—' if per is None else f'{per:.2f}'} per conversation)")
    click.echo(f"  Thank-yous: {stats.thank_you_on_time} on time, {stats.thank_you_late} late,"
               f" {stats.thank_you_missing} not sent")
    if stats.weeks:
        click.echo(style("\nPer week", bold=True))
        click.echo(table([[w.week, str(w.requests), str(w.replies), str(w.conversations), str(w.thank_yous)]
                          for w in stats.weeks[-12:]], ["week", "requests", "replies", "held", "thanked"]))


COMMANDS = (stats_command,)
