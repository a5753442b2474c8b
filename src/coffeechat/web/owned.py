"""The one way a view looks up an object by id: the request's owner's own, or 404.

Another user's id answers exactly like an id that does not exist, so an address reveals nothing about
anyone else's data.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.http import Http404

from coffeechat.models.base import Owned
from coffeechat.web.requests import OwnerRequest

M = TypeVar("M", bound=Owned)

# What the 404 page says for each kind of object, unless the view says otherwise.
MISSING = {
    "Person": "No such person in your network.",
    "Organization": "No such organisation.",
    "Conversation": "No such conversation.",
    "Goal": "No such goal.",
    "Task": "No such task.",
    "PlanItem": "No such question in your plans.",
}


def owned_or_404(model: type[M], request: OwnerRequest, pk: Any, *, related: Sequence[str] = (),
                 prefetch: Sequence[str] = (), message: str | None = None) -> M:
    """The object ``pk`` of ``model`` if the request's user owns it (with ``related`` joined and ``prefetch``
    fetched), else Http404 with ``message`` (or the kind's usual sentence). A pk that is not a number is
    missing too."""
    found = None
    if str(pk).isdigit():
        query = model.objects.owned_by(request.user)
        if related:
            query = query.select_related(*related)
        if prefetch:
            query = query.prefetch_related(*prefetch)
        found = query.filter(pk=int(pk)).first()
    if found is None:
        raise Http404(message or MISSING.get(model.__name__, "Nothing here."))
    return found
