"""A student's practice for the consent tests (issue 15 §3, §7): a small career record with a private note,
plus journalism the advisors must never see (a source, a reporting conversation, their note and message).

The marker strings are what the tests look for in pages and views: a note's text must appear only at the
level "everything"; the source's strings never.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

CAREER_NOTE = "Dana said the night desk hires in spring"
CONVERSATION_NOTE = "Ask about the data fellowship"
SOURCE_NAME = "Quentin Whistle"
SOURCE_NOTE = "Whistle will confirm the budget leak"
SOURCE_SUBJECT = "Budget documents"
SOURCE_MARKERS = (SOURCE_NAME, SOURCE_NOTE, SOURCE_SUBJECT, "budget leak", "off the record")


def add_career_and_sources(student: Any, *, at: datetime | None = None) -> dict[str, Any]:
    """A career person with a request, a reply, a held conversation with notes, a late thank-you and a
    private note; and a journalism source with a reporting conversation, a note and a sent request."""
    from coffeechat.models import Conversation, Message, Note
    from coffeechat.services.clock import now
    from coffeechat.services.logbook import log_held, log_reply, log_sent, log_thanked
    from coffeechat.services.people import NewPerson, add_person
    from coffeechat.services.sources import mark_as_source

    moment = at or now()
    dana = add_person(student, NewPerson("Dana Reyes", organization="The Tribune", title="Data editor"))
    log_sent(student, dana, at=moment - timedelta(days=10))
    log_reply(student, dana, at=moment - timedelta(days=9))
    held = log_held(student, dana, at=moment - timedelta(days=6), notes=CONVERSATION_NOTE)
    log_thanked(student, dana, at=moment - timedelta(days=4))  # two days after: a late thank-you
    Note.objects.create(owner=student, person=dana, body=CAREER_NOTE)

    source = add_person(student, NewPerson(SOURCE_NAME, organization="City Hall", title="Budget clerk"))
    mark_as_source(student, source, "off the record until the vote")
    reporting = Conversation.objects.create(owner=student, person=source, purpose=Conversation.Purpose.REPORTING,
                                            state=Conversation.State.HELD, held_at=moment - timedelta(days=3),
                                            scheduled_at=moment - timedelta(days=3), notes=SOURCE_NOTE)
    Note.objects.create(owner=student, person=source, conversation=reporting, body=SOURCE_NOTE)
    Message.objects.create(owner=student, person=source, conversation=reporting, kind=Message.Kind.REQUEST,
                           status=Message.Status.SENT, subject=SOURCE_SUBJECT, body=SOURCE_NOTE,
                           sent_at=moment - timedelta(days=5))
    return {"dana": dana, "held": held, "source": source, "reporting": reporting}
