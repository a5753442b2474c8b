"""Serving the web app on 127.0.0.1 with waitress, and the one-time login link."""

from __future__ import annotations

import socket
import sys
import webbrowser
from typing import Any

import click


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run_server(owner: Any, *, port: int, open_browser: bool = False, threads: int = 8) -> None:
    """Listen on 127.0.0.1:``port`` until Ctrl+C, after printing a login link for ``owner``."""
    from waitress.server import create_server

    from coffeechat.home import describe_storage
    from coffeechat.services.login import issue_login_token
    from coffeechat.web.wsgi import application

    chosen = port or _free_port()
    try:
        server = create_server(application, host="127.0.0.1", port=chosen, threads=threads, ident="coffeechat")
    except OSError as error:
        raise click.ClickException(
            f"cannot listen on 127.0.0.1:{chosen} ({error.strerror}). Is coffeechat already running? "
            "Try another port: coffeechat serve --port 0"
        ) from error
    token = issue_login_token(owner)
    link = f"http://127.0.0.1:{chosen}/login?token={token}"
    click.echo(f"coffeechat is serving {describe_storage()}")
    click.echo(f"Open this link to log in (it works once): {link}")
    click.echo("Press Ctrl+C to stop.")
    sys.stdout.flush()
    if open_browser:
        webbrowser.open(link)
    try:
        server.run()
    except KeyboardInterrupt:
        click.echo("Stopped.")
    finally:
        server.close()
