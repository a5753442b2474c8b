"""Mail in the background (services/queue.py): at once for a local user, queued for a centre's worker,
tried again with growing waits, given up on and listed, never sent twice."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coffeechat.services.preferences import set_setting
from coffeechat.services.queue import (
    ATTEMPTS,
    MailNotSent,
    enqueue_mail,
    queue_status,
    queued,
    retry_delay,
    run_worker,
)
from smtp_inbox import free_port


@pytest.fixture
def centre(settings, transactional_db, smtp_server):
    """A centre's settings: mail waits in the database and goes out through the centre's SMTP server."""
    inbox, port = smtp_server
    settings.COFFEECHAT_MODE = "centre"
    settings.COFFEECHAT_QUEUE = "database"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.DEFAULT_FROM_EMAIL = "careers@centre.example"
    return inbox


def _rows():
    from django_tasks_db.models import DBTaskResult

    return sorted(DBTaskResult.objects.all(), key=lambda row: row.args_kwargs["kwargs"]["attempt"])


def test_a_local_user_has_no_worker_so_mail_goes_at_once(owner, smtp_server) -> None:
    inbox, port = smtp_server
    set_setting(owner, "smtp_host", "127.0.0.1")
    set_setting(owner, "smtp_port", str(port))
    set_setting(owner, "smtp_security", "none")
    set_setting(owner, "your_email", "sam@example.edu")
    assert not queued()
    enqueue_mail("dana@tribune.example", "Hello", "Hi Dana")
    assert [(sender, rcpt, m["Subject"]) for sender, rcpt, m in inbox.received] == [
        ("sam@example.edu", ["dana@tribune.example"], "Hello")]
    assert _rows() == []


def test_sent_at_once_a_failure_reaches_the_caller(owner) -> None:
    set_setting(owner, "smtp_host", "127.0.0.1")
    set_setting(owner, "smtp_port", str(free_port()))  # nothing listens there
    set_setting(owner, "your_email", "sam@example.edu")
    with pytest.raises(MailNotSent, match="could not send the mail to dana@tribune.example"):
        enqueue_mail("dana@tribune.example", "Hello", "Hi Dana")


def test_a_centre_queues_and_one_worker_run_sends_each_mail_once(centre) -> None:
    assert queued()
    enqueue_mail("a@students.example", "Welcome", "Your invitation")
    enqueue_mail("b@students.example", "Reset", "Your link")
    assert centre.received == []  # nothing leaves while the page answers
    assert queue_status().waiting == 2
    run_worker(once=True)
    assert sorted((rcpt[0], m["Subject"], m["From"]) for _, rcpt, m in centre.received) == [
        ("a@students.example", "Welcome", "careers@centre.example"),
        ("b@students.example", "Reset", "careers@centre.example")]
    run_worker(once=True)  # a second run finds nothing to send
    assert len(centre.received) == 2
    status = queue_status()
    assert (status.waiting, status.running, status.sent, status.given_up) == (0, 0, 2, [])


def test_a_failed_send_is_tried_again_with_growing_waits_then_given_up_and_listed(centre, settings) -> None:
    settings.EMAIL_PORT = free_port()  # the centre's mail server is down
    start = datetime.fromisoformat("2026-11-12T15:00:00+00:00")
    with time_machine.travel(start, tick=False) as traveller:
        enqueue_mail("a@students.example", "Welcome", "Your invitation")
        for attempt in range(1, ATTEMPTS + 1):
            run_worker(once=True)
            rows = _rows()
            assert len(rows) == min(attempt + 1, ATTEMPTS)
            if attempt < ATTEMPTS:
                waiting = rows[-1]
                assert waiting.status == "READY" and waiting.args_kwargs["kwargs"]["attempt"] == attempt + 1
                assert waiting.run_after == datetime.now(start.tzinfo) + retry_delay(attempt)
                run_worker(once=True)  # not due yet: nothing happens
                assert len(_rows()) == attempt + 1
                traveller.move_to(waiting.run_after + timedelta(seconds=1))
    assert [retry_delay(n) for n in range(1, ATTEMPTS)] == [timedelta(minutes=m) for m in (1, 4, 16, 64)]
    status = queue_status()
    assert (status.waiting, status.retrying, status.sent, status.failed_attempts) == (0, 0, 0, ATTEMPTS)
    [given_up] = status.given_up
    assert (given_up["to"], given_up["subject"], given_up["attempts"]) == ("a@students.example", "Welcome", "5")
    assert "gave up after 5 attempts" in given_up["error"]
    assert len({row.args_kwargs["kwargs"]["mail_id"] for row in _rows()}) == 1  # one mail, five attempts
    assert centre.received == []


@pytest.mark.postgres
def test_on_postgresql_a_worker_claims_a_mail_with_skip_locked(centre) -> None:
    enqueue_mail("a@students.example", "Welcome", "Your invitation")
    with CaptureQueriesContext(connection) as queries:
        run_worker(once=True)
    claims = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    assert claims and all(sql.rstrip().endswith("FOR UPDATE SKIP LOCKED") for sql in claims)
    assert len(centre.received) == 1
