"""`coffeechat note`: a note on the latest conversation, or on the person; campaign-work warnings."""

from __future__ import annotations

import json

from coffeechat.models import Goal, Note


def test_a_note_lands_on_the_latest_conversation(cli) -> None:
    cli("add", "Dana Reyes")
    cli("log", "meeting", "dana", "--at", "2026-01-05 15:00")
    cli("log", "held", "dana", "--at", "2026-01-05 15:30")
    result = cli("note", "dana", "Says clips beat grades", "--json")
    data = json.loads(result.output)
    assert data["conversation_id"] is not None and data["warnings"] == []
    assert Note.objects.get().conversation_id == data["conversation_id"]


def test_a_note_without_a_conversation_is_on_the_person(cli) -> None:
    cli("add", "Sam Park")
    result = cli("note", "sam", "Met at the job fair")
    assert result.exit_code == 0 and "Noted on Sam Park." in result.output
    assert Note.objects.get().person.full_name == "Sam Park"


def test_campaign_work_warns_a_would_be_political_reporter(cli, owner) -> None:
    Goal.objects.create(owner=owner, title="Political reporting", field="newsroom_politics")
    cli("add", "Ana Ruiz")
    result = cli("note", "ana", "I volunteered for the Alvarez for Senate campaign", "--json")
    assert json.loads(result.output)["warnings"]
    plain = cli("note", "ana", "She covers city hall")
    assert "!" not in plain.output


def test_an_empty_note_is_refused(cli) -> None:
    cli("add", "Sam Park")
    result = cli("note", "sam", "   ", expect_exit=2)
    assert result.exit_code != 0 and Note.objects.count() == 0


def test_a_transcript_file_is_noted_shown_and_found_as_separate_processes(fresh_data_env, tmp_path) -> None:
    from conftest import run_coffeechat

    env = fresh_data_env
    transcript = tmp_path / "transcript.txt"
    lines = [f"Line {n}: we talked about the statehouse bureau and deadlines." for n in range(40_000)]
    lines.insert(20_000, "Dana: the zebrafish desk hires from the fellowship.")
    transcript.write_text("\n".join(lines), encoding="utf-16")  # Excel's "Unicode text", with its mark
    assert transcript.stat().st_size > 4_000_000
    assert run_coffeechat(env, "add", "Dana Reyes", "--org", "The Tribune").returncode == 0
    noted = run_coffeechat(env, "note", "dana", "--file", str(transcript))
    assert noted.returncode == 0 and "Noted on Dana Reyes" in noted.stdout, noted.stderr
    assert run_coffeechat(env, "log", "meeting", "dana", "--at", "2026-01-05 15:00").returncode == 0
    held = run_coffeechat(env, "log", "held", "dana", "--at", "2026-01-05 15:30", "--notes",
                          "She said the copy desk values quick learners")
    assert held.returncode == 0, held.stderr

    shown = run_coffeechat(env, "show", "dana")
    assert shown.returncode == 0 and "Dana: the zebrafish desk hires from the fellowship." in shown.stdout
    assert "Conversation notes: She said the copy desk values quick learners" in shown.stdout
    timeline = json.loads(run_coffeechat(env, "show", "dana", "--json").stdout)["timeline"]
    kinds = {entry["kind"]: entry for entry in timeline}
    assert "zebrafish desk" in kinds["note_added"]["text"] and len(kinds["note_added"]["text"]) > 2_000_000
    assert kinds["held_notes"]["text"] == "She said the copy desk values quick learners"

    found = run_coffeechat(env, "search", "zebrafish")
    assert found.returncode == 0 and "Note  Dana Reyes" in found.stdout and "(#" not in found.stdout
    results = json.loads(run_coffeechat(env, "search", "quick", "learners", "--json").stdout)["results"]
    assert [(r["kind"], r["person_name"]) for r in results] == [("conversation", "Dana Reyes")]


def test_a_note_from_standard_input_or_a_windows_file(cli, tmp_path) -> None:
    cli("add", "Sam Park")
    piped = cli("note", "sam", "-", input="Pasted from the call\nsecond line\n")
    assert piped.exit_code == 0 and Note.objects.get().body == "Pasted from the call\nsecond line"
    old = tmp_path / "old.txt"
    old.write_bytes("Café with Sam: “clips first”".encode("cp1252"))
    assert cli("note", "sam", "--file", str(old)).exit_code == 0
    assert Note.objects.order_by("-id").first().body == "Café with Sam: “clips first”"


def test_an_empty_note_is_a_clear_error(cli, tmp_path) -> None:
    cli("add", "Sam Park")
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n")
    for args, said in ((("-",), "standard input"), (("--file", str(empty)), "empty.txt"), ((), "say what to note")):
        result = cli("note", "sam", *args, input="   \n", expect_exit=2)
        assert result.exit_code == 2 and said in result.output and "Traceback" not in result.output
    both = cli("note", "sam", "words", "--file", str(empty), expect_exit=2)
    assert both.exit_code == 2 and "not two of them" in both.output
    assert Note.objects.count() == 0
