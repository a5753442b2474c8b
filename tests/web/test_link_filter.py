"""The `web_url` template filter: an address goes into a link only when it is http(s)."""

from __future__ import annotations

import pytest
from django.template import Context, Template

LINK = ('{% load links %}{% with url=value|web_url %}{% if url %}<a href="{{ url }}">{{ url }}</a>'
        '{% else %}{{ value }}{% endif %}{% endwith %}')


@pytest.mark.parametrize(("value", "expected"), [
    ("https://www.linkedin.com/in/dana", '<a href="https://www.linkedin.com/in/dana">https://www.linkedin.com/in/dana</a>'),
    ("javascript:alert(1)", "javascript:alert(1)"),
    ("data:text/html,<b>x</b>", "data:text/html,&lt;b&gt;x&lt;/b&gt;"),
    (" vbscript:msgbox(1)", " vbscript:msgbox(1)"),
    (None, "None"),
])
def test_only_web_addresses_become_links(value: object, expected: str) -> None:
    assert Template(LINK).render(Context({"value": value})) == expected


def test_an_organisation_website_from_an_old_backup_is_shown_as_text(owner) -> None:
    from django.test import Client

    from coffeechat.models import Organization

    org = Organization.objects.create(owner=owner, name="Acme", website="javascript:alert(document.cookie)")
    client = Client()
    client.force_login(owner)
    page = client.get(f"/organizations/{org.pk}/").content.decode()
    assert "javascript:alert(document.cookie)" in page
    assert 'href="javascript:' not in page
    org.website = "https://acme.example/about"
    org.save()
    page = client.get(f"/organizations/{org.pk}/").content.decode()
    assert 'href="https://acme.example/about"' in page
