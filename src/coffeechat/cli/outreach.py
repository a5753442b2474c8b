"""`coffeechat outreach …`: check a request message against the rules, and draft one from a template."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from coffeechat.cli.context import OpenPractice, with_practice, with_practice_later
from coffeechat.cli.output import emit_json, style
from coffeechat.core.vocabulary import MODES, TEMPLATES

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@click.group(name="outreach")
def outreach() -> None:
    """Write requests that follow the rules: check a draft, or start one from a template.

    \b
    Examples:
      coffeechat outreach draft dana --template alumni
      coffeechat outreach check request.txt --mode 6point
      pbpaste | coffeechat outreach check - --to dana
    """


def _print_results(results: list[Any], as_json: bool, mode: str, words: int) -> None:
    passed = all(r.passed for r in results)
    if as_json:
        # The shape of services.outreach.rule_as_json, built here: checking a file must not need Django.
        rules = [{"rule": r.rule_id, "label": r.label, "passed": r.passed, "reason": r.reason} for r in results]
        emit_json({"mode": mode, "words": words, "passed": passed, "rules": rules})
        return
    for result in results:
        mark = style("PASS", fg="green", bold=True) if result.passed else style("FAIL", fg="red", bold=True)
        click.echo(f"{mark}  {result.label}: {result.reason}")
    failed = sum(not r.passed for r in results)
    click.echo("Every rule passes." if passed else f"{failed} of {len(results)} rules fail.")


def _read_message(file: str) -> str:
    """A message file in whatever encoding it was saved (UTF-8, UTF-16, Windows-1252), read like `import` does."""
    from coffeechat.formats.contact import FormatError
    from coffeechat.formats.text import open_text

    path = Path(file).expanduser()
    if path.is_dir():
        raise click.ClickException(f"{file} is a folder; give the text file holding your message")
    try:
        with open_text(path) as handle:
            return handle.read()
    except FormatError as error:
        raise click.ClickException(str(error)) from error
    except OSError as error:
        raise click.ClickException(f"cannot read {file}: {error.strerror or error}") from error


@outreach.command(name="check")
@click.argument("file")
@click.option("--mode", type=click.Choice(MODES), default="6point", show_default=True,
              help="6point (2nd edition, under 75 words) or 5point (1st edition, under 100 words).")
@click.option("--to", "person", help="Who it is for: their first name and organisation count as words about them.")
@click.option("--connection", default="", help="What you share (school, group) or the work of theirs you open with.")
@click.option("--referrer", default="", help="Who suggested you write, if anyone.")
@click.option("--narrow", default="", help="Your narrow interest, as written in the message.")
@click.option("--broad", default="", help="Your broad interest, as written in the message.")
@click.option("--json", "as_json", is_flag=True, help="Print the verdicts as JSON (see docs/json.md).")
@with_practice_later
def check_command(open_owner: OpenPractice, file: str, mode: str, person: str | None, connection: str, referrer: str, narrow: str, broad: str,
                  as_json: bool) -> None:
    """Check a request message, rule by rule, each PASS or FAIL with the reason.

    FILE is a text file, or - to read standard input. Exits with status 1 when any rule fails (0 when
    all pass), so scripts and editors can use it.

    \b
    Examples:
      coffeechat outreach check request.txt
      coffeechat outreach check - --mode 5point < request.txt
      coffeechat outreach check request.txt --to dana --connection Northwestern \\
          --narrow "data journalism" --broad "local news"
    """
    text = sys.stdin.read() if file == "-" else _read_message(file)
    if not text.strip():
        raise click.ClickException(f"{'standard input' if file == '-' else file} is empty: there is no message to check")
    text = text.replace("\x00", "")
    from coffeechat.core.message_rules import MessageContext, check_message, count_words

    first_name = organisation = None
    if person:
        owner = open_owner()
        from coffeechat.cli.people import resolve_person

        found: Any = resolve_person(owner, person)
        first_name = found.first_name or found.full_name
        organisation = found.organization.name if found.organization else None
        referrer = referrer or (found.referred_by.full_name if found.referred_by else "")
    context = MessageContext(
        connection=connection or None, referrer_name=referrer or None, recipient_first_name=first_name,
        recipient_organisation=organisation, goal_narrow=narrow or None, goal_broad=broad or None,
    )
    results = check_message(text, mode, context)  # type: ignore[arg-type]
    _print_results(results, as_json, mode, count_words(text))
    if not all(r.passed for r in results):
        sys.exit(1)


@outreach.command(name="draft")
@click.argument("person")
@click.option("--template", type=click.Choice(TEMPLATES),
              help="Which situation (default: referral if someone referred you, alumni for an alum, else cold "
                   "or your goal's field). One your record contradicts is refused with the reason.")
@click.option("--goal", default=None, help="The goal it is about: an id or a piece of its title (default: your first).")
@click.option("--connection", default="", help="Your shared school or group, or (cold) the work of theirs you open with.")
@click.option("--narrow", default="", help="Your narrow interest (default: from the goal).")
@click.option("--broad", default="", help="Your broad interest (default: from the goal's field).")
@click.option("--mode", type=click.Choice(MODES), default=None, help="Rules to check it against (default: setting message_mode).")
@click.option("--no-slots", "no_slots", is_flag=True, help="Leave out the free times to suggest (see coffeechat slots).")
@click.option("--json", "as_json", is_flag=True, help="Print the draft and its check as JSON (see docs/json.md).")
@with_practice
def draft_command(owner: User, person: str, template: str | None, goal: str | None, connection: str, narrow: str, broad: str,
                  mode: str | None, no_slots: bool, as_json: bool) -> None:
    """Print a request to PERSON filled from a template, with its check.

    Copy it into your mail, or send it from the person's page in the web app; log it with
    `coffeechat log sent PERSON`. Never attach a résumé to a first message.

    \b
    Example:
      coffeechat outreach draft dana --template alumni --goal "data journalism"
    """
    from coffeechat.cli.people import resolve_person
    from coffeechat.core.message_rules import count_words
    from coffeechat.services.outreach import OutreachError, check, compose, find_goal, rule_as_json
    from coffeechat.services.preferences import get_setting

    who: Any = resolve_person(owner, person)
    try:
        composition = compose(owner, who, template=template, goal=find_goal(owner, goal), connection=connection,
                              narrow=narrow, broad=broad)
    except OutreachError as error:
        raise click.ClickException(str(error)) from error
    chosen_mode = mode or get_setting(owner, "message_mode")
    results = check(composition.body, chosen_mode, composition.message_context)
    offer = None if no_slots else _offer(owner, who)
    if as_json:
        emit_json({"person_id": who.pk, "template": composition.template, "to": who.primary_email or None,
                   "subject": composition.subject, "body": composition.body, "mode": chosen_mode,
                   "words": count_words(composition.body), "passed": all(r.passed for r in results),
                   "rules": [rule_as_json(r) for r in results],
                   **({"slots": offer.as_json()} if offer is not None else {})})
        return
    click.echo(style(f"To: {who.full_name} <{who.primary_email or 'no email on file'}>", dim=True))
    click.echo(f"Subject: {composition.subject}\n")
    click.echo(composition.body)
    click.echo(style(f"\n— {chosen_mode} check ({composition.template} template) —", bold=True))
    _print_results(results, False, chosen_mode, count_words(composition.body))
    if offer is not None:
        from coffeechat.cli.slots import echo_offer

        click.echo(style("\n— free times to suggest when they answer (not part of the message) —", bold=True))
        echo_offer(offer)


def _offer(owner: User, who: Any) -> Any:
    """Free times to suggest to ``who``, or None when they cannot be worked out (the draft still prints)."""
    from coffeechat.services.free_slots import SlotOfferError, offer_slots

    try:
        return offer_slots(owner, who)
    except SlotOfferError:
        return None


COMMANDS = (outreach,)
