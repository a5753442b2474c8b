"""The server's background sync: one round reads every account and keeps going past a failing one (whose
error is stored on it); 0 minutes means no thread; the thread stops when asked."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from coffeechat.models import ContactPoint, MailSeen, Person
from coffeechat.services.mail_accounts import accounts, connect
from coffeechat.web.background import DEFAULT_MINUTES, BackgroundSync, start_background, sync_minutes, sync_round
from mail_folders import ME, Mail, make_maildir

pytestmark = pytest.mark.django_db


def test_a_round_syncs_every_account_and_reports_a_failing_one(owner: Any, person: Person, tmp_path: Path,
                                                               fixed_clock: datetime) -> None:
    ContactPoint.objects.create(owner=owner, person=person, kind="email", value="dana@tribune.example")
    request = Mail("req-1@me.example", ME, "dana@tribune.example", fixed_clock - timedelta(days=3), "Questions")
    connect(owner, kind="maildir", inbox=str(make_maildir(tmp_path / "A", sent=[request])), name="home")
    gone = make_maildir(tmp_path / "B")
    connect(owner, kind="maildir", inbox=str(gone), name="work")
    shutil.rmtree(gone)
    problems = sync_round(owner)
    assert len(problems) == 1 and problems[0].startswith("mail work:") and "does not exist" in problems[0]
    assert MailSeen.objects.owned_by(owner).get().recorded == "request"
    home, work = accounts(owner)
    assert (home.last_synced_at, home.last_error) == (fixed_clock, "")
    assert work.last_synced_at is None and "does not exist" in work.last_error


def test_no_thread_when_turned_off_and_the_thread_stops(owner: Any) -> None:
    assert sync_minutes(owner) == DEFAULT_MINUTES
    off = start_background(owner, minutes=0)
    assert not off.thread.is_alive()
    off.stop()
    loop = BackgroundSync(owner, 60)
    loop.stopping.set()  # asked to stop before it starts: the thread ends without a round
    loop.start()
    loop.stop(timeout=30)
    assert not loop.thread.is_alive()


def test_a_round_reads_the_calendars_too(owner: Any, fixed_clock: datetime) -> None:
    from coffeechat.services.calendar_sync import connect as connect_calendar
    from coffeechat.services.calendar_sync import sources

    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "calendar" / "google.ics"
    connect_calendar(owner, kind="ics_file", location=str(fixture))
    assert sources(owner)[0].last_synced_at is None
    assert sync_round(owner) == []
    assert sources(owner)[0].last_synced_at == fixed_clock
