"""Commands about the people in your network: add, edit, delete, people, show."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from coffeechat.cli.context import OpenPractice, with_practice, with_practice_later
from coffeechat.cli.output import emit_json, style, table
from coffeechat.core.vocabulary import HOW_KNOWN, STAGES

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from coffeechat.models import Person


def resolve_person(owner: User, reference: str) -> Person:
    """The person the user means (services.people.find_person: an id, ``#12``, an email, a LinkedIn URL or a
    name without accents or case), or a clean error listing the candidates. Every PERSON argument uses it."""
    from coffeechat.services.people import AmbiguousPerson, PersonNotFound, find_person

    try:
        return find_person(owner, reference)
    except AmbiguousPerson as error:
        lines = [f"{reference!r} matches several people; say which (by id or a longer name):"]
        lines += [f"  #{p.pk}  {p.full_name}  {p.title or ''} {('at ' + str(p.organization)) if p.organization else ''}".rstrip() for p in error.candidates]
        raise click.ClickException("\n".join(lines)) from error
    except PersonNotFound as error:
        raise click.ClickException(str(error)) from error


def _person_invalid(error: Exception, options: dict[str, str]) -> click.ClickException:
    """A PersonInvalid as a usage error naming the option the user typed."""
    field = getattr(error, "field", "")
    if field in options:
        return click.BadParameter(str(error), param_hint=options[field])
    return click.ClickException(str(error))


ADD_OPTIONS = {"full_name": "NAME", "how_known": "--how", "timezone": "--tz", "linkedin_url": "--linkedin",
               "emails": "--email", "phones": "--phone", "links": "--link"}


@click.command()
@click.argument("name")
@click.option("--org", "organization", default="", help="Where they work now.")
@click.option("--title", default="", help="Their job title.")
@click.option("--email", "emails", multiple=True, help="An email address (repeat for several).")
@click.option("--phone", "phones", multiple=True,
              help="A phone number (repeat for several); stored in one spelling using your country setting.")
@click.option("--link", "links", multiple=True, help="A web page about them, http(s) only (repeat for several).")
@click.option("--linkedin", default="", help="Their LinkedIn profile URL.")
@click.option("--location", default="", help="City or region.")
@click.option("--tz", "timezone", default="", help="Their time zone, e.g. America/New_York.")
@click.option("--how", "how_known", type=click.Choice(HOW_KNOWN), default="cold", show_default=True,
              help="How you know them.")
@click.option("--tag", "tags", multiple=True, help="A tag (repeat for several).")
@click.option("--note", default="", help="A free note.")
@click.option("--force", is_flag=True,
              help="Add them even if someone with the same name and organisation is already there.")
@click.option("--json", "as_json", is_flag=True, help="Print the new person as JSON.")
@with_practice
def add(owner: User, name: str, organization: str, title: str, emails: tuple[str, ...], phones: tuple[str, ...],
        links: tuple[str, ...], linkedin: str, location: str, timezone: str, how_known: str,
        tags: tuple[str, ...], note: str, force: bool, as_json: bool) -> None:
    """Add a person to your network.

    If someone with the same name and organisation (ignoring accents, case, "Inc." and the like) is already
    there, nothing is added: you are told their id, to use with `show` or `edit`. Add --force to add a
    second person of that name on purpose.

    \b
    Example:
      coffeechat add "Dana Reyes" --org "The Tribune" --title "Politics editor" \\
          --email dana@tribune.example --how alumni --tag journalism
    """
    from coffeechat.services.people import NewPerson, PersonInvalid, TwinPerson, add_person, person_as_json

    try:
        person = add_person(owner, NewPerson(
            full_name=name, organization=organization, title=title, emails=emails, phones=phones,
            linkedin_url=linkedin, location=location, timezone=timezone, how_known=how_known, tags=tags,
            notes=note, links=links,
        ), allow_twin=force)
    except TwinPerson as error:
        twin = error.existing
        raise click.ClickException(
            f"{error}; nothing added. See them with `coffeechat show {twin.pk}`, change them with "
            f"`coffeechat edit {twin.pk} …`, or add a second person of that name with --force.") from error
    except PersonInvalid as error:
        raise _person_invalid(error, ADD_OPTIONS) from error
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        emit_json(person_as_json(person))
        return
    where = f", {person.title}" if person.title else ""
    where += f" at {person.organization}" if person.organization else ""
    click.echo(f"Added #{person.pk} {person.full_name}{where}".rstrip(".") + ".")


EDIT_OPTIONS = {"full_name": "--name", "organization": "--org", "title": "--title", "how_known": "--how",
                "stage": "--stage", "timezone": "--tz", "linkedin_url": "--linkedin", "location": "--location",
                "cadence_days": "--cadence", "emails": "--email/--remove-email", "phones": "--phone/--remove-phone",
                "links": "--link/--remove-link", "tags": "--tag/--untag", "notes": "--note"}


def _cadence_option(text: str | None) -> int | None:
    """--cadence as the service takes it: None unchanged, 0 none, else the days typed."""
    if text is None:
        return None
    value = text.strip().lower().removesuffix("d")
    if value in ("none", "off", "0"):
        return 0
    if not value.isdigit():
        raise click.BadParameter(f"a number of days (e.g. 90) or none, not {text!r}", param_hint="--cadence")
    return int(value)


@click.command()
@click.argument("person")
@click.option("--name", "full_name", default=None, help="Their full name.")
@click.option("--org", "organization", default=None, help='Where they work now ("" for none).')
@click.option("--title", default=None, help='Their job title ("" for none).')
@click.option("--how", "how_known", type=click.Choice(HOW_KNOWN), default=None, help="How you know them.")
@click.option("--stage", type=click.Choice(STAGES), default=None, help="Where the relationship is.")
@click.option("--tag", "add_tags", multiple=True, help="Add a tag (repeat for several).")
@click.option("--untag", "remove_tags", multiple=True, help="Remove a tag (repeat for several).")
@click.option("--email", "add_emails", multiple=True, help="Add an email address.")
@click.option("--remove-email", "remove_emails", multiple=True, help="Remove an email address.")
@click.option("--phone", "add_phones", multiple=True, help="Add a phone number.")
@click.option("--remove-phone", "remove_phones", multiple=True, help="Remove a phone number (any spelling).")
@click.option("--link", "add_links", multiple=True, help="Add a web page about them (http or https).")
@click.option("--remove-link", "remove_links", multiple=True, help="Remove a web page.")
@click.option("--linkedin", "linkedin_url", default=None, help='Their LinkedIn profile URL ("" for none).')
@click.option("--location", default=None, help='City or region ("" for none).')
@click.option("--tz", "timezone", default=None, help='Their time zone, e.g. Europe/Berlin ("" for none).')
@click.option("--cadence", default=None,
              help="Keep in touch every DAYS days (90 to 730), or none/0 for no reminders.")
@click.option("--note", "notes", default=None, help='Replace the note about them ("" removes it).')
@click.option("--json", "as_json", is_flag=True, help="Print the person as JSON afterwards.")
@with_practice_later
def edit(open_owner: OpenPractice, person: str, cadence: str | None, as_json: bool, **values: Any) -> None:
    """Change what you know about a person: any of the options below, as many as you like at once.

    PERSON is an id (12 or #12), an email, or a piece of their name. Text options replace the value ("" empties
    it); --tag, --email, --phone and --link add one (repeat them), --untag and the --remove-… options take
    one away. The person's timeline records what changed.

    A cadence shorter than 90 days is refused: coffeechat reminds you to keep in touch at most about every
    three months.

    \b
    Examples:
      coffeechat edit dana --title "Managing editor" --tz America/Chicago
      coffeechat edit 12 --tag mentor --untag cold --email dana@new.example
      coffeechat edit "Dana Reyes" --cadence 120
      coffeechat edit dana --org "" --note "Moved to freelance work"
    """
    cadence_days = _cadence_option(cadence)
    if cadence_days is None and not any(value not in (None, ()) for value in values.values()):
        raise click.UsageError("say what to change, e.g. --title \"Managing editor\" (see coffeechat edit --help)")
    owner = open_owner()
    from coffeechat.services.people import PersonChanges, PersonInvalid, edit_person, person_as_json

    changes = PersonChanges(cadence_days=cadence_days, **values)
    found: Any = resolve_person(owner, person)
    try:
        said = edit_person(owner, found, changes)
    except PersonInvalid as error:
        raise _person_invalid(error, EDIT_OPTIONS) from error
    found.refresh_from_db()
    if as_json:
        emit_json({"person": person_as_json(found), "changed": said})
        return
    if not said:
        click.echo(f"Nothing changed: #{found.pk} {found.full_name} already reads that way.")
        return
    click.echo(f"Updated #{found.pk} {found.full_name}:")
    for line in said:
        click.echo(f"  {line}")


@click.command()
@click.argument("person")
@click.option("--yes", is_flag=True, help="Delete without asking (for scripts).")
@click.option("--json", "as_json", is_flag=True, help="Print what was deleted as JSON (needs --yes).")
@with_practice
def delete(owner: User, person: str, yes: bool, as_json: bool) -> None:
    """Delete a person and everything that is only about them.

    First says what goes with them (conversations, messages, notes, tasks, referrals, timeline entries) and
    asks you to confirm; --yes skips the question. There is no undo: `coffeechat backup` first if unsure.
    People they referred you to stay in your network.

    \b
    Examples:
      coffeechat delete "Dana Reyes"
      coffeechat delete 12 --yes
    """
    from coffeechat.services.people import delete_person, deletion_summary

    found: Any = resolve_person(owner, person)
    summary = deletion_summary(owner, found)
    where = f" ({found.organization})" if found.organization else ""
    if as_json and not yes:
        raise click.UsageError("--json deletes without asking, so it needs --yes")
    if not yes:
        click.echo(f"Deleting #{found.pk} {found.full_name}{where} also deletes {summary.sentence()}.")
        if summary.kept:
            click.echo(f"Kept: {summary.kept_sentence()}.")
        try:
            agreed = click.confirm("Delete them?", default=False)
        except click.Abort:
            agreed = False
            click.echo("")
        if not agreed:
            raise click.ClickException("Nothing deleted (answer y to delete; add --yes in scripts).")
    done = delete_person(owner, found)
    if as_json:
        emit_json(done.as_json())
        return
    click.echo(f"Deleted #{done.person_id} {done.name}{where} with {done.sentence()}.")


@click.command(name="people")
@click.argument("words", nargs=-1)
@click.option("--tag", default="", help="Only people with this tag.")
@click.option("--org", "organization", default="", help="Only people at an organisation whose name contains this.")
@click.option("--limit", type=click.IntRange(min=0), default=None,
              help="Show at most this many; 0 for all (default: 50, or all with --json).")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (see docs/json.md).")
@with_practice
def people_command(owner: User, words: tuple[str, ...], tag: str, organization: str, limit: int | None, as_json: bool) -> None:
    """List the people in your network, optionally filtered.

    WORDS match names (without accents or case: nunez finds Núñez), titles, organisations, email addresses
    and phone numbers; several words must all match (at most 20 words).

    \b
    Examples:
      coffeechat people
      coffeechat people editor --org tribune
      coffeechat people --tag alumni --json
    """
    from coffeechat.services.people import TooManyWords, people_query, person_as_json

    text = " ".join(words)
    try:
        query = people_query(owner, text=text, tag=tag, organization=organization)
    except TooManyWords as error:
        raise click.BadParameter(str(error), param_hint="WORDS") from error
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
@with_practice
def show(owner: User, person: str, as_json: bool) -> None:
    """Show one person and their timeline.

    PERSON is an id (#12 or 12), an email, a LinkedIn URL, or a piece of their name that matches only them
    (accents and capitals do not matter: nunez finds Núñez).

    \b
    Examples:
      coffeechat show dana
      coffeechat show dana@tribune.example --json
    """
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
        ("Links", ", ".join(data["links"])), ("LinkedIn", data["linkedin_url"]), ("Location", data["location"]),
        ("Time zone", data["timezone"]), ("Tags", ", ".join(data["tags"])),
        ("Cadence", f"every {data['cadence_days']} days" if data["cadence_days"] else ""),
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
            origin = style(f"  · from {entry.origin}", dim=True) if entry.origin else ""
            click.echo(f"  {entry.at:%Y-%m-%d}  {lines[0]}{origin}")
            continue
        click.echo(f"  {entry.at:%Y-%m-%d}  {style(entry.label + ':', bold=True)} {lines[0]}")
        for line in lines[1:]:
            click.echo(f"              {line}")


COMMANDS = (add, edit, delete, people_command, show)
