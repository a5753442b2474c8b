"""Where a form sends the user back to: the page it was posted from, if that is one of ours."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


def back_or(request: HttpRequest, fallback: Any) -> HttpResponse:
    """Redirect to the form's ``next`` field when it is a path on this site (never another host), else to
    ``fallback`` (a URL name or path)."""
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(fallback)
