"""The Django app that holds coffeechat's models, templates and static files."""

from django.apps import AppConfig


class CoffeechatConfig(AppConfig):
    name = "coffeechat"
    verbose_name = "coffeechat"
    default_auto_field = "django.db.models.BigAutoField"
