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
    result = cli("note", "sam", "   ")
    assert result.exit_code != 0 and Note.objects.count() == 0
