"""Ratios and the tables printed at the end of each benchmark and of the whole run."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Line:
    """One row of the final summary: a measure of coffeechat, with its floor and its peer when known."""

    benchmark: str
    measure: str
    coffeechat: str
    floor: str = "-"
    peer: str = "-"
    vs_floor: str = "-"
    vs_peer: str = "-"
    note: str = ""


@dataclass
class Summary:
    """Everything the run measured, for the table at the end."""

    lines: list[Line] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, line: Line) -> None:
        """Add one measured row."""
        self.lines.append(line)

    def say(self, note: str) -> None:
        """Print a note now and repeat it under the final table (skips, missing commands, peers)."""
        print(f"NOTE: {note}", flush=True)
        self.notes.append(note)

    def table(self) -> str:
        """The summary as an aligned text table."""
        header = ("benchmark", "measure", "coffeechat", "floor", "peer", "x floor", "x peer", "note")
        rows = [header] + [(ln.benchmark, ln.measure, ln.coffeechat, ln.floor, ln.peer, ln.vs_floor, ln.vs_peer, ln.note)
                           for ln in self.lines]
        widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
        text = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
                for row in rows]
        text.insert(1, "  ".join("-" * width for width in widths))
        if self.notes:
            text += ["", "Notes:"] + [f"  - {note}" for note in self.notes]
        return "\n".join(text)


def ratio(ours: float | None, theirs: float | None) -> str:
    """``ours / theirs`` as "3.2x", or "-" when either is unknown."""
    if not ours or not theirs:
        return "-"
    return f"{ours / theirs:.2f}x"


def ms(seconds: float | None) -> str:
    """Seconds shown as milliseconds."""
    return "-" if seconds is None else f"{seconds * 1000:.1f} ms"


def mib(kib: int | None) -> str:
    """KiB shown as MiB."""
    return "-" if not kib else f"{kib / 1024:.0f} MiB"
