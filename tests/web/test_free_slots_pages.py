"""The free times to suggest, beside the request composer and on the schedule page (never in the message)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from coffeechat.models import CalendarEvent, CalendarSource
from coffeechat.services.people import NewPerson, add_person
from coffeechat.services.preferences import set_setting


@pytest.fixture
def kenji(owner):
    set_setting(owner, "timezone", "Europe/London")
    set_setting(owner, "your_name", "Sam Rivera")
    return add_person(owner, NewPerson("Kenji Sato", organization="Nikkei", timezone="Asia/Tokyo",
                                       emails=("kenji@nikkei.example",)))


def _message(page: str) -> str:
    found = re.search(r'<textarea id="compose-body"[^>]*>(.*?)</textarea>', page, re.S)
    assert found is not None
    return found.group(1)


def test_the_composer_shows_three_times_in_both_zones_beside_the_draft(owner, owner_client, kenji, fixed_clock) -> None:
    source = CalendarSource.objects.create(owner=owner, name="work", kind=CalendarSource.Kind.ICS_FILE,
                                           location="/tmp/work.ics", last_synced_at=fixed_clock)
    # Busy all Monday morning, 16 November (London = UTC in November).
    CalendarEvent.objects.create(owner=owner, source=source, uid="standup@test", summary="Planning",
                                 start=datetime(2026, 11, 16, 9, 0, tzinfo=UTC), end=datetime(2026, 11, 16, 12, 0, tzinfo=UTC))
    page = owner_client.get(f"/people/{kenji.pk}/compose").content.decode()
    assert "Three times that suit you both (20 minutes)" in page
    assert page.count('class="free-slot"') == 3
    # 08:00-19:00 in Tokyo is 23:00-10:00 in London: Monday's free morning is taken, Tuesday 09:00 fits.
    assert "Tue 17 Nov 2026 18:00-18:20 JST" in page and "Tue 17 Nov 2026 09:00-09:20 GMT for you" in page
    assert "Mon 16 Nov 2026 09:00" not in page
    assert "Your busy times from your calendar" in page
    assert 'data-copy-from="#free-slots-text"' in page
    message = _message(page)
    assert "JST" not in message and "GMT" not in message and "Nov 2026" not in message
    assert "Every rule passes." in page  # the request's word limit is untouched


def test_the_schedule_page_offers_the_same_times(owner_client, kenji, fixed_clock) -> None:
    page = owner_client.get(f"/people/{kenji.pk}/schedule").content.decode()
    assert "Three times that suit you both (20 minutes)" in page
    assert page.count('class="free-slot"') == 3
    assert "No calendar connected" in page


def test_without_their_zone_the_page_says_your_time_only(owner, owner_client, fixed_clock) -> None:
    set_setting(owner, "timezone", "Europe/London")
    dana = add_person(owner, NewPerson("Dana Reyes", organization="The Tribune"))
    page = owner_client.get(f"/people/{dana.pk}/compose").content.decode()
    assert "Free times to suggest, 20 minutes, in your time only" in page
    assert "has no time zone on file" in page


def test_the_settings_page_asks_for_working_hours_and_days(owner_client) -> None:
    page = owner_client.get("/settings/").content.decode()
    assert 'name="work_hours"' in page and 'value="09:00-17:00"' in page
    assert 'name="work_days"' in page and 'value="mon-fri"' in page


def test_the_person_page_links_to_the_suggested_times(owner_client, kenji) -> None:
    page = owner_client.get(f"/people/{kenji.pk}/").content.decode()
    assert f'href="/people/{kenji.pk}/schedule#h-free-slots">Suggest times</a>' in page
