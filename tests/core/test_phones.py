"""Phone numbers as stored (core/phones.py)."""

from __future__ import annotations

from coffeechat.core.phones import normalise_phone


def test_a_phone_field_longer_than_a_contact_point_holds_is_kept_to_300_characters() -> None:
    """A damaged file can put a whole paragraph in a phone column; what is stored fits the record."""
    assert len(normalise_phone("x" * 5000)) == 300
    assert normalise_phone("+1 (212) 555-0100") == "+1 212-555-0100"
