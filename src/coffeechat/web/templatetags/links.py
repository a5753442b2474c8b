"""Template filters for addresses: only an http(s) address may go into an ``href``.

Use in a template::

    {% load links %}
    {% with url=person.linkedin_url|web_url %}
      {% if url %}<a href="{{ url }}" rel="noopener noreferrer">{{ url }}</a>{% else %}{{ person.linkedin_url }}{% endif %}
    {% endwith %}
"""

from __future__ import annotations

from django import template

from coffeechat.core.links import web_url as _web_url

register = template.Library()


@register.filter(name="web_url")
def web_url(value: object) -> str:
    """The address if it is an http(s) URL, else "" (so a javascript: or data: address never becomes a link)."""
    return _web_url(value if isinstance(value, str) else None)
