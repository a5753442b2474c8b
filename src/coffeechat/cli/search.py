"""`coffeechat search WORDS`: full-text search over people, notes, insights and messages."""

from __future__ import annotations

import re

import click

from coffeechat.cli.context import open_practice
from coffeechat.cli.output import emit_json, style, wants_colour

KINDS = ["person", "note", "insight", "message"]


@click.command()
@click.argument("words", nargs=-1, required=True)
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS), help="Only this kind of result (repeatable).")
@click.option("--limit", default=20, show_default=True, help="Show at most this many results.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (see docs/json.md).")
def search(words: tuple[str, ...], kinds: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Search everything you wrote and everyone you know, best matches first.

    Every word must match; the last may be the start of a word ("Rey" finds Reyes). People match on
    name, title, notes and organisation.

    \b
    Examples:
      coffeechat search "clips editor"
      coffeechat search fellowship --kind note --json
    """
    owner = open_practice()
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
        click.echo(f"{style(hit.kind, dim=True):<8}  {style(hit.title, bold=True)}  (#{hit.id})")
        click.echo(f"          {_plain(hit.snippet)}")


def _plain(snippet_html: str) -> str:
    """The snippet for a terminal: marks in bold (or *stars* without colour), entities decoded."""
    import html

    marked = r"\033[1m\1\033[0m" if wants_colour() else r"*\1*"
    return html.unescape(re.sub(r"<mark>(.*?)</mark>", marked, snippet_html))


COMMANDS = (search,)
