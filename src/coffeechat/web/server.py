"""Serving the web app on 127.0.0.1 with waitress, and the one-time login link.

Each run of the server is a world of its own: its cookies carry the port and the home in their names
(browsers send 127.0.0.1's cookies to every port), its sessions are signed with a key made for this run
only, and the sessions end when it stops. While it runs, ``<home>/server.json`` (readable by the user
alone) holds its address, so ``coffeechat login-link`` can print a new link after the user logs out.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import signal
import socket
import webbrowser
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coffeechat.core.errors import UserError

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def storage_tag() -> str:
    """A short, stable name for where this server's data lives (its home, or its database URL)."""
    from coffeechat.home import database_url, home_folder

    where = database_url() or str(home_folder())
    return hashlib.sha256(where.encode()).hexdigest()[:10]


def configure_run(port: int) -> None:
    """Give this run its own cookie names and its own signing key, so no earlier session survives it."""
    from django.conf import settings

    tag = f"{port}_{storage_tag()}"
    settings.SESSION_COOKIE_NAME = f"coffeechat_session_{tag}"
    settings.CSRF_COOKIE_NAME = f"coffeechat_csrf_{tag}"
    settings.SECRET_KEY = secrets.token_urlsafe(50)


def running_server() -> dict[str, Any] | None:
    """What ``<home>/server.json`` says about the running server (url, port, pid), or None."""
    from coffeechat.home import server_file

    try:
        found = json.loads(server_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) and isinstance(found.get("url"), str) else None


def _write_server_file(url: str, port: int) -> Path:
    from coffeechat.home import server_file
    from coffeechat.safe_files import write_file

    path = server_file()
    # The one atomic writer (0600, never through a link); our own file, so no record and no question.
    write_file(path, json.dumps({"url": url, "port": port, "pid": os.getpid()}), checked=True, record=False)
    return path


def _forget_server_file() -> None:
    from coffeechat.home import server_file

    found = running_server()
    if found is not None and found.get("pid") == os.getpid():
        server_file().unlink(missing_ok=True)


def _another_server_alive() -> bool:
    """True when server.json names a different server that still answers on its port."""
    found = running_server()
    if found is None or found.get("pid") == os.getpid() or not isinstance(found.get("port"), int):
        return False
    try:
        with socket.create_connection(("127.0.0.1", found["port"]), timeout=1):
            return True
    except OSError:
        return False


def end_sessions() -> int:
    """Delete the stored sessions, unless another server on the same data still runs; how many went."""
    if _another_server_alive():
        return 0
    from coffeechat.services.sessions import end_all_sessions

    return end_all_sessions()


