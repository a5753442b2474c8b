"""Login sessions as a whole: the server ends them all when it stops."""

from __future__ import annotations


def end_all_sessions() -> int:
    """Delete every stored login session; how many went. Call it only when no server on this data runs."""
    from django.contrib.sessions.models import Session

    return int(Session.objects.all().delete()[0])
