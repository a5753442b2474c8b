"""The one door from the command line to the web face: `coffeechat serve`, `demo` and `login-link` use it.

The CLI and the web face never import each other (see ``.importlinter``); this small module is the single,
declared exception. It holds no Click: a problem (a port already taken) is a ``UserError`` whose message the
command prints as one line. Nothing here starts Django; the caller has opened the practice already.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def serve(owner: User, *, port: int, open_browser: bool = False, threads: int = 8) -> None:
    """Serve the web app for ``owner`` on 127.0.0.1:``port`` (0 picks a free port) until Ctrl+C.

    Raises ``UserError`` when the port cannot be used.
    """
    from coffeechat.web.server import run_server

    run_server(owner, port=port, open_browser=open_browser, threads=threads)


def running_server() -> dict[str, Any] | None:
    """What the running server of this home wrote about itself (url, port, pid), or None."""
    from coffeechat.web.server import running_server as read_server_file

    return read_server_file()


def login_url(base_url: str, token: str) -> str:
    """The address that logs in with ``token`` on the server at ``base_url``."""
    from coffeechat.web.server import login_url as url

    return url(base_url, token)


def serve_centre(*, host: str, port: int, workers: int, threads: int) -> None:
    """Serve a career centre's app with gunicorn (``workers`` processes) on ``host:port`` until stopped.

    Raises ``UserError`` when the port cannot be used."""
    from coffeechat.web.server import run_centre_server

    run_centre_server(host=host, port=port, workers=workers, threads=threads)
