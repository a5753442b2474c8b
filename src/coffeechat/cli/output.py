"""How commands print: JSON for scripts, readable text for people, colour only when wanted."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import click


def wants_colour() -> bool:
    """Colour only on a terminal and never when ``NO_COLOR`` is set (https://no-color.org)."""
    return "NO_COLOR" not in os.environ and sys.stdout.isatty()


def style(text: str, **styles: Any) -> str:
    """``click.style`` that respects NO_COLOR."""
    return click.style(text, **styles) if wants_colour() else text


def emit_json(data: Any) -> None:
    """Print ``data`` as indented JSON with a stable key order."""
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def table(rows: list[list[str]], headers: list[str]) -> str:
    """A plain, aligned text table; long cells are cut with an ellipsis."""
    limit = 40
    cells = [[h for h in headers]] + [[_cut(c, limit) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for index, row in enumerate(cells):
        line = "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip()
        lines.append(style(line, bold=True) if index == 0 else line)
    return "\n".join(lines)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