def _stop_on_terminate(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def login_url(base_url: str, token: str) -> str:
    """The address that logs in with ``token`` on the server at ``base_url``."""
    return f"{base_url}/login?token={token}"


def login_link_command() -> str:
    """The command that prints a new link for this server, with the --home it was started with."""
    from coffeechat.run_options import home_override

    home = home_override()
    if home and not os.environ.get("COFFEECHAT_DATABASE_URL"):
        from shlex import quote

        return f"coffeechat --home {quote(str(home))} login-link"
    return "coffeechat login-link"


def _say(text: str) -> None:
    print(text, flush=True)


def run_server(owner: User, *, port: int, open_browser: bool = False, threads: int = 8) -> None:
    """Listen on 127.0.0.1:``port`` until Ctrl+C (or a termination signal), after printing a login link.

    Raises ``UserError`` when the port cannot be used (the command prints it as one line)."""
    from waitress.server import create_server

    from coffeechat.home import describe_storage
    from coffeechat.services.login import LINK_LIFETIME, issue_login_token
    from coffeechat.web.wsgi import application

    chosen = port or _free_port()
    try:
        server = create_server(application, host="127.0.0.1", port=chosen, threads=threads, ident="coffeechat")
    except OSError as error:
        raise UserError(
            f"cannot listen on 127.0.0.1:{chosen} ({error.strerror}). Is coffeechat already running? "
            "Try another port: coffeechat serve --port 0"
        ) from error
    chosen = int(server.effective_port)
    configure_run(chosen)
    # A career centre (COFFEECHAT_MODE=centre) served by one process: accounts log in with their email and
    # password, so there is no one-time link, no mail read for the local user, and a restart logs nobody out.
    from coffeechat.services.centre_accounts import centre_mode

    centre = centre_mode()
    if not centre:
        end_sessions()
    base = f"http://127.0.0.1:{chosen}"
    _write_server_file(base, chosen)
    previous = signal.signal(signal.SIGTERM, _stop_on_terminate)
    from coffeechat.web.background import start_background

    # Mail (and calendar) read every few minutes while serving, for the one local user.
    background = start_background(owner, enabled=not centre)
    try:
        _say(f"coffeechat is serving {describe_storage()}")
        if centre:
            link = f"{base}/login"
            _say(f"Career centre: open {link} and log in with your email and password.")
            _say("Press Ctrl+C to stop; sessions stay valid for the next start.")
        else:
            link = login_url(base, issue_login_token(owner))
            minutes = int(LINK_LIFETIME.total_seconds() // 60)
            _say(f"Open this link to log in (it works once, within {minutes} minutes): {link}")
            _say("Need another link later (after logging out, or if it expired)? In another terminal: "
                 f"{login_link_command()}")
            _say("Press Ctrl+C to stop; stopping logs everyone out.")
        if open_browser:
            webbrowser.open(link)
        server.run()  # returns on Ctrl+C or a termination signal (waitress catches the interrupt)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        background.stop()
        server.close()
        _forget_server_file()
        if not centre:
            end_sessions()
    _say("Stopped." if centre else "Stopped; the login sessions of this run have ended.")


# --- A career centre's app server (issue 15 §8-9): gunicorn, several processes, one PostgreSQL. ----------


def _check_bind(host: str, port: int) -> None:
    """Raise ``UserError`` now, in one line, when ``host:port`` cannot be listened on."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as error:
        raise UserError(f"cannot listen on {host}:{port} ({error.strerror}). Is another server using it? "
                        "Choose another --port.") from error


def gunicorn_options(*, host: str, port: int, workers: int, threads: int, timeout: int = 30) -> dict[str, Any]:
    """The gunicorn settings `coffeechat serve --workers N` runs with (docs/deployment.md lists them)."""
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return {
        "bind": [address],
        "workers": workers,
        "worker_class": "gthread",  # each process serves ``threads`` requests at once
        "threads": threads,
        "timeout": timeout,
        "graceful_timeout": timeout,
        "preload_app": True,  # Django starts (and checks its database) once, before the processes fork
        "proc_name": "coffeechat",
        "errorlog": "-",
        "loglevel": "info",
        "forwarded_allow_ips": os.environ.get("COFFEECHAT_FORWARDED_ALLOW_IPS", "127.0.0.1,::1"),
    }


def run_centre_server(*, host: str, port: int, workers: int, threads: int = 4) -> None:
    """Serve the app with gunicorn on ``host:port`` with ``workers`` processes until SIGTERM or Ctrl+C.

    Django is already started (and the database migrated) in this process; its connections are closed
    before gunicorn forks, so no two processes share one. Raises ``UserError`` when the port is taken."""
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    from coffeechat.home import describe_storage
    from coffeechat.web.wsgi import application

    _check_bind(host, port)
    options = gunicorn_options(host=host, port=port, workers=workers, threads=threads)

    class CentreServer(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)
            if "control_socket_disable" in self.cfg.settings:
                # gunicorn 25+: no control socket in the user's home (two servers on a machine would share it)
                self.cfg.set("control_socket_disable", True)

        def load(self) -> Any:
            return application

    connections.close_all()
    _say(f"coffeechat (career centre) is serving {describe_storage()} on http://{options['bind'][0]} "
         f"with {workers} processes; SIGTERM or Ctrl+C stops it.")
    CentreServer().run()
