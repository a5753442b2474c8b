"""Commands listed from a small static index; a command's module is imported only when that command runs.

`coffeechat --help` and `coffeechat next` used to import every module of this package (thirty commands
and their helpers) before doing anything. The root group now reads cli/command_index.py (each command's
name, module and first paragraph of help) to list them, and imports one module to run one command.

The index is generated from the commands themselves: after adding, renaming or re-wording a command, run

    python -m coffeechat.cli.lazy

(tests/cli/test_command_index.py fails until the index matches). Nothing breaks meanwhile: a module the
index does not know is imported at start-up as before, and a name the index lacks loads every module.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import ItemsView, Iterator, KeysView, ValuesView
from pathlib import Path
from typing import Any, cast

import click

import coffeechat.cli as cli_package

INDEX_MODULE = "coffeechat.cli.command_index"


def module_names() -> list[str]:
    """The modules of coffeechat.cli that may hold commands (a folder listing: cheaper than pkgutil)."""
    folder = os.path.dirname(cli_package.__file__ or "")
    return sorted(entry[:-3] for entry in os.listdir(folder)
                  if entry.endswith(".py") and not entry.startswith("_") and entry[:-3] not in ("main", "lazy", "command_index"))


def _index() -> tuple[dict[str, tuple[str, str | None, str, bool, Any]], frozenset[str]]:
    try:
        index = importlib.import_module(INDEX_MODULE)
    except ImportError:  # no index yet: everything is loaded, as before
        return {}, frozenset()
    return index.INDEX, frozenset(index.MODULES)


class LazyCommands(dict):
    """A group's commands, loaded module by module as they are asked for; walking them loads them all."""

    def __init__(self, group: LazyGroup) -> None:
        super().__init__()
        self._group = group

    def get(self, name: str, default: Any = None) -> Any:
        self._group.load_command(name)
        return super().get(name, default)

    def __getitem__(self, name: str) -> Any:
        found = self.get(name)
        if found is None:
            raise KeyError(name)
        return found

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    def __iter__(self) -> Iterator[str]:
        self._group.load_all()
        return super().__iter__()

    def __len__(self) -> int:
        self._group.load_all()
        return super().__len__()

    def keys(self) -> KeysView[str]:  # type: ignore[override]
        self._group.load_all()
        return super().keys()

    def values(self) -> ValuesView[Any]:  # type: ignore[override]
        self._group.load_all()
        return super().values()

    def items(self) -> ItemsView[str, Any]:  # type: ignore[override]
        self._group.load_all()
        return super().items()


class LazyGroup(click.Group):
    """A click.Group whose commands come from the index and are imported when used."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands(self)
        self._loaded: set[str] = set()
        self._index, known = _index()
        # A module the index does not know yet (a command just added): imported now, as before the index.
        for name in module_names():
            if name not in known:
                self._load(name)

    def _load(self, module_name: str) -> None:
        if module_name in self._loaded:
            return
        self._loaded.add(module_name)
        module = importlib.import_module(f"coffeechat.cli.{module_name}")
        for command in getattr(module, "COMMANDS", ()):
            self.add_command(command)

    def load_command(self, name: str) -> None:
        """Import the module holding ``name`` (every module when the index does not know the name)."""
        if dict.__contains__(self.commands, name):
            return
        entry = self._index.get(name)
        if entry is not None:
            self._load(entry[0])
        if not dict.__contains__(self.commands, name):
            self.load_all()

    def load_all(self) -> None:
        """Import every command module (for a walk through the whole command tree)."""
        for module_name in module_names():
            self._load(module_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self._index) | set(dict.keys(cast("dict[str, click.Command]", self.commands))))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Click's own listing, from the index's help (no module imported) for commands not yet loaded."""
        rows = []
        for name in self.list_commands(ctx):
            command = dict.get(cast("dict[str, click.Command]", self.commands), name)
            if command is None:
                entry = self._index.get(name)
                if entry is None:
                    continue
                _module, short_help, help_text, hidden, deprecated = entry
                command = click.Command(name, help=help_text, short_help=short_help, hidden=hidden,
                                        deprecated=deprecated)
            if not command.hidden:
                rows.append((name, command))
        if rows:
            limit = formatter.width - 6 - max(len(name) for name, _ in rows)
            with formatter.section("Commands"):
                formatter.write_dl([(name, command.get_short_help_str(limit)) for name, command in rows])


def first_paragraph(text: str | None) -> str:
    """What Click's short help reads of a help text: its first paragraph."""
    return (text or "").partition("\n\n")[0]


def index_of(group: LazyGroup) -> tuple[dict[str, tuple[str, str | None, str, bool, Any]], list[str]]:
    """The index as it should be, from the commands themselves (every module imported)."""
    group.load_all()
    commands: dict[str, tuple[str, str | None, str, bool, Any]] = {}
    for name in module_names():
        module = sys.modules[f"coffeechat.cli.{name}"]
        for command in getattr(module, "COMMANDS", ()):
            commands[command.name] = (name, command.short_help, first_paragraph(command.help), command.hidden,
                                      command.deprecated)
    return dict(sorted(commands.items())), module_names()


def render_index(commands: dict[str, tuple[str, str | None, str, bool, Any]], modules: list[str]) -> str:
    """The source of cli/command_index.py."""
    lines = [
        '"""Generated by `python -m coffeechat.cli.lazy` from the commands themselves: do not edit by hand.',
        "",
        "name -> (module, short_help, first paragraph of help, hidden, deprecated); MODULES: every module",
        'indexed (one with no command too), so a module added later is noticed and imported at start-up."""',
        "",
        "INDEX = {",
    ]
    lines += [f"    {name!r}: {entry!r}," for name, entry in commands.items()]
    lines += ["}", "", f"MODULES = {tuple(modules)!r}", ""]
    return "\n".join(lines)


def main() -> None:
    """Rewrite cli/command_index.py from the commands as they are now."""
    path = Path(cli_package.__file__ or "").parent / "command_index.py"
    path.write_text(render_index(*index_of(LazyGroup(name="coffeechat"))))
    print(f"Wrote {path}")


if __name__ == "__main__":
    main()
