"""coffeechat: run your whole informational-interview practice in one place."""

__version__ = "0.1.0"
