"""Centre mode: remember each signed-in browser for the "Your devices" page (a no-op in local mode).

After each response of a logged-in user the browser's device row is recorded or its "last seen" moved —
at most once a minute, remembered in the session itself, so most requests cost no query at all.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

SEEN_KEY = "centre_device_seen"
EVERY_SECONDS = 60


def _trusted_proxies() -> set[str]:
    """The addresses whose ``X-Forwarded-For`` is believed: the same list gunicorn trusts (docs/deployment.md)."""
    listed = os.environ.get("COFFEECHAT_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
    return {item.strip() for item in listed.split(",") if item.strip()}


def client_address(request: HttpRequest) -> str:
    """The browser's address, for login limits and "your devices". Behind a trusted reverse proxy (one of
    ``COFFEECHAT_FORWARDED_ALLOW_IPS``) it is the last address the proxy added to ``X-Forwarded-For`` —
    otherwise every student would share the proxy's address, and its login limit."""
    peer = str(request.META.get("REMOTE_ADDR", ""))
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    if forwarded and peer in _trusted_proxies():
        last = forwarded.split(",")[-1].strip()
        if last:
            return last[:64]
    return peer[:64]


class DeviceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        from coffeechat.services.centre_accounts import centre_mode

        if not centre_mode():
            return response
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if user is None or session is None or not user.is_authenticated or not session.session_key:
            return response
        key = session.session_key
        mark = f"{key}:{int(time.time()) // EVERY_SECONDS}"
        if session.get(SEEN_KEY) == mark:
            return response
        from coffeechat.services.centre_accounts import touch_device

        touch_device(user, key, request.META.get("HTTP_USER_AGENT", ""), client_address(request))
        session[SEEN_KEY] = mark
        return response


def centre_context(request: HttpRequest) -> dict[str, object]:
    """For templates: ``centre_mode`` and ``centre_role`` (asked of the database only when a page uses it)."""
    from coffeechat.services.centre_accounts import centre_mode

    if not centre_mode():
        return {"centre_mode": False}
    from coffeechat.services.centre_accounts import role_of

    user = getattr(request, "user", None)
    return {"centre_mode": True, "centre_role": lambda: role_of(user)}
