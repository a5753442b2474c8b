"""`coffeechat search WORDS`: search everything you wrote and everyone you know."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import click

from coffeechat.cli.context import with_practice
from coffeechat.cli.output import emit_json, style, wants_colour
from coffeechat.core.vocabulary import SEARCH_KINDS as KINDS

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@click.command()
@click.argument("words", nargs=-1, required=True)
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS), help="Only this kind of result (repeatable).")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=0),
              help="Show at most this many results; 0 shows every match.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (see docs/json.md).")
@with_practice
def search(owner: User, words: tuple[str, ...], kinds: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Search everything you wrote and everyone you know, best matches first.

    Every word must match; the last may be the start of a word ("Rey" finds Reyes). People match on
    name, title, notes and organisation. Text found: notes (`note`, live mode), the notes of
    `log held --notes` (kind "conversation"), insights, referrals, tasks, messages and goal reflections.
    Each result says what kind of text matched and whose it is; `coffeechat show NAME` opens the person.

    \b
    Examples:
      coffeechat search "clips editor"
      coffeechat search fellowship --kind note --json
      coffeechat search tribune --limit 0
    """
    from coffeechat.services.search import hit_as_json
    from coffeechat.services.search import search as run_search

    query = " ".join(words)
    hits = run_search(owner, query, limit, kinds=tuple(kinds) or tuple(KINDS))
    if as_json:
        emit_json({"query": query, "count": len(hits), "results": [hit_as_json(hit) for hit in hits]})
        return
    if not hits:
        click.echo(f"Nothing matches {query!r}.")
        return
    for hit in hits:
        click.echo(f"{style(hit.label, dim=True)}  {style(_headline(hit), bold=True)}")
        click.echo(f"    {_plain(hit.snippet)}")
    if limit and len(hits) == limit:
        click.echo(style(f"(the best {limit}; --limit 0 shows every match)", dim=True))


def _headline(hit: Any) -> str:
    """Whose text it is and when, never a bare id a reader could take for a person's."""
    if hit.kind == "person":
        return hit.title
    who = hit.person_name or ("no one in particular" if hit.kind != "reflection" else "")
    when = f" · {hit.at:%Y-%m-%d}" if hit.at else ""
    return f"{who}{when}".strip(" ·") or hit.title


def _plain(snippet_html: str) -> str:
    """The snippet for a terminal: marks in bold (or *stars* without colour), entities decoded."""
    import html

    marked = r"\033[1m\1\033[0m" if wants_colour() else r"*\1*"
    return " ".join(html.unescape(re.sub(r"<mark>(.*?)</mark>", marked, snippet_html)).split())


COMMANDS = (search,)
