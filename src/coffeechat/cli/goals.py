"""Goals: `coffeechat goals`, `goal add|edit|archive|unarchive|assign|list|show` (`goal GOAL` shows), `reflect`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from coffeechat.cli.context import with_practice
from coffeechat.cli.output import emit_json, style, table

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from coffeechat.models import Goal


def _goal(owner: Any, reference: str) -> Any:
    from coffeechat.services.synthesis import GoalNotFound, find_goal

    try:
        return find_goal(owner, reference)
    except GoalNotFound as error:
        raise click.ClickException(str(error)) from error


def _goal_rows(owner: User, as_json: bool, show_all: bool) -> None:
    from coffeechat.services.synthesis import goals_overview

    goals = [g for g in goals_overview(owner) if show_all or not g["archived"]]
    if as_json:
        emit_json({"goals": goals})
        return
    if not goals:
        click.echo("No goals yet. Make one: coffeechat goal add \"data journalism\"" if show_all else
                   "No active goals. Make one: coffeechat goal add \"data journalism\" (--all shows archived ones)")
        return
    click.echo(table([[f"#{g['id']}", g["title"] + (" (archived)" if g["archived"] else ""), str(g["conversations"]),
                       str(g["insights"]), str(g["questions"])] for g in goals],
                     ["id", "goal", "held", "insights", "questions"]))


@click.command(name="goals")
@click.option("--all", "show_all", is_flag=True, help="Also list archived goals.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (see docs/json.md).")
@with_practice
def goals_command(owner: User, show_all: bool, as_json: bool) -> None:
    """List your goals with how many conversations, insights and questions each has.

    Archived goals are left out unless you add --all. Same as `coffeechat goal list`.

    \b
    Examples:
      coffeechat goals
      coffeechat goals --all --json
    """
    _goal_rows(owner, as_json, show_all)


class GoalGroup(click.Group):
    """`coffeechat goal GOAL` still shows a goal: a first word that is not a subcommand means `show`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["show", *args]
        return super().parse_args(ctx, args)


@click.group(name="goal", cls=GoalGroup)
def goal_group() -> None:
    """Your goals: what you are exploring, e.g. "policy analysis at a think tank".

    `coffeechat goal GOAL` (short for `goal show GOAL`) shows what the goal's conversations taught.
    GOAL is an id (2 or #2) or a piece of the goal's title. A goal named like a subcommand ("list")
    is shown with `coffeechat goal show list`.

    \b
    Examples:
      coffeechat goal add "Data journalism" --field newsroom_politics --role "data reporter"
      coffeechat goal edit "data journalism" --interests "How data desks pick stories"
      coffeechat goal "data journalism"
      coffeechat goal archive "data journalism"
    """


@goal_group.command(name="show")
@click.argument("goal")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (see docs/json.md).")
@with_practice
def goal_command(owner: User, goal: str, as_json: bool) -> None:
    """What a goal's conversations taught: skills and themes, questions answered and open, reflections.

    GOAL is an id or a piece of the goal's title. `coffeechat goal GOAL` does the same.

    \b
    Examples:
      coffeechat goal journalism
      coffeechat goal show 2 --json
    """
    from coffeechat.services.goals import field_label
    from coffeechat.services.synthesis import goal_synthesis, synthesis_as_json

    synthesis = goal_synthesis(owner, _goal(owner, goal))
    if as_json:
        emit_json(synthesis_as_json(synthesis))
        return
    found = synthesis.goal
    archived = ", archived" if found.archived else ""
    click.echo(style(f"{found.title}  (#{found.pk}, {synthesis.conversations} held{archived})", bold=True))
    for label, value in (("About", found.description), ("Field", field_label(found.field) if found.field else ""),
                         ("Target role", found.target_role), ("Interests", found.interests),
                         ("Résumé", "sent with the thank-you" if found.resume_with_thank_you else "")):
        if value:
            click.echo(f"  {label + ':':<13}{value}")
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
        click.echo("  none written for this goal (add one: coffeechat goal edit "
                   f"{found.pk} --add-question \"…?\")")
    for status in synthesis.questions:
        who = ", ".join(sorted({a.person_name for a in status.answered_by}))
        click.echo(f"  #{status.question.id} [{'open' if status.open else 'answered'}] {status.question.text}"
                   + (f" — {who}" if who else ""))
    if synthesis.reflections:
        click.echo(style("\nHow the goal changed", bold=True))
        for reflection in synthesis.reflections:
            click.echo(f"  {reflection.created_at:%Y-%m-%d}  {reflection.body}")


