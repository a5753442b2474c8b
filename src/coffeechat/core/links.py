"""Which text may become a link: only a plain web address (http or https).

Anything else a person could have typed or an old file could carry — ``javascript:``, ``data:``,
``vbscript:``, ``file:``, a scheme hidden behind spaces or control characters — is never turned into a
link anywhere in coffeechat (templates, Markdown export, vCard). It stays plain text or is left out.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

WEB_SCHEMES = frozenset({"http", "https"})
MAX_URL_LENGTH = 2048


def _has_hidden_characters(text: str) -> bool:
    """True if the text holds whitespace or control/format characters (browsers skip some of them)."""
    return any(ch.isspace() or unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co", "Cn"} for ch in text)


def is_web_url(text: str | None) -> bool:
    """True if ``text`` (surrounding blanks ignored) is an absolute http:// or https:// address with a host.

    >>> is_web_url("https://example.org/a?b=1")
    True
    >>> is_web_url("javascript:alert(1)")
    False
    >>> is_web_url("www.example.org")  # no scheme: not a link as written
    False
    """
    if not isinstance(text, str):
        return False
    url = text.strip()
    if not url or len(url) > MAX_URL_LENGTH or _has_hidden_characters(url) or "\\" in url:
        return False
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - a malformed port raises ValueError
    except ValueError:
        return False
    if parts.scheme.lower() not in WEB_SCHEMES or not host:
        return False
    return url.lower().startswith(("http://", "https://"))


def web_url(text: str | None) -> str:
    """The address itself (blanks trimmed) when it is a safe web URL, else ``""``."""
    if text is None or not is_web_url(text):
        return ""
    return text.strip()
