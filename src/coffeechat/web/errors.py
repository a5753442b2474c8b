"""What the web app answers when a request cannot be carried out: a page with one clear message, never a 500.

``UserErrorMiddleware`` catches what a view lets escape: a ``UserError`` (bad input the service refused)
becomes 400 with its message; a form holding a NUL character is refused with 400 before the view runs
(PostgreSQL cannot store one); a mail header with a line break becomes 400; a database another process
kept locked past the timeout becomes 503 saying so. Anything else is a bug and stays a 500.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from django.http import HttpRequest, HttpResponse

from coffeechat.core.errors import BUSY_MESSAGE, UserError


def problem_page(message: str, status: int) -> HttpResponse:
    """A minimal page (and htmx-friendly fragment) that says what went wrong and how to go back."""
    body = (f'<!doctype html><meta charset="utf-8"><title>Not done</title><main><p class="problem" role="alert">'
            f'{escape(message)}</p><p><a href="javascript:history.back()">Go back</a> and try again; what you '
            f'typed is still in the form.</p></main>')
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


class UserErrorMiddleware:
    """Turns expected failures escaping a view into 400 / 503 answers with a message."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        """Refuse a form holding a NUL character (PostgreSQL cannot store one; nobody types one)."""
        if request.method != "POST" or not (request.content_type or "").startswith(
                ("application/x-www-form-urlencoded", "multipart/form-data")):
            return None
        for name, values in request.POST.lists():
            if any("\x00" in value for value in values):
                return problem_page(f"{name}: the text contains a NUL character (\\0), which cannot be stored; "
                                    "remove it and send again.", 400)
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.core.mail import BadHeaderError
        from django.db import OperationalError

        if isinstance(exception, UserError):
            return problem_page(str(exception), 400)
        if isinstance(exception, BadHeaderError):
            return problem_page("A mail subject (or other header) must be a single line: remove the line break.", 400)
        if isinstance(exception, OperationalError) and "locked" in str(exception).lower():
            return problem_page(f"Not saved: {BUSY_MESSAGE}.", 503)
        return None
