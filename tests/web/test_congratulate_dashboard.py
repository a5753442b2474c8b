"""The dashboard shows a congratulation like any other action, and Done in place removes it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import time_machine

from coffeechat.models import ActionState, Person, Touch
from coffeechat.services.imports import import_contacts

MERGE = Path(__file__).resolve().parents[1] / "fixtures" / "merge"


def test_a_new_job_is_a_congratulation_on_the_dashboard_until_done(owner, owner_client) -> None:
    with time_machine.travel(datetime(2026, 11, 2, 9, tzinfo=UTC), tick=False):
        import_contacts(owner, MERGE / "linkedin_before.csv")
    Person.objects.owned_by(owner).filter(full_name="Dana Reyes").update(stage="ongoing")
    with time_machine.travel(datetime(2026, 12, 3, 9, tzinfo=UTC), tick=False):
        import_contacts(owner, MERGE / "linkedin_after.csv")
    key = f"congratulate:touch:{Touch.objects.owned_by(owner).get(kind='moved_job').pk}"
    with time_machine.travel(datetime(2026, 12, 3, 15, tzinfo=UTC), tick=False):
        page = owner_client.get("/").content.decode()
        today = page.split('id="h-today"')[1].split("</section>")[0]
        assert "CONGRATULATE" in today and "Managing Editor at Metro Public Radio" in today
        assert f'data-key="{key}"' in today
        response = owner_client.post("/actions/done", {"key": key}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200 and key not in response.content.decode()
    assert ActionState.objects.owned_by(owner).get(action_key=key).done_at is not None
