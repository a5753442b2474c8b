"""Logging in with the one-time link that ``coffeechat serve`` (or ``coffeechat login-link``) prints."""

from __future__ import annotations

from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from coffeechat.web.requests import OwnerRequest


def _safe_next(request: HttpRequest) -> str | None:
    """The ``next`` page to go to after logging in, if it stays on this server; None otherwise."""
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                 require_https=request.is_secure()):
        return target
    return None


@login_not_required
def login_with_token(request: HttpRequest) -> HttpResponse:
    """Trade a one-time token for a session; anything else gets a page explaining how to log in."""
    from coffeechat.services.login import redeem_login_token

    if request.user.is_authenticated:
        return redirect(_safe_next(request) or "home")
    owner = redeem_login_token(request.GET.get("token", ""))
    if owner is None:
        return render(request, "coffeechat/login.html", status=403)
    login(request, owner, backend="django.contrib.auth.backends.ModelBackend")
    return redirect(_safe_next(request) or "home")


@require_POST
def logout_view(request: OwnerRequest) -> HttpResponse:
    """End the session; the page says how to get a new login link without restarting the server."""
    logout(request)
    return render(request, "coffeechat/login.html", {"logged_out": True})
