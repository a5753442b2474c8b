"""Commands about the people in your network: add, people, show."""

from __future__ import annotations

import click

from coffeechat.cli.context import open_practice
from coffeechat.cli.output import emit_json, style, table

HOW_KNOWN = ["alumni", "referral", "cold", "colleague", "friend", "other"]


def resolve_person(owner: object, reference: str) -> object:
    """The person the user means, or a clean error listing the candidates."""
    from coffeechat.services.people import AmbiguousPerson, PersonNotFound, find_person

    try:
        return find_person(owner, reference)
    except AmbiguousPerson as error:
        lines = [f"{reference!r} matches several people; say which (by id or a longer name):"]
        lines += [f"  #{p.pk}  {p.full_name}  {p.title or ''} {('at ' + str(p.organization)) if p.organization else ''}".rstrip() for p in error.candidates]
        raise click.ClickException("\n".join(lines)) from error
    except PersonNotFound as error:
        raise click.ClickException(str(error)) from error


@click.command()
@click.argument("name")
@click.option("--org", "organization", default="", help="Where they work now.")
@click.option("--title", default="", help="Their job title.")
@click.option("--email", "emails", multiple=True, help="An email address (repeat for several).")
@click.option("--phone", "phones", multiple=True, help="A phone number (repeat for several).")
@click.option("--linkedin", default="", help="Their LinkedIn profile URL.")
@click.option("--location", default="", help="City or region.")
@click.option("--tz", "timezone", default="", help="Their time zone, e.g. America/New_York.")
@click.option("--how", "how_known", type=click.Choice(HOW_KNOWN), default="cold", show_default=True,
              help="How you know them.")
@click.option("--tag", "tags", multiple=True, help="A tag (repeat for several).")
@click.option("--note", default="", help="A free note.")
@click.option("--json", "as_json", is_flag=True, help="Print the new person as JSON.")
def add(name: str, organization: str, title: str, emails: tuple[str, ...], phones: tuple[str, ...],
        linkedin: str, location: str, timezone: str, how_known: str, tags: tuple[str, ...], note: str,
        as_json: bool) -> None:
    """Add a person to your network.

    \b
    Example:
      coffeechat add "Dana Reyes" --org "The Tribune" --title "Politics editor" \\
          --email dana@tribune.example --how alumni --tag journalism
    """
    owner = open_practice()
    from coffeechat.services.people import NewPerson, add_person, person_as_json

    if timezone:
        from coffeechat.core.when import WhenError, zone

        try:
            zone(timezone)
        except WhenError as error:
            raise click.BadParameter(str(error), param_hint="--tz") from error
    try:
        person = add_person(owner, NewPerson(
            full_name=name, organization=organization, title=title, emails=emails, phones=phones,
            linkedin_url=linkedin, location=location, timezone=timezone, how_known=how_known, tags=tags,
            notes=note,
        ))
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        emit_json(person_as_json(person))
        return
    where = f", {person.title}" if person.title else ""
    where += f" at {person.organization}" if person.organization else ""
    click.echo(f"Added #{person.pk} {person.full_name}{where}.")


@click.command(name="people")
@click.argument("words", nargs=-1)
@click.option("--tag", default="", help="Only people with this tag.")
@click.option("--org", "organization", default="", help="Only people at an organisation whose name contains this.")
@click.option("--limit", type=int, default=None, help="Show at most this many; 0 for all (default: 50, or all with --json).")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (see docs/json.md).")
def people_command(words: tuple[str, ...], tag: str, organization: str, limit: int | None, as_json: bool) -> None:
    """List the people in your network, optionally filtered.

    WORDS match names, titles, organisations and email addresses; several words must all match.

    \b
    Examples:
      coffeechat people
      coffeechat people editor --org tribune
      coffeechat people --tag alumni --json
    """
    owner = open_practice()
    from coffeechat.services.people import people_query, person_as_json

    text = " ".join(words)
    query = people_query(owner, text=text, tag=tag, organization=organization)
    if limit is None:
        limit = 0 if as_json else 50
    total = query.count()
    rows = list(query[:limit] if limit else query)
    if as_json:
        emit_json({"count": total, "people": [person_as_json(p) for p in rows]})
        return
    if not rows:
        click.echo("Nobody matches." if (text or tag or organization) else
                   "Your network is empty. Add someone: coffeechat add \"Dana Reyes\" --org \"The Tribune\"")
        return
    click.echo(table(
        [[f"#{p.pk}", p.full_name, p.title, str(p.organization or ""), p.get_how_known_display()] for p in rows],
        ["id", "name", "title", "organisation", "known as"],
    ))
    if total > len(rows):
        click.echo(style(f"… and {total - len(rows)} more (use --limit 0 to see all)", dim=True))


@click.command()
@click.argument("person")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (see docs/json.md).")
def show(person: str, as_json: bool) -> None:
    """Show one person and their timeline.

    PERSON is an id (#12 or 12), an email, a LinkedIn URL, or a piece of their name that matches only them.

    \b
    Examples:
      coffeechat show dana
      coffeechat show dana@tribune.example --json
    """
    owner = open_practice()
    from coffeechat.services.agenda import responsiveness
    from coffeechat.services.people import person_as_json
    from coffeechat.services.timeline import entry_as_json, person_timeline

    found = resolve_person(owner, person)
    entries = person_timeline(owner, found)
    data = person_as_json(found)
    data["responsiveness"] = responsiveness(owner, found)
    if as_json:
        emit_json({"person": data, "timeline": [entry_as_json(entry) for entry in entries]})
        return
    click.echo(style(f"{data['name']}  (#{data['id']})", bold=True))
    for label, value in (
        ("Title", data["title"]), ("Organisation", data["organization"]), ("Known as", data["how_known"]),
        ("Stage", data["stage"]), ("Replies", data["responsiveness"]), ("Email", ", ".join(data["emails"])), ("Phone", ", ".join(data["phones"])),
        ("LinkedIn", data["linkedin_url"]), ("Location", data["location"]), ("Time zone", data["timezone"]),
        ("Tags", ", ".join(data["tags"])),
    ):
        if value:
            click.echo(f"  {label + ':':<14}{value}")
    click.echo(style("Timeline", bold=True))
    _echo_timeline(entries)


def _echo_timeline(entries: list) -> None:
    """The timeline under `show`: one entry per block, newest first, with its date, kind and full text."""
    if not entries:
        click.echo("  Nothing yet.")
        return
    for entry in entries:
        lines = entry.text.splitlines() or [""]
        if entry.source == "touch":
            click.echo(f"  {entry.at:%Y-%m-%d}  {lines[0]}")
            continue
        click.echo(f"  {entry.at:%Y-%m-%d}  {style(entry.label + ':', bold=True)} {lines[0]}")
        for line in lines[1:]:
            click.echo(f"              {line}")


COMMANDS = (add, people_command, show)
