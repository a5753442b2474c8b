"""One spelling per phone number, so the same number typed or imported two ways is stored once.

A number that the ``phonenumbers`` library can read (with the user's country for numbers written without
``+``) is stored in its international form: "(212) 555-0100" and "212.555.0100" with country US both become
"+1 212-555-0100". A number it cannot read is kept as the user wrote it (blanks tidied): coffeechat never
drops a number it does not understand. Two spellings that cannot be read still count as one number when
their digits are the same.
"""

from __future__ import annotations

from functools import lru_cache

import phonenumbers


@lru_cache(maxsize=4096)
def normalise_phone(text: str, country: str = "") -> str:
    """The stored spelling of a phone number; ``country`` is an ISO code such as "US" or "" for none.

    >>> normalise_phone("+1 (212) 555-0100")
    '+1 212-555-0100'
    >>> normalise_phone("212.555.0100", "US")
    '+1 212-555-0100'
    >>> normalise_phone("ext. 12")
    'ext. 12'
    """
    # A contact point holds 300 characters (models.ContactPoint.value); no phone number is longer.
    tidy = " ".join(text.split())[:300]
    if not tidy:
        return ""
    region = country.strip().upper() or None
    try:
        number = phonenumbers.parse(tidy, region)
    except phonenumbers.NumberParseException:
        return tidy
    if not phonenumbers.is_possible_number(number):
        return tidy
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_key(text: str, country: str = "") -> str:
    """What two spellings of one number share: the normalised form's digits (and a leading +)."""
    spelled = normalise_phone(text, country)
    digits = "".join(ch for ch in spelled if ch.isdigit())
    return ("+" + digits) if spelled.startswith("+") else digits


def unique_phones(phones: list[str] | tuple[str, ...], country: str = "") -> list[str]:
    """The numbers normalised, each once, in the order first given; blanks dropped."""
    seen: dict[str, str] = {}
    for raw in phones:
        spelled = normalise_phone(raw, country)
        if spelled:
            seen.setdefault(phone_key(spelled, country) or spelled, spelled)
    return list(seen.values())
