"""`{% load links %}`: Django finds template libraries in the app's own ``templatetags`` package; the filters
themselves live with the web face, in ``coffeechat.web.templatetags.links``."""

from coffeechat.web.templatetags.links import register

__all__ = ["register"]
