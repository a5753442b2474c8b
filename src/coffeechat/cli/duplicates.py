"""`coffeechat duplicates` and `coffeechat merge`: find people who are in your network twice, make them one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from coffeechat.cli.context import with_practice
from coffeechat.cli.output import emit_json, style
from coffeechat.cli.people import resolve_person

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _describe(person: Any) -> str:
    """'#12 Dana Reyes, Politics editor at The Tribune, dana@tribune.example'"""
    parts = [f"#{person.pk} {person.full_name}"]
    job = " at ".join(x for x in (person.title, str(person.organization or "")) if x)
    if job:
        parts.append(job)
    emails = [p.value for p in person.contact_points.all() if p.kind == "email"]
    if emails:
        parts.append(", ".join(emails))
    if person.linkedin_url:
        parts.append(person.linkedin_url)
    return ", ".join(parts)


@click.command(name="duplicates")
@click.option("--limit", default=100, show_default=True, help="Show at most this many pairs (0 for all).")
@click.option("--json", "as_json", is_flag=True, help="Print the pairs as JSON (see docs/json.md).")
@with_practice
def duplicates_command(owner: User, limit: int, as_json: bool) -> None:
    """List pairs of people who look like the same person, and why.

    The evidence, strongest first: the same LinkedIn profile, the same email, a similar name at a
    similar organisation, or only a similar name (check those yourself). Merge a pair with
    `coffeechat merge KEEP OTHER`.

    \b
    Examples:
      coffeechat duplicates
      coffeechat duplicates --json
    """
    from coffeechat.services.merging import duplicate_candidates
    from coffeechat.services.people import person_as_json

    found = duplicate_candidates(owner, limit=limit or None)
    if as_json:
        emit_json({"count": len(found), "pairs": [
            {"reason": c.reason, "evidence": c.evidence, "score": c.score,
             "people": [person_as_json(c.left), person_as_json(c.right)]} for c in found]})
        return
    if not found:
        click.echo("No duplicates: nobody in your network looks like someone else in it.")
        return
    for candidate in found:
        click.echo(style(candidate.evidence[:1].upper() + candidate.evidence[1:], bold=True))
        click.echo(f"  {_describe(candidate.left)}")
        click.echo(f"  {_describe(candidate.right)}")
        click.echo(style(f"  merge: coffeechat merge {candidate.left.pk} {candidate.right.pk}", dim=True))
    click.echo(f"{len(found)} {'pair' if len(found) == 1 else 'pairs'}"
               f"{' (the first ' + str(limit) + ')' if limit and len(found) == limit else ''}.")


@click.command(name="merge")
@click.argument("keep")
@click.argument("other")
@click.option("--yes", is_flag=True, help="Merge without asking first.")
@click.option("--json", "as_json", is_flag=True, help="Print the merged person and what moved as JSON.")
@with_practice
def merge_command(owner: User, keep: str, other: str, yes: bool, as_json: bool) -> None:
    """Merge OTHER into KEEP: one person with everything both records had.

    KEEP and OTHER are people as `show` takes them: an id (#12 or 12), an email, a LinkedIn URL or a
    piece of the name. Every email, phone, tag, timeline entry, message, conversation, referral, task,
    note and insight of OTHER moves to KEEP; KEEP's empty details are filled from OTHER, the further
    stage is kept, notes are joined, and OTHER's differing job stays on the timeline. Then OTHER is
    deleted. It all happens in one step: interrupted, nothing changes.

    \b
    Examples:
      coffeechat merge 12 57
      coffeechat merge dana@tribune.example "Dana M. Reyes" --yes
    """
    from coffeechat.services.merging import MergeRefused, merge_people

    kept, merged = resolve_person(owner, keep), resolve_person(owner, other)
    if not yes:
        click.echo(f"Keep:  {_describe(kept)}")
        click.echo(f"Merge: {_describe(merged)}")
        click.confirm("Merge the second into the first? The second record will be gone", abort=True)
    try:
        report = merge_people(owner, kept, merged)
    except MergeRefused as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        emit_json(report.as_json())
        return
    moved = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in report.moved.items() if count)
    click.echo(f"Merged into #{report.person.pk} {report.person.full_name}" + (f" (moved {moved})." if moved else "."))


COMMANDS = (duplicates_command, merge_command)
