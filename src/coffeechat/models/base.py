"""The owner every row carries, and the query set that scopes every query to it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class OwnedQuerySet(models.QuerySet[Any]):
    """Rows of one owner. Services start every query with ``Model.objects.owned_by(user)``."""

    def owned_by(self, owner: User) -> OwnedQuerySet:
        """Only the rows that belong to ``owner``."""
        return self.filter(owner=owner)


OwnedManager = models.Manager.from_queryset(OwnedQuerySet)


class Owned(models.Model):
    """Abstract base: a row that belongs to one user, created and last changed at known times."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedManager()

    class Meta:
        abstract = True
