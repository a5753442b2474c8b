"""A written vCard carries only web addresses as URLs: a javascript:, data: or vbscript: address from an
old backup is left out, and no value can add a property of its own."""

from __future__ import annotations

import pytest

from coffeechat.formats.contact import ContactRecord
from coffeechat.formats.vcard_write import CardToWrite, card_text


def card(**fields: object) -> list[str]:
    record = ContactRecord(line=1, source="vcard", full_name="Dana Reyes", **fields)  # type: ignore[arg-type]
    return card_text(CardToWrite("card-1", record)).split("\r\n")


def test_web_addresses_are_written_as_urls() -> None:
    lines = card(linkedin_url="https://www.linkedin.com/in/dana-reyes", urls=("http://dana.example/a,b",))
    assert [line for line in lines if line.startswith("URL")] == [
        "URL:https://www.linkedin.com/in/dana-reyes", "URL:http://dana.example/a%2Cb"]


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JavaScript:alert(document.cookie)", "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)", "file:///etc/passwd", "https://ok.example/\r\nEMAIL:evil@example.org",
])
def test_any_other_address_is_left_out(url: str) -> None:
    lines = card(linkedin_url=url, urls=(url, "https://kept.example"))
    assert [line for line in lines if line.startswith("URL")] == ["URL:https://kept.example"]
    assert not any(line.startswith("EMAIL") for line in lines)
    assert not any(line.lower().startswith(("url:javascript", "url:data", "url:vbscript")) for line in lines)
