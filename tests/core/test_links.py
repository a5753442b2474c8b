"""Only http(s) addresses become links; every other scheme, however disguised, stays text."""

from __future__ import annotations

import pytest

from coffeechat.core.links import is_web_url, web_url


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org",
        "http://example.org/path?q=1#frag",
        "HTTPS://Example.ORG/Ana",
        "  https://www.linkedin.com/in/ana  ",
        "https://[::1]:8000/x",
        "https://bücher.example/",
    ],
)
def test_web_addresses_are_links(url: str) -> None:
    assert is_web_url(url)
    assert web_url(url) == url.strip()


@pytest.mark.parametrize(
    "url",
    [
        "",
        "   ",
        None,
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\x00javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "ftp://example.org/",
        "mailto:ana@example.org",
        "www.example.org",
        "//example.org/path",
        "/relative/path",
        "https://",
        "https:///nohost",
        "http:example.org",
        "https://exa mple.org",
        "https://example.org:99999999/",
        "https:\\\\evil.example",
        "https://example.org/\u202eevil",
        "https://example.org/" + "a" * 3000,
    ],
)
def test_everything_else_is_not_a_link(url: str | None) -> None:
    assert not is_web_url(url)
    assert web_url(url) == ""
