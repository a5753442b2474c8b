"""Mail in the background (issue 15 §8): ``enqueue_mail`` and the worker that sends it.

In a career centre (``COFFEECHAT_MODE=centre``) a mail is a row in the database (django-tasks-db) and
``coffeechat worker`` sends it, so a slow SMTP server never slows a page. Several workers may run, on
several machines: each claims a row with ``SELECT … FOR UPDATE SKIP LOCKED`` and marks it running in the
same transaction, so no two workers ever take the same mail. A failed send is tried again later (after 1,
4, 16 and 64 minutes); after the fifth failure the mail is given up and stays in the table as failed, with
its error, for ``coffeechat worker --status`` to show. Nothing is dropped silently.

A local user has no worker, so in local mode (or with ``COFFEECHAT_QUEUE=immediate``) the mail is sent at
once, in the same call, and a failure is raised to the caller, who can tell the user. (This is what
django-tasks' ImmediateBackend would do, except that it keeps the error in a result object; calling the
sender directly hands the error to the page or command that can show it.)

Exactly once, and its one limit: a worker that dies after the SMTP server accepted a mail but before it
wrote "sent" leaves the row "running"; that mail is never sent again by itself (at most once), and
``--status`` lists it as in doubt.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus, task

logger = logging.getLogger("coffeechat.queue")

ATTEMPTS = 5
FIRST_RETRY = timedelta(minutes=1)
BACKOFF_FACTOR = 4
DATABASE_BACKEND = "database"
MAIL_TASK = "coffeechat.services.queue.deliver_mail"


class MailNotSent(RuntimeError):
    """Sending at once (local mode) failed; the message says why."""


class MailGivenUp(RuntimeError):
    """The last attempt of a queued mail failed: it stays in the queue's table as failed."""


def queued() -> bool:
    """True when mail waits for ``coffeechat worker`` (a centre), False when it is sent at once."""
    return str(getattr(settings, "COFFEECHAT_QUEUE", "immediate")).strip().lower() == DATABASE_BACKEND


def ensure_queue_table() -> None:
    """Create the queue's table if this database predates it (coffeechat's own migrations were current, so
    the start-up check did not migrate); quick when it exists."""
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    meta = DBTaskResult._meta
    if meta.db_table not in connection.introspection.table_names():
        from django.core.management import call_command

        call_command("migrate", meta.app_label, interactive=False, verbosity=0)


def retry_delay(attempt: int) -> timedelta:
    """How long to wait after failed attempt number ``attempt`` (1, 4, 16, 64 minutes)."""
    return FIRST_RETRY * (BACKOFF_FACTOR ** (attempt - 1))


def _centre_connection() -> tuple[Any, str]:
    """The centre's own SMTP server (Django's EMAIL_* settings, from the environment) and its sender."""
    from django.core.mail import get_connection

    from coffeechat.services.mail import MailRefused, clear_auth_refusal

    security = "ssl" if settings.EMAIL_USE_SSL else "starttls" if settings.EMAIL_USE_TLS else "none"
    refusal = clear_auth_refusal(settings.EMAIL_HOST, security, settings.EMAIL_HOST_PASSWORD)
    if refusal:
        raise MailRefused(refusal)
    return get_connection("django.core.mail.backends.smtp.EmailBackend"), settings.DEFAULT_FROM_EMAIL


def _local_connection() -> tuple[Any, str]:
    """The local user's own SMTP settings (``coffeechat settings set smtp_host …``) and their address."""
    from coffeechat.services.accounts import local_owner
    from coffeechat.services.mail import MailNotSetUp, smtp_connection
    from coffeechat.services.preferences import all_settings

    owner = local_owner()
    values = all_settings(owner)
    sender = values["your_email"] or values["smtp_username"]
    if not sender or "@" not in sender:
        raise MailNotSetUp("say which address mail comes from: coffeechat settings set your_email you@example.com")
    if values["your_name"]:
        sender = f"{values['your_name']} <{sender}>"
    return smtp_connection(owner), sender


def send_now(to: str, subject: str, body: str, mail_id: str) -> None:
    """Hand one message to the SMTP server. It counts as sent once the server accepted it: a failure
    while saying goodbye afterwards is logged, never a reason to send it again."""
    from django.core.mail import EmailMessage

    centre = getattr(settings, "COFFEECHAT_MODE", "local") == "centre"
    connection, sender = _centre_connection() if centre else _local_connection()
    message = EmailMessage(subject=subject, body=body, from_email=sender, to=[to], connection=connection,
                           headers={"Message-ID": f"<{mail_id}@coffeechat>"})
    connection.open()
    try:
        if connection.send_messages([message]) != 1:
            raise MailNotSent(f"the mail server did not accept the mail to {to}")
    finally:
        try:
            connection.close()
        except Exception as error:  # accepted already; closing is not sending
            logger.warning("closing the SMTP connection after mail %s failed: %s", mail_id, error)


