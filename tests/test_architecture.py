"""The layer rules of ARCHITECTURE.md that import-linter cannot see, checked on the source with ``ast``:
a face never writes the record itself, and a command reaches the practice only through cli/context.py."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "coffeechat"
# Calls that write rows (on a model instance, a manager or a query set), and opening a transaction.
WRITES = {"save", "delete", "create", "update", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
DECORATORS = {"with_practice", "with_practice_later"}


def model_writes(source: str, name: str) -> list[str]:
    """`name:line: what` for each write call and each use of ``transaction.atomic`` in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WRITES:
            found.append(f"{name}:{node.lineno}: .{node.func.attr}(")
        elif isinstance(node, ast.Attribute) and node.attr == "atomic":
            found.append(f"{name}:{node.lineno}: transaction.atomic")
    return sorted(found, key=lambda hit: int(hit.split(":")[1]))


def _modules(*folders: str) -> list[Path]:
    return sorted(path for folder in folders for path in (SRC / folder).rglob("*.py"))


def _name(path: Path) -> str:
    return str(path.relative_to(SRC.parent))


def test_faces_never_write_the_record_themselves() -> None:
    """Writes belong in services/ (one transaction per multi-row write); cli/ and web/ call a service."""
    found = [hit for path in _modules("cli", "web") for hit in model_writes(path.read_text("utf-8"), _name(path))]
    assert found == [], "a face writes the record itself; move the write into a service:\n" + "\n".join(found)


def test_the_write_scanner_names_file_and_line() -> None:
    source = (
        "from django.db import transaction\n"
        "def f(row, bar):\n"
        "    row.save()\n"
        "    Row.objects.filter(owner=o).delete()\n"
        "    with transaction.atomic():\n"
        "        Row.objects.create(owner=o)\n"
        "    progress(bar.update)\n"  # a method passed along, not called: not a write
    )
    assert model_writes(source, "x.py") == [
        "x.py:3: .save(", "x.py:4: .delete(", "x.py:5: transaction.atomic", "x.py:6: .create(",
    ]


def _reaches_the_record(function: ast.FunctionDef) -> bool:
    for node in ast.walk(function):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(
            ("coffeechat.services", "coffeechat.models")
        ):
            return True
    return False


def _is_command(function: ast.FunctionDef) -> bool:
    return any(
        isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute | ast.Name)
        and (d.func.attr if isinstance(d.func, ast.Attribute) else d.func.id) in ("command", "group")
        for d in function.decorator_list
    )


def commands_without_the_practice(source: str, name: str) -> list[str]:
    """Click commands that import services/ or models/ without ``@with_practice``/``@with_practice_later``,
    and any direct call of ``open_practice``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name) and node.id == "open_practice":
            found.append(f"{name}:{node.lineno}: calls open_practice() itself")
        if not isinstance(node, ast.FunctionDef) or not _is_command(node) or not _reaches_the_record(node):
            continue
        if not {d.id for d in node.decorator_list if isinstance(d, ast.Name)} & DECORATORS:
            found.append(f"{name}:{node.lineno}: {node.name} reaches services/models without the practice")
    return found


def test_every_command_gets_the_practice_from_its_decorator() -> None:
    """So a command cannot reach the record without Django started and its owner in hand."""
    found = [
        hit
        for path in _modules("cli")
        if path.name != "context.py"
        for hit in commands_without_the_practice(path.read_text("utf-8"), _name(path))
    ]
    assert found == [], "use @with_practice (cli/context.py):\n" + "\n".join(found)


def test_the_command_scanner_sees_a_command_without_the_practice() -> None:
    source = (
        "@click.command()\n@with_practice\ndef good(owner, name):\n    from coffeechat.services.people import add_person\n"
        "@group.command(name='bad')\ndef bad(name):\n    from coffeechat.services.people import add_person\n"
        "def helper(name):\n    from coffeechat.services.people import LABELS\n"
        "def worse(name):\n    owner = open_practice()\n"
    )
    assert commands_without_the_practice(source, "x.py") == [
        "x.py:6: bad reaches services/models without the practice",
        "x.py:11: calls open_practice() itself",
    ]
