"""Who may open a career-centre page: ``@role_required("admin")`` (or several roles) above a view.

In local mode (one person, no accounts) every centre page is simply not there (404). In centre mode a
logged-in user whose account has none of the roles also gets 404: a page they may not use is, for them,
no page at all (the isolation test of issue 15 expects 404 for everything an outsider tries).
Anyone not logged in is sent to the login form first (``LoginRequiredMiddleware``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.http import Http404, HttpRequest

V = TypeVar("V", bound=Callable[..., Any])


def centre_only(view: V) -> V:
    """The view exists only in centre mode (any logged-in centre account may use it)."""

    @functools.wraps(view)
    def run(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        from coffeechat.services.centre_accounts import centre_mode

        if not centre_mode():
            raise Http404("not a career centre server")
        return view(request, *args, **kwargs)

    return run  # type: ignore[return-value]


def role_required(*roles: str) -> Callable[[V], V]:
    """Only users whose centre account has one of ``roles`` ("student", "advisor", "admin", "alumnus")."""
    if not roles:
        raise ValueError("role_required needs at least one role")

    def decorate(view: V) -> V:
        @functools.wraps(view)
        def run(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            from coffeechat.services.centre_accounts import centre_mode, role_of

            if not centre_mode():
                raise Http404("not a career centre server")
            if role_of(request.user) not in roles:
                raise Http404("no such page for this account")
            return view(request, *args, **kwargs)

        return run  # type: ignore[return-value]

    return decorate