FIELD_HELP = "The field pack of the question bank: newsroom_politics, tech, public_policy, finance, nonprofit or general."


def _details(title: str | None, description: str | None, field: str | None, role: str | None,
             interests: str | None, resume: bool | None, add_questions: tuple[str, ...] = (),
             remove_questions: tuple[int, ...] = (), category: str = "insights") -> object:
    from coffeechat.services.goals import GoalDetails

    return GoalDetails(title=title, description=description, field=field, target_role=role, interests=interests,
                       resume_with_thank_you=resume, add_questions=add_questions,
                       remove_questions=remove_questions, question_category=category)


OPTION_FOR_FIELD = {"title": "--title", "description": "--description", "field": "--field",
                    "target_role": "--role", "interests": "--interests", "add_question": "--add-question",
                    "remove_question": "--remove-question", "question_category": "--category"}


def _fail(error: Exception, *, title_hint: str = "--title") -> click.ClickException:
    hint = {**OPTION_FOR_FIELD, "title": title_hint}.get(getattr(error, "field", ""), "")
    if hint:
        return click.BadParameter(str(error), param_hint=hint)
    return click.ClickException(str(error))


def _print_goal(owner: User, goal: Goal, verb: str, as_json: bool) -> None:
    from coffeechat.services.goals import field_label, goal_as_json

    data = goal_as_json(owner, goal)
    if as_json:
        emit_json(data)
        return
    click.echo(f"{verb} goal #{data['id']}: {data['title']}" + (" (archived)" if data["archived"] else ""))
    for label, value in (("Field", field_label(data["field"]) if data["field"] else ""),
                         ("Target role", data["target_role"]), ("Interests", data["interests"])):
        if value:
            click.echo(f"  {label + ':':<13}{value}")
    for question in data["questions"]:
        click.echo(f"  question #{question['id']}: {question['text']}")


@goal_group.command(name="add")
@click.argument("title")
@click.option("--description", default=None, help="A sentence or two on what you are exploring.")
@click.option("--field", default=None, metavar="PACK", help=FIELD_HELP)
@click.option("--role", default=None, help='The job you want, in words, e.g. "data reporter".')
@click.option("--interests", default=None, help="What you want to find out, in your words.")
@click.option("--resume/--no-resume", "resume", default=None,
              help="Send your résumé with thank-you notes for this goal (Capitol Hill norms expect one).")
@click.option("--question", "questions", multiple=True, help="A question you want answered (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the new goal as JSON (see docs/json.md).")
@with_practice
def goal_add(owner: User, title: str, description: str | None, field: str | None, role: str | None, interests: str | None,
             resume: bool | None, questions: tuple[str, ...], as_json: bool) -> None:
    """Make a new goal: what you are exploring, with the questions you want answered.

    \b
    Examples:
      coffeechat goal add "Data journalism"
      coffeechat goal add "Policy analysis at a think tank" --field public_policy \\
          --role "policy analyst" --question "How did you pick your first issue area?"
    """
    from coffeechat.services.goals import GoalError, create_goal

    try:
        created = create_goal(owner, _details(title, description, field, role, interests, resume,  # type: ignore[arg-type]
                                              questions))
    except GoalError as error:
        raise _fail(error, title_hint="TITLE") from error
    _print_goal(owner, created, "Added", as_json)


@goal_group.command(name="edit")
@click.argument("goal")
@click.option("--title", default=None, help="A new title (renames the goal).")
@click.option("--description", default=None, help="A sentence or two on what you are exploring.")
@click.option("--field", default=None, metavar="PACK", help=FIELD_HELP)
@click.option("--role", default=None, help='The job you want, in words, e.g. "data reporter" ("" clears it).')
@click.option("--interests", default=None, help="What you want to find out, in your words.")
@click.option("--resume/--no-resume", "resume", default=None,
              help="Send your résumé with thank-you notes for this goal, or not.")
@click.option("--add-question", "add_questions", multiple=True, help="A question to add (repeatable).")
@click.option("--remove-question", "remove_questions", multiple=True, type=int, metavar="ID",
              help="Remove the goal's question with this id (see `coffeechat goal show GOAL`; repeatable).")
@click.option("--category", default="insights", show_default=True,
              help="Where added questions go in a plan: trends, insights, advice, resources, career_path, …")
