"""The one writer of user-named files: whole or not at all, 0600, no links, and a record of what it wrote."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from coffeechat.safe_files import (
    NotWrittenByCoffeechat,
    TargetRefused,
    open_for_writing,
    write_file,
    write_files,
    written_by_coffeechat,
)


def test_an_interrupted_write_leaves_the_old_file_and_no_debris(tmp_path: Path) -> None:
    target = tmp_path / "people.csv"
    write_file(target, "old\n")
    with pytest.raises(RuntimeError), open_for_writing(target) as out:
        out.write("half of the new")
        raise RuntimeError("disk full, say")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["people.csv"]


def test_written_files_are_private_and_remembered(tmp_path: Path) -> None:
    target = tmp_path / "backup.json"
    write_file(target, b"{}")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert written_by_coffeechat(target)
    target.write_text('{"edited": true}')
    assert not written_by_coffeechat(target)
    with pytest.raises(NotWrittenByCoffeechat):
        write_file(target, b"{}")
    write_file(target, b"{}", force=True)
    assert target.read_bytes() == b"{}"


def test_a_batch_is_refused_whole(tmp_path: Path) -> None:
    (tmp_path / "b.md").write_text("mine")
    with pytest.raises(NotWrittenByCoffeechat) as refused:
        write_files([(tmp_path / "a.md", "A"), (tmp_path / "b.md", "B")])
    assert refused.value.paths == [tmp_path / "b.md"]
    assert not (tmp_path / "a.md").exists()


def test_links_and_folders_are_refused_even_with_force(tmp_path: Path) -> None:
    (tmp_path / "real").write_text("x")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    (tmp_path / "folder").mkdir()
    for target in (tmp_path / "link", tmp_path / "folder"):
        with pytest.raises(TargetRefused):
            write_file(target, "y", force=True)
    assert (tmp_path / "real").read_text() == "x"