@task()
def deliver_mail(to: str, subject: str, body: str, mail_id: str = "", attempt: int = 1) -> str:
    """The queued task: send, or put the next attempt on the queue with a longer wait and fail this one."""
    mail_id = mail_id or uuid.uuid4().hex
    try:
        send_now(to, subject, body, mail_id)
    except Exception as error:  # only ever run by a worker, from the database: it always tries again
        if attempt >= ATTEMPTS:
            logger.error("gave up on mail %s to %s after %d attempts: %s", mail_id, to, attempt, error)
            raise MailGivenUp(f"gave up after {attempt} attempts: {error}") from error
        wait = retry_delay(attempt)
        deliver_mail.using(backend=DATABASE_BACKEND, run_after=timezone.now() + wait).enqueue(
            to, subject, body, mail_id=mail_id, attempt=attempt + 1)
        logger.warning("mail %s to %s failed (attempt %d of %d), trying again in %s: %s",
                       mail_id, to, attempt, ATTEMPTS, wait, error)
        raise
    return mail_id


def enqueue_mail(to: str, subject: str, body: str) -> None:
    """Send one plain-text mail from the server: queued for the worker in a centre, at once otherwise.

    Sent at once, a failure raises ``MailNotSent`` (or ``MailNotSetUp``) with the reason. Queued inside a
    transaction, the mail is queued only if that transaction commits."""
    mail_id = uuid.uuid4().hex
    if queued():
        deliver_mail.using(backend=DATABASE_BACKEND).enqueue(to, subject, body, mail_id=mail_id, attempt=1)
        return
    from coffeechat.services.mail import MailNotSetUp

    try:
        send_now(to, subject, body, mail_id)
    except MailNotSetUp:
        raise
    except Exception as error:
        raise MailNotSent(f"could not send the mail to {to}: {error}") from error


@dataclass(frozen=True)
class QueueStatus:
    """What the mail queue holds: counts by state, and the mails given up or in doubt."""

    waiting: int
    retrying: int
    running: int
    sent: int
    failed_attempts: int
    given_up: list[dict[str, str]]
    in_doubt: list[dict[str, str]]

    def as_json(self) -> dict[str, Any]:
        return {"waiting": self.waiting, "retrying": self.retrying, "running": self.running, "sent": self.sent,
                "failed_attempts": self.failed_attempts, "given_up": self.given_up, "in_doubt": self.in_doubt}


IN_DOUBT_AFTER = timedelta(minutes=10)


def queue_status() -> QueueStatus:
    """Counts of queued mail by state; the mails given up (last attempt failed) and those in doubt."""
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.filter(task_path=MAIL_TASK)
    moment = timezone.now()
    ready = rows.filter(status=TaskResultStatus.READY)

    def summary(row: Any) -> dict[str, str]:
        kwargs = row.args_kwargs.get("kwargs", {})
        args = row.args_kwargs.get("args", [])
        return {"id": str(kwargs.get("mail_id", row.id)), "to": str(args[0] if args else ""),
                "subject": str(args[1] if len(args) > 1 else ""), "attempts": str(kwargs.get("attempt", 1)),
                "error": (row.traceback.strip().splitlines() or [""])[-1],
                "at": (row.finished_at or row.started_at or row.enqueued_at).isoformat()}

    given_up = [summary(row) for row in rows.filter(status=TaskResultStatus.FAILED,
                                                    exception_class_path=f"{__name__}.MailGivenUp")[:50]]
    in_doubt = [summary(row) for row in rows.filter(status=TaskResultStatus.RUNNING,
                                                    started_at__lt=moment - IN_DOUBT_AFTER)[:50]]
    return QueueStatus(
        waiting=ready.filter(args_kwargs__kwargs__attempt=1).count(),
        retrying=ready.filter(args_kwargs__kwargs__attempt__gt=1).count(),
        running=rows.filter(status=TaskResultStatus.RUNNING).count(),
        sent=rows.filter(status=TaskResultStatus.SUCCESSFUL).count(),
        failed_attempts=rows.filter(status=TaskResultStatus.FAILED).count(),
        given_up=given_up, in_doubt=in_doubt,
    )


def run_worker(*, once: bool = False, interval: float = 1.0, worker_id: str = "") -> None:
    """Send queued mail until stopped: Ctrl+C or SIGTERM lets the mail in hand finish, then stops (a second
    Ctrl+C stops at once). ``once`` sends what is due now and returns."""
    from django.utils.crypto import get_random_string
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(queue_names=["*"], interval=interval, batch=once, backend_name=DATABASE_BACKEND,
                    startup_delay=not once, max_tasks=None, worker_id=worker_id or get_random_string(32),
                    excluded_queue_names=[])
    worker.configure_signals()
    try:
        worker.run()
    finally:
        worker.reset_signals()