@click.option("--json", "as_json", is_flag=True, help="Print the goal as JSON (see docs/json.md).")
@with_practice
def goal_edit(owner: User, goal: str, title: str | None, description: str | None, field: str | None, role: str | None,
              interests: str | None, resume: bool | None, add_questions: tuple[str, ...],
              remove_questions: tuple[int, ...], category: str, as_json: bool) -> None:
    """Change a goal: rename it, set its field pack, target role, interests or questions.

    Only what you give changes. GOAL is an id or a piece of the goal's title.

    \b
    Examples:
      coffeechat goal edit "data journalism" --title "Data and graphics journalism"
      coffeechat goal edit 2 --field newsroom_politics --role "data reporter"
      coffeechat goal edit 2 --add-question "Which tools did you learn first?" --remove-question 14
    """
    from coffeechat.services.goals import GoalError, edit_goal

    found = _goal(owner, goal)
    details = _details(title, description, field, role, interests, resume, add_questions, remove_questions, category)
    if details == _details(None, None, None, None, None, None, category=category):
        raise click.UsageError("say what to change, e.g. --title, --field, --role, --interests or --add-question")
    try:
        changed = edit_goal(owner, found, details)  # type: ignore[arg-type]
    except GoalError as error:
        raise _fail(error) from error
    _print_goal(owner, changed, "Changed", as_json)


@goal_group.command(name="archive")
@click.argument("goal")
@with_practice
def goal_archive(owner: User, goal: str) -> None:
    """Archive a goal you are done with: it is no longer offered for drafts, plans and new conversations.

    Its conversations, insights and questions stay; `coffeechat goal unarchive` brings it back.

    \b
    Example:
      coffeechat goal archive "think tank"
    """
    from coffeechat.services.goals import set_archived

    found = set_archived(owner, _goal(owner, goal), True)
    click.echo(f"Archived goal #{found.pk}: {found.title}. `coffeechat goal unarchive {found.pk}` brings it back.")


@goal_group.command(name="unarchive")
@click.argument("goal")
@with_practice
def goal_unarchive(owner: User, goal: str) -> None:
    """Bring an archived goal back, so it is offered again.

    \b
    Example:
      coffeechat goal unarchive 3
    """
    from coffeechat.services.goals import set_archived

    found = set_archived(owner, _goal(owner, goal), False)
    click.echo(f"Goal #{found.pk} is active again: {found.title}.")


@goal_group.command(name="assign")
@click.argument("goal")
@click.argument("person")
@with_practice
def goal_assign(owner: User, goal: str, person: str) -> None:
    """Say that your conversation with PERSON serves GOAL (the next one, else the latest).

    With one active goal, new conversations belong to it by themselves; with several, say which here.
    Its insights and answered questions then count for that goal.

    \b
    Example:
      coffeechat goal assign "think tank" dana
    """
    from coffeechat.cli.people import resolve_person
    from coffeechat.services.goals import GoalError, assign_conversation
    from coffeechat.services.preparation import conversation_to_prepare

    found = _goal(owner, goal)
    who = resolve_person(owner, person)
    conversation = conversation_to_prepare(owner, who, create=False)
    if conversation is None:
        raise click.ClickException(f"no conversation with {who.full_name} yet; "
                                   f"schedule one first: coffeechat schedule \"{who.full_name}\" --at …")
    try:
        assign_conversation(owner, found, conversation)
    except GoalError as error:
        raise click.ClickException(str(error)) from error
    when = f" on {conversation.scheduled_at:%a %d %b %Y}" if conversation.scheduled_at else ""
    click.echo(f"Your conversation with {who.full_name}{when} is now for “{found.title}”.")


@goal_group.command(name="list")
@click.option("--all", "show_all", is_flag=True, help="Also list archived goals.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (see docs/json.md).")
@with_practice
def goal_list(owner: User, show_all: bool, as_json: bool) -> None:
    """List your active goals (the same as `coffeechat goals`).

    \b
    Examples:
      coffeechat goal list
      coffeechat goal list --all --json
    """
    _goal_rows(owner, as_json, show_all)


@click.command(name="reflect")
@click.argument("goal")
@click.argument("text")
@click.option("--json", "as_json", is_flag=True, help="Print the new version as JSON.")
@with_practice
def reflect_command(owner: User, goal: str, text: str, as_json: bool) -> None:
    """Keep a new dated version of how a goal changed; earlier versions stay.

    \b
    Example:
      coffeechat reflect journalism "More drawn to data desks than to beat reporting"
    """
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


COMMANDS = (goals_command, goal_group, reflect_command)
