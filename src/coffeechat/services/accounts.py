"""Who the data belongs to: the silent local owner in single-user mode."""

from __future__ import annotations

from django.contrib.auth.models import User

LOCAL_USERNAME = "local"


def local_owner() -> User:
    """The single user of a local installation, created on first use without asking anything."""
    user, created = User.objects.get_or_create(username=LOCAL_USERNAME)
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user
