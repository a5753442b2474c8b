"""Commands that set things up: init, serve, demo."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from coffeechat.cli.context import OpenPractice, with_practice, with_practice_later

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _serve(owner: User, *, port: int, open_browser: bool, threads: int = 8) -> None:
    """Serve the web face through coffeechat/serving.py (the CLI never imports web/), a refusal as one line."""
    from coffeechat.core.errors import UserError
    from coffeechat.serving import serve as serve_web

    try:
        serve_web(owner, port=port, open_browser=open_browser, threads=threads)
    except UserError as error:
        raise click.ClickException(str(error)) from error


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print where the data lives as JSON.")
@with_practice
def init(_owner: User, as_json: bool) -> None:
    """Create (or upgrade) your database and say where your data lives.

    You rarely need this: every command sets the database up on first use.

    \b
    Example:
      coffeechat init
      coffeechat --home ~/Documents/coffeechat init
    """
    from coffeechat.home import describe_storage, home_folder

    if as_json:
        from coffeechat.cli.output import emit_json

        emit_json({"home": str(home_folder()), "storage": describe_storage()})
        return
    click.echo(f"Your coffeechat data is ready in {describe_storage()}.")
    click.echo(f"Home folder: {home_folder()}")


@click.command()
@click.option("--port", default=8765, show_default=True, help="Port on 127.0.0.1 to listen on (0 picks a free one).")
@click.option("--open/--no-open", "open_browser", default=False, help="Open the login link in your browser.")
@click.option("--threads", default=8, show_default=True, help="Requests served at once (per process).")
@click.option("--workers", type=click.IntRange(min=1, max=64), default=1, show_default=True,
              help="Processes for a career centre's server (2 or more: gunicorn on PostgreSQL; "
                   "see docs/deployment.md). 1 is the app for you alone.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="With --workers 2 or more: the address to listen on (keep 127.0.0.1 behind a proxy).")
@with_practice_later
def serve(open_owner: OpenPractice, port: int, open_browser: bool, threads: int, workers: int, host: str) -> None:
    """Start the web app on this computer only (127.0.0.1) and print a login link.

    The link logs you in once, within 10 minutes; `coffeechat login-link` prints a new one while the server
    runs (after "Log out", say). Keep the terminal open while you use the app, and press Ctrl+C to stop:
    stopping logs you out.

    A career centre serving many students runs it with --workers 2 or more: gunicorn with that many
    processes against the PostgreSQL database in COFFEECHAT_DATABASE_URL, signing sessions with
    COFFEECHAT_SECRET_KEY (or COFFEECHAT_SECRET_KEY_FILE) so several servers can share the load, and
    `coffeechat worker` beside it to send the mail (docs/deployment.md).

    \b
    Examples:
      coffeechat serve --open
      coffeechat serve --port 9000
      coffeechat serve --workers 4 --port 8000
    """
    if workers == 1:
        if host != "127.0.0.1":
            raise click.UsageError("the app for you alone listens on 127.0.0.1 only; --host goes with --workers 2 "
                                   "or more (a career centre's server)")
        _serve(open_owner(), port=port, open_browser=open_browser, threads=threads)
        return
    _serve_centre(open_owner, host=host, port=port, workers=workers, threads=threads)


def _serve_centre(open_owner: OpenPractice, *, host: str, port: int, workers: int, threads: int) -> None:
    """Check what several processes on several machines need, start Django (migrating), then gunicorn."""
    import os

    from coffeechat.core.errors import UserError
    from coffeechat.home import database_url

    url = database_url() or ""
    if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
        raise click.ClickException(
            "--workers 2 or more serves a career centre from PostgreSQL: set COFFEECHAT_DATABASE_URL="
            "postgres://user@host:5432/coffeechat (see docs/deployment.md)")
    if not (os.environ.get("COFFEECHAT_SECRET_KEY") or os.environ.get("COFFEECHAT_SECRET_KEY_FILE")):
        raise click.ClickException(
            "every app server must sign sessions with the same key: set COFFEECHAT_SECRET_KEY_FILE (a file "
            "holding a long random key) or COFFEECHAT_SECRET_KEY (see docs/deployment.md)")
    if port == 0:
        raise click.UsageError("give the port the proxy sends to: --port 8000")
    os.environ.setdefault("COFFEECHAT_MODE", "centre")
    open_owner()
    from coffeechat.services.queue import ensure_queue_table
    from coffeechat.serving import serve_centre

    ensure_queue_table()

    try:
        serve_centre(host=host, port=port, workers=workers, threads=threads)
    except UserError as error:
        raise click.ClickException(str(error)) from error


@click.command(name="login-link")
@click.option("--port", type=int, default=None,
              help="The port the server listens on, if coffeechat cannot tell (it reads <home>/server.json).")
@click.option("--open/--no-open", "open_browser", default=False, help="Open the link in your browser.")
@click.option("--json", "as_json", is_flag=True, help='Print {"url": …, "expires_in_minutes": …} instead.')
@with_practice_later
def login_link(open_owner: OpenPractice, port: int | None, open_browser: bool, as_json: bool) -> None:
    """Print a new one-time link that logs you in to the running `coffeechat serve`.

    Use it after "Log out", or when the link the server printed has expired (links work once, for 10
    minutes). The server keeps running; a new link retires any unused earlier one. Give the same --home as
    the server if you started it with one.

    \b
    Examples:
      coffeechat login-link
      coffeechat login-link --open
      coffeechat --home ~/Documents/coffeechat login-link
    """
    import socket

    from coffeechat.home import home_folder
    from coffeechat.serving import login_url, running_server

    if port is None:
        found = running_server()
        if found is None or not isinstance(found.get("port"), int):
            raise click.ClickException(
                f"no coffeechat server is running for {home_folder()}. Start one with: coffeechat serve "
                "(it prints a login link). If it runs with another --home, give that --home here too."
            )
        port = int(found["port"])
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            pass
    except OSError as error:
        raise click.ClickException(
            f"nothing answers on 127.0.0.1:{port}: the server has stopped. Start it again with: coffeechat serve"
        ) from error
    owner = open_owner()
    from coffeechat.services.login import LINK_LIFETIME, issue_login_token

    link = login_url(f"http://127.0.0.1:{port}", issue_login_token(owner))
    minutes = int(LINK_LIFETIME.total_seconds() // 60)
    if as_json:
        from coffeechat.cli.output import emit_json

        emit_json({"url": link, "expires_in_minutes": minutes})
    else:
        click.echo(f"Open this link to log in (it works once, within {minutes} minutes): {link}")
    if open_browser:
        import webbrowser

        webbrowser.open(link)


DEMO_MARKER = "coffeechat-demo"


def _demo_home() -> Path:
    from coffeechat.run_options import home_override

    chosen = home_override()
    if chosen is not None:
        return chosen
    from platformdirs import user_data_dir

    return Path(user_data_dir("coffeechat-demo", appauthor=False))


@click.command()
@click.option("--serve/--no-serve", "then_serve", default=True, help="Serve the demo after building it.")
@click.option("--port", default=8765, show_default=True, help="Port for the web app.")
@click.option("--open/--no-open", "open_browser", default=False, help="Open the login link in your browser.")
@click.option("--seed", default=2026, show_default=True, help="Change it for a different, still repeatable, demo.")
@with_practice_later
def demo(open_owner: OpenPractice, then_serve: bool, port: int, open_browser: bool, seed: int) -> None:
    """Build a lived-in example practice in a separate folder and open it.

    The demo never touches your own data: it lives in its own home folder (or the --home you give, if that
    folder holds no real practice). Running it again rebuilds it from scratch.

    \b
    Examples:
      coffeechat demo
      coffeechat demo --no-serve
    """
    home = _demo_home()
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    from dataclasses import replace

    from coffeechat import run_options

    run_options.use(replace(run_options.current(), home=home.resolve()))
    from coffeechat.home import database_url, sqlite_path

    marker = home / DEMO_MARKER
    if not database_url() and sqlite_path().exists():
        if not marker.exists():
            raise click.ClickException(
                f"{home} already holds a practice that is not a demo; the demo will not overwrite it. "
                "Choose another folder with --home."
            )
        for suffix in ("", "-wal", "-shm"):
            Path(str(sqlite_path()) + suffix).unlink(missing_ok=True)
    owner = open_owner()
    from coffeechat.services.demo import DemoRefused, build_demo

    try:
        summary = build_demo(owner, seed=seed, progress=lambda text: click.echo(f"  {text}"))
    except DemoRefused as error:
        raise click.ClickException(str(error)) from error
    marker.write_text("This folder holds coffeechat demo data; `coffeechat demo` may rebuild it.\n")
    click.echo(f"Demo practice ready in {home}: {summary}.")
    if then_serve:
        _serve(owner, port=port, open_browser=open_browser)


COMMANDS = (init, serve, login_link, demo)
