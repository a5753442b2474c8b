"""`coffeechat worker`: send the mail a career centre's server has queued (docs/deployment.md)."""

from __future__ import annotations

import click

from coffeechat.cli.context import OpenPractice, with_practice_later
from coffeechat.cli.output import emit_json


@click.command(name="worker")
@click.option("--once", is_flag=True, help="Send the mail that is due now, then stop (for scripts and cron).")
@click.option("--status", "show_status", is_flag=True,
              help="Do not send: say what the queue holds, and list mail given up or in doubt.")
@click.option("--interval", type=click.FloatRange(min=0.1, max=60), default=1.0, show_default=True,
              help="Seconds to wait before looking again when nothing is due.")
@click.option("--json", "as_json", is_flag=True, help="With --status: print it as JSON.")
@with_practice_later
def worker(open_owner: OpenPractice, once: bool, show_status: bool, interval: float, as_json: bool) -> None:
    """Send the mail a career centre's server has queued: invitations, password resets, alumni requests.

    Only a career centre (COFFEECHAT_MODE=centre) queues mail; on your own computer coffeechat sends
    it at once and needs no worker. Run one worker (or several, on any machines that reach the same
    database) next to `coffeechat serve --workers N`. Each mail is sent once, by one worker; a failed send
    is tried again after 1, 4, 16 and 64 minutes, then given up and listed by --status. Every hour (and
    with --once, once) it also reminds alumni of requests open 7 days and expires those open 14 days, as
    `coffeechat centre alumni-tick` does. Press Ctrl+C to stop: the mail being sent finishes first.

    \b
    Examples:
      coffeechat worker
      coffeechat worker --once
      coffeechat worker --status --json
    """
    if as_json and not show_status:
        raise click.UsageError("--json goes with --status")
    open_owner()
    from coffeechat.services.queue import ensure_queue_table, queue_status, queued, run_worker

    ensure_queue_table()

    if show_status:
        status = queue_status()
        if as_json:
            emit_json(status.as_json())
            return
        click.echo(f"Waiting: {status.waiting}; waiting to try again: {status.retrying}; "
                   f"being sent: {status.running}; sent: {status.sent}.")
        for title, rows in (("Given up", status.given_up), ("In doubt (a worker stopped while sending)",
                                                           status.in_doubt)):
            if rows:
                click.echo(f"{title}:")
                for row in rows:
                    click.echo(f"  {row['at'][:16]}  to {row['to']}: {row['subject']} ({row['error']})")
        return
    if not queued():
        click.echo("Note: this server sends mail at once (COFFEECHAT_MODE is not centre, or COFFEECHAT_QUEUE is "
                   "immediate), so nothing new will wait here; sending what is already queued.", err=True)
    import threading

    from coffeechat.services.alumni import expire_requests, start_hourly_rounds
    from coffeechat.services.centre_accounts import centre_mode

    if once:
        if centre_mode():
            expire_requests()
        run_worker(once=True, interval=interval)
        return
    click.echo("Sending queued mail; press Ctrl+C to stop.", err=True)
    stopping = threading.Event()
    if centre_mode():
        start_hourly_rounds(stopping)
    try:
        run_worker(interval=interval)
    except SystemExit as stop:  # the worker's own signal handler ends the loop with SystemExit
        if stop.code not in (0, None):
            raise
    finally:
        stopping.set()
    click.echo("Worker stopped.", err=True)


COMMANDS = (worker,)
