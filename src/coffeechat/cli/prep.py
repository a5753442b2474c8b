"""`coffeechat prep PERSON`: the research brief and the question plan for the next conversation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from coffeechat.cli.context import with_practice
from coffeechat.cli.output import emit_json, style
from coffeechat.cli.people import resolve_person

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@click.command()
@click.argument("person")
@click.option("--new-plan", "new_plan", is_flag=True, help="Suggest the question plan afresh, replacing the saved one.")
@click.option("--json", "as_json", is_flag=True, help="Print the brief and the plan as JSON (see docs/json.md).")
@with_practice
def prep(owner: User, person: str, new_plan: bool, as_json: bool) -> None:
    """Prepare for a conversation: who they are, your history, your goal, your introduction, the plan.

    Uses the next conversation with PERSON (or the latest; if there is none, a proposed one is made).
    The plan is suggested the first time and kept; edit it on the conversation's page in the web app.
    For a printed sheet or a PDF, open the brief in the web app and use the browser's Print.

    \b
    Examples:
      coffeechat prep dana
      coffeechat prep dana --json
      coffeechat prep "Sam Park" --new-plan
    """
    from coffeechat.services.preparation import conversation_to_prepare, make_plan, research_brief

    who = resolve_person(owner, person)
    conversation = conversation_to_prepare(owner, who)
    assert conversation is not None
    if new_plan:
        make_plan(owner, conversation, replace=True)
    brief = research_brief(owner, conversation)
    if as_json:
        emit_json(brief_as_json(brief))
        return
    _print_brief(brief)


def brief_as_json(brief: Any) -> dict[str, Any]:
    """The stable JSON shape of a brief (docs/json.md)."""
    from coffeechat.services.people import person_as_json, touch_as_json
    from coffeechat.services.preparation import plan_item_as_json

    conversation = brief.conversation
    return {
        "conversation": {
            "id": conversation.pk, "state": conversation.state, "purpose": conversation.purpose,
            "scheduled_at": conversation.scheduled_at.isoformat() if conversation.scheduled_at else None,
            "minutes": conversation.minutes, "plan_finished": conversation.plan_finished,
            "goal": conversation.goal.title if conversation.goal else None,
        },
        "person": person_as_json(brief.person),
        "path": [touch_as_json(t) for t in brief.path],
        "touches": [touch_as_json(t) for t in brief.touches],
        "shared": brief.shared,
        "links": [{"label": label, "url": url} for label, url in brief.links],
        "known_there": [{"id": p.pk, "name": p.full_name} for p in brief.known_there],
        "introduction": brief.introduction,
        "ground_rules": brief.ground_rules or None,
        "plan": [plan_item_as_json(item) for item in brief.plan],
    }


def _print_brief(brief: Any) -> None:
    person, conversation = brief.person, brief.conversation
    when = f"{conversation.scheduled_at:%a %d %b %Y %H:%M %Z}" if conversation.scheduled_at else "not set yet"
    click.echo(style(f"Brief: {person.full_name} (#{person.pk})", bold=True))
    from coffeechat.core.wording import role_line

    for label, value in (
        role_line(person.title, str(person.organization or "")), ("Conversation", f"{when}, {conversation.minutes} min, {conversation.get_purpose_display()}"),
        ("Goal", conversation.goal.title if conversation.goal else "none"),
        ("Known as", person.get_how_known_display()
         + (f", referred by {person.referred_by.full_name}" if person.referred_by else "")),
    ):
        click.echo(f"  {label + ':':<14}{value}")
    sections = (
        ("Ground rules", brief.ground_rules.splitlines() if brief.ground_rules else []),
        ("Path", [f"{t.at:%Y-%m-%d}  {t.summary}" for t in brief.path]),
        ("In common", brief.shared),
        ("Links", [f"{label}: {url}" for label, url in brief.links]),
        ("Earlier touches", [f"{t.at:%Y-%m-%d}  {t.summary}" for t in brief.touches]),
        ("People you know there", [p.full_name for p in brief.known_there]),
        ("Your introduction", [brief.introduction]),
    )
    for title, lines in sections:
        if lines:
            click.echo(style(title, bold=True))
            for line in lines:
                click.echo(f"  {line}")
    finished = " (finished)" if conversation.plan_finished else ""
    click.echo(style(f"Question plan{finished}", bold=True))
    for item in brief.plan:
        tick = "x" if item.answered else " "
        click.echo(f"  [{tick}] {item.position:>2}. {item.text}")


COMMANDS = (prep,)
