"""The request every logged-in view receives, typed: its user is the owner of the data.

``LoginRequiredMiddleware`` sends anyone else to the login page before a view runs (views open to all are
marked ``login_not_required`` and take a plain ``HttpRequest``), and django-htmx adds ``request.htmx``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django_htmx.middleware import HtmxDetails


class OwnerRequest(HttpRequest):
    """An ``HttpRequest`` after login: ``user`` is the owner whose data the view shows."""

    user: User
    htmx: HtmxDetails
