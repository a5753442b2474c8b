"""The one family of errors a user can cause and fix: bad input, a file that is not what it claims.

Code raises a ``UserError`` (or a subclass) when the message is meant for the user and is enough on its
own; the faces print it as one line (CLI, exit status 1) or show it on the page (web, status 400).
Anything else that escapes is a programming error: the CLI says so in one line and points to ``--debug``.
``UserError`` derives from ``ValueError`` so code that already catches ``ValueError`` keeps working.
"""

from __future__ import annotations


class UserError(ValueError):
    """Something the user can fix: the message says what, in words they know."""


class NotFound(UserError):
    """The person, goal or file the user named does not exist."""


class Busy(UserError):
    """Another process holds the data for writing and did not let go in time."""


BUSY_MESSAGE = (
    "another coffeechat process (an import, the web app or another command) is writing to your data; "
    "try again in a moment"
)
