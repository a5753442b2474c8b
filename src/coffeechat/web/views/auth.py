"""Logging in with the one-time link that ``coffeechat serve`` prints."""

from __future__ import annotations

from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST


@login_not_required
def login_with_token(request: HttpRequest) -> HttpResponse:
    """Trade a one-time token for a session; anything else gets a page explaining how to log in."""
    from coffeechat.services.login import redeem_login_token

    if request.user.is_authenticated:
        return redirect("home")
    owner = redeem_login_token(request.GET.get("token", ""))
    if owner is None:
        return render(request, "coffeechat/login.html", status=403)
    login(request, owner, backend="django.contrib.auth.backends.ModelBackend")
    return redirect(request.GET.get("next") or "home")


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """End the session; a new login link is needed to come back."""
    logout(request)
    return render(request, "coffeechat/login.html", {"logged_out": True})
