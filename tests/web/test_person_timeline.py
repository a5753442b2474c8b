"""Web: the person page shows one timeline with every text written about them, in full."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.test import Client

from coffeechat.services.live import add_note, capture_commitment, capture_insight, save_live_notes
from coffeechat.services.logbook import log_held, log_meeting
from coffeechat.services.people import NewPerson, add_person

AT = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


def test_the_person_page_shows_every_text_in_one_timeline(owner) -> None:
    dana = add_person(owner, NewPerson("Dana Reyes", notes="Met at the alumni mixer"))
    talk = log_meeting(owner, dana, at=AT, minutes=20)
    log_held(owner, dana, at=AT + timedelta(minutes=30), notes="She loves zebrafish datasets")
    add_note(owner, dana, "From the terminal:\n<b>clips</b> first")
    save_live_notes(owner, talk, "Typed in live mode")
    capture_insight(owner, talk, "Most hires come through the fellowship")
    capture_commitment(owner, talk, "send my clips")
    client = Client()
    client.force_login(owner)
    page = client.get(f"/people/{dana.pk}/").content.decode()
    timeline = page.split('id="h-timeline"')[1].split("</section>")[0]
    for text in ("Met at the alumni mixer", "She loves zebrafish datasets", "Typed in live mode",
                 "Most hires come through the fellowship", "send my clips", "Talked with Dana Reyes",
                 "From the terminal:\n&lt;b&gt;clips&lt;/b&gt; first"):
        assert text in timeline, text
    for label in ("Your note on them", "Conversation notes", "Insight", "Commitment", "Conversation held"):
        assert f">{label}" in timeline, label
    assert "<b>clips</b>" not in page
