"""The WSGI application, for ``coffeechat serve`` and for any WSGI server one person prefers (one database
serves one person: see README, "Where your data lives")."""

from coffeechat.bootstrap import start

start()

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
