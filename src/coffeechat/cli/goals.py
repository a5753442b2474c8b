"""What the conversations taught, per goal: `coffeechat goals`, `goal`, `reflect`."""

from __future__ import annotations

from typing import Any

import click

from coffeechat.cli.context import open_practice
from coffeechat.cli.output import emit_json, style, table


def _goal(owner: Any, reference: str) -> Any:
    from coffeechat.services.synthesis import GoalNotFound, find_goal

    try:
        return find_goal(owner, reference)
    except GoalNotFound as error:
        raise click.ClickException(str(error)) from error


@click.command(name="goals")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (see docs/json.md).")
def goals_command(as_json: bool) -> None:
    """List your goals with how many conversations, insights and questions each has.

    \b
    Examples:
      coffeechat goals
      coffeechat goals --json
    """
    owner = open_practice()
    from coffeechat.services.synthesis import goals_overview

    goals = goals_overview(owner)
    if as_json:
        emit_json({"goals": goals})
        return
    if not goals:
        click.echo("No goals yet.")
        return
    click.echo(table([[f"#{g['id']}", g["title"] + (" (archived)" if g["archived"] else ""), str(g["conversations"]),
                       str(g["insights"]), str(g["questions"])] for g in goals],
                     ["id", "goal", "held", "insights", "questions"]))


@click.command(name="goal")
@click.argument("goal")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (see docs/json.md).")
def goal_command(goal: str, as_json: bool) -> None:
    """What a goal's conversations taught: skills and themes, questions answered and open, reflections.

    GOAL is an id or a piece of the goal's title.

    \b
    Examples:
      coffeechat goal journalism
      coffeechat goal 2 --json
    """
    owner = open_practice()
    from coffeechat.services.synthesis import goal_synthesis, synthesis_as_json

    synthesis = goal_synthesis(owner, _goal(owner, goal))
    if as_json:
        emit_json(synthesis_as_json(synthesis))
        return
    click.echo(style(f"{synthesis.goal.title}  (#{synthesis.goal.pk}, {synthesis.conversations} held)", bold=True))
    for title, mentions in (("Skills", synthesis.skills), ("Themes", synthesis.themes)):
        click.echo(style(f"\n{title}", bold=True))
        if not mentions:
            click.echo("  nothing tagged yet")
        for mention in mentions:
            plural = "s" if mention.conversations != 1 else ""
            click.echo(f"  {mention.name} — {mention.conversations} conversation{plural}")
            for insight in mention.insights:
                click.echo(style(f"      “{insight.text}” ({insight.person_name or 'no one named'})", dim=True))
    click.echo(style("\nQuestions", bold=True))
    if not synthesis.questions:
        click.echo("  none written for this goal")
    for status in synthesis.questions:
        who = ", ".join(sorted({a.person_name for a in status.answered_by}))
        click.echo(f"  [{'open' if status.open else 'answered'}] {status.question.text}" + (f" — {who}" if who else ""))
    if synthesis.reflections:
        click.echo(style("\nHow the goal changed", bold=True))
        for reflection in synthesis.reflections:
            click.echo(f"  {reflection.created_at:%Y-%m-%d}  {reflection.body}")


@click.command(name="reflect")
@click.argument("goal")
@click.argument("text")
@click.option("--json", "as_json", is_flag=True, help="Print the new version as JSON.")
def reflect_command(goal: str, text: str, as_json: bool) -> None:
    """Keep a new dated version of how a goal changed; earlier versions stay.

    \b
    Example:
      coffeechat reflect journalism "More drawn to data desks than to beat reporting"
    """
    owner = open_practice()
    from coffeechat.services.synthesis import reflect

    found = _goal(owner, goal)
    try:
        reflection = reflect(owner, found, text)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        emit_json({"id": reflection.pk, "goal_id": found.pk, "at": reflection.created_at.isoformat(),
                   "body": reflection.body})
        return
    click.echo(f"Kept a new version for {found.title}.")


COMMANDS = (goals_command, goal_command, reflect_command)
