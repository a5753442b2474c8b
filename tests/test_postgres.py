"""The PostgreSQL pass really runs on PostgreSQL (so a green run means both databases work)."""

from __future__ import annotations

import pytest
from django.db import connection

from coffeechat.services.people import NewPerson, add_person, find_person

pytestmark = pytest.mark.postgres


def test_the_suite_is_talking_to_postgresql(owner) -> None:
    assert connection.vendor == "postgresql"
    add_person(owner, NewPerson("Zoë Ødegaard", organization="Quarry Labs"))
    assert find_person(owner, "ødegaard").full_name == "Zoë Ødegaard"
