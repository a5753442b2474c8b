"""Organisations: `coffeechat org list|show|rename|merge`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from coffeechat.cli.context import with_practice
from coffeechat.cli.output import emit_json, style, table

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _org(owner: Any, reference: str) -> Any:
    from coffeechat.services.organizations import OrganizationNotFound, find_organization

    try:
        return find_organization(owner, reference)
    except OrganizationNotFound as error:
        raise click.ClickException(str(error)) from error


@click.group(name="org")
def org_group() -> None:
    """The organisations in your network: who you know where, renaming, merging two into one.

    ORG is an id (7 or #7), the full name, or a piece of the name that only one organisation has.

    \b
    Examples:
      coffeechat org list
      coffeechat org show tribune
      coffeechat org rename "NYT" "The New York Times"
      coffeechat org merge "The New York Times" "New York Times Co"
    """


@org_group.command(name="list")
@click.argument("words", required=False, default="")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (see docs/json.md).")
@with_practice
def org_list(owner: User, words: str, as_json: bool) -> None:
    """List your organisations with how many people you know at each.

    WORDS, if given, keep the organisations whose name contains them.

    \b
    Examples:
      coffeechat org list
      coffeechat org list times --json
    """
    from coffeechat.services.organizations import organization_as_json, organizations_query

    query = organizations_query(owner)
    if words.strip():
        query = query.filter(name__icontains=words.strip())
    rows = list(query)
    if as_json:
        emit_json({"count": len(rows), "organizations": [organization_as_json(owner, o) for o in rows]})
        return
    if not rows:
        click.echo("No organisation matches." if words.strip() else
                   "No organisations yet. They come with the people you add: coffeechat add \"Name\" --org \"Org\"")
        return
    # people_count is annotated by organizations_query
    click.echo(table([[f"#{o.pk}", o.name, str(o.people_count)] for o in rows], ["id", "organisation", "people"]))  # type: ignore[attr-defined]


@org_group.command(name="show")
@click.argument("org")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (see docs/json.md).")
@with_practice
def org_show(owner: User, org: str, as_json: bool) -> None:
    """Who you know at an organisation, and its target scores.

    \b
    Examples:
      coffeechat org show tribune
      coffeechat org show 7 --json
    """
    from coffeechat.services.organizations import organization_as_json

    found = _org(owner, org)
    data = organization_as_json(owner, found, with_people=True)
    if as_json:
        emit_json(data)
        return
    click.echo(style(f"{data['name']}  (#{data['id']})", bold=True))
    click.echo(f"  Target scores: motivation {data['motivation']}, posting {data['posting']}, "
               f"advocacy {'yes' if data['advocacy'] else 'no'}")
    if data["website"]:
        click.echo(f"  Website:       {data['website']}")
    if not data["people"]:
        click.echo("  You know nobody there yet.")
        return
    click.echo(style(f"People ({data['people_count']})", bold=True))
    for person in data["people"]:
        click.echo(f"  #{person['id']}  {person['name']}" + (f", {person['title']}" if person["title"] else ""))


@org_group.command(name="rename")
@click.argument("org")
@click.argument("new_name")
@with_practice
def org_rename(owner: User, org: str, new_name: str) -> None:
    """Give an organisation a new name (everyone there keeps it).

    A name another of your organisations already has is refused: merge the two instead.

    \b
    Examples:
      coffeechat org rename "NYT" "The New York Times"
      coffeechat org rename 7 "Urban Institute"
    """
    from coffeechat.services.organizations import NameTaken, OrganizationError, rename_organization

    found = _org(owner, org)
    old = found.name
    try:
        renamed = rename_organization(owner, found, new_name)
    except NameTaken as error:
        raise click.ClickException(
            f"{error}:\n  coffeechat org merge {error.other.pk} {found.pk}   (keeps #{error.other.pk} {error.other.name})"
        ) from error
    except OrganizationError as error:
        raise click.BadParameter(str(error), param_hint="NEW_NAME") from error
    if renamed.name == old:
        click.echo(f"#{renamed.pk} is already called {old}.")
    else:
        click.echo(f"Renamed #{renamed.pk} {old} to {renamed.name}.")


@org_group.command(name="merge")
@click.argument("keep")
@click.argument("other")
@click.option("--json", "as_json", is_flag=True, help="Print what moved as JSON (see docs/json.md).")
@with_practice
def org_merge(owner: User, keep: str, other: str, as_json: bool) -> None:
    """Make two organisations one: everything at OTHER moves to KEEP, and OTHER is removed.

    The people and the messages move, the stronger target score of each column is kept, and each moved
    person's timeline says which organisation they came from. All of it or nothing happens.

    \b
    Examples:
      coffeechat org merge "The New York Times" "NYT"
      coffeechat org merge 7 12 --json
    """
    from coffeechat.services.organizations import OrganizationError, OrganizationNotFound, merge_organizations

    kept, removed = _org(owner, keep), _org(owner, other)
    try:
        result = merge_organizations(owner, kept, removed)
    except (OrganizationError, OrganizationNotFound) as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        emit_json({"kept": {"id": result.kept.pk, "name": result.kept.name}, "removed": result.removed_name,
                   "people_moved": result.people, "messages_moved": result.messages,
                   "scores_taken": list(result.scores_taken)})
        return
    people = "1 person" if result.people == 1 else f"{result.people} people"
    sent = "1 message" if result.messages == 1 else f"{result.messages} messages"
    click.echo(f"Merged {result.removed_name} into {result.kept.name} (#{result.kept.pk}): {people} and {sent} moved.")
    if result.scores_taken:
        click.echo(f"Kept the stronger {', '.join(result.scores_taken)} from {result.removed_name}.")


COMMANDS = (org_group,)
