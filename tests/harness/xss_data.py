"""The XSS corpus, and a program that plants it in every field a user writes.

Run as its own process against a home (``python tests/harness/xss_data.py`` with ``COFFEECHAT_HOME`` set):
for each payload it adds, through the models (as an old backup or a bypassed check could leave them), a person,
an organisation, a tag, contact points, a goal, a held conversation with its note, insight, task, message,
plan item and a goal reflection, a milestone and a question — every text field holding the payload. It
prints a JSON map of the ids made, which the browser test visits.

Every payload is our own writing. Each one, if it ever ran, would call ``__pwn(N)`` (a canary the test
defines), open a dialog or change the title; ``{N}`` is the payload's number.
"""

from __future__ import annotations

import json
import sys
from typing import Any

PAYLOADS: tuple[str, ...] = (
    "<script>__pwn({N})</script>",
    "<img src=x onerror=__pwn({N}) data-xss={N}>",
    "<svg onload=__pwn({N}) data-xss={N}>",
    "<svg><script>__pwn({N})</script></svg>",
    '"><script>__pwn({N})</script>',
    "'><img src=x onerror=__pwn({N}) data-xss={N}>",
    '" onmouseover="__pwn({N})" data-xss="{N}',
    "' onfocus='__pwn({N})' autofocus data-xss='{N}",
    "javascript:__pwn({N})",
    "JaVaScRiPt:__pwn({N})",
    "\tjavascript:__pwn({N})",
    "java&#x09;script:__pwn({N})",
    "data:text/html,<script>__pwn({N})</script>",
    "vbscript:msgbox({N})",
    '<a href="javascript:__pwn({N})" data-xss={N}>x</a>',
    '<iframe src="javascript:__pwn({N})" data-xss={N}></iframe>',
    '<iframe srcdoc="<script>parent.__pwn({N})</script>" data-xss={N}></iframe>',
    "<body onload=__pwn({N}) data-xss={N}>",
    "<details open ontoggle=__pwn({N}) data-xss={N}>",
    "<input autofocus onfocus=__pwn({N}) data-xss={N}>",
    "<video><source onerror=__pwn({N}) data-xss={N}></video>",
    "<math><mtext><table><mglyph><style><img src=x onerror=__pwn({N}) data-xss={N}>",
    "</textarea><script>__pwn({N})</script>",
    "</title><script>__pwn({N})</script>",
    "</script><script>__pwn({N})</script>",
    "<style>@import 'javascript:__pwn({N})';</style>",
    '<object data="javascript:__pwn({N})" data-xss={N}></object>',
    '<embed src="javascript:__pwn({N})" data-xss={N}>',
    '<form action="javascript:__pwn({N})" data-xss={N}><button>go</button></form>',
    '<button formaction="javascript:__pwn({N})" data-xss={N}>x</button>',
    '<meta http-equiv="refresh" content="0;url=javascript:__pwn({N})" data-xss={N}>',
    '<base href="javascript:__pwn({N})//" data-xss={N}>',
    "{{7*7}}tpl{N}",
    "{{ request.user.password }}tpl{N}",
    "{% debug %}tpl{N}",
    "${7*7}tpl{N}",
    "#{7*7}tpl{N}",
    "<%= 7*7 %>tpl{N}",
    "`${__pwn({N})}`",
    "';__pwn({N});//",
    '";__pwn({N});//',
    '\\";__pwn({N});//',
    "</script><img src=x onerror=__pwn({N}) data-xss={N}>",
    '<div hx-get="/logout" hx-trigger="load" data-xss={N}>htmx</div>',
    '<div hx-on::load="__pwn({N})" hx-on:click="__pwn({N})" data-xss={N}>htmx</div>',
    '<img src="x" onerror="&#95;&#95;pwn({N})" data-xss={N}>',
    "<scr<script>ipt>__pwn({N})</scr</script>ipt>",
    "%3Cscript%3E__pwn({N})%3C/script%3E",
    "&lt;script&gt;__pwn({N})&lt;/script&gt;",
    '<noscript><p title="</noscript><img src=x onerror=__pwn({N}) data-xss={N}>">',
    '<a href=" &#14; javascript:__pwn({N})" data-xss={N}>x</a>',
    "[click me](javascript:__pwn({N}))",
    "<x onclick=__pwn({N}) data-xss={N}>click",
    "<marquee onstart=__pwn({N}) data-xss={N}>",
    "\u2028\u2029</script><script>__pwn({N})</script>",
    '<svg><a xlink:href="javascript:__pwn({N})" data-xss={N}><text>x</text></a></svg>',
    "<img src=x onerror=alert({N}) data-xss={N}>",
    "<script>document.title='PWNED{N}'</script>",
    "<template><script>__pwn({N})</script></template>",
    '<a href="data:text/html;base64,PHNjcmlwdD5fX3B3bigpPC9zY3JpcHQ+" data-xss={N}>x</a>',
)


def payload(number: int) -> str:
    """Payload ``number`` with its number filled in (so an execution says which one ran)."""
    return PAYLOADS[number].replace("{N}", str(number))


def plant(numbers: list[int]) -> dict[str, Any]:
    """Put the payloads in every user-written field; return the ids of what was made, per payload."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from coffeechat.bootstrap import start

    start()
    from coffeechat.models import (
        ContactPoint,
        Conversation,
        Goal,
        Insight,
        Message,
        Note,
        Organization,
        Person,
        Tag,
        Task,
    )
    from coffeechat.models.growth import GoalReflection, Milestone
    from coffeechat.models.learning import PlanItem, Question
    from coffeechat.services.accounts import local_owner

    owner = local_owner()
    now = timezone.now()
    made: dict[str, Any] = {}
    with transaction.atomic():
        for number in numbers:
            text = payload(number)
            # The imported files may have made the organisation already: it gets the other fields too.
            org, _ = Organization.objects.get_or_create(owner=owner, name=text[:200])
            org.website, org.notes = text[:200], text
            org.save()
            tag, _ = Tag.objects.get_or_create(owner=owner, name=f"{number}{text}"[:80])
            person = Person.objects.create(
                owner=owner, full_name=text[:200], first_name=text[:100], last_name=text[:100], organization=org,
                title=text[:200], location=text[:200], linkedin_url=text[:300], notes=text, ground_rules=text,
                is_source=number % 2 == 0, timezone="America/New_York",
            )
            person.tags.add(tag)
            for kind in (ContactPoint.Kind.EMAIL, ContactPoint.Kind.PHONE, ContactPoint.Kind.URL):
                ContactPoint.objects.create(owner=owner, person=person, kind=kind, value=text[:300], label=text[:60])
            goal = Goal.objects.create(owner=owner, title=text[:200], description=text, target_role=text[:200],
                                       interests=text)
            conversation = Conversation.objects.create(
                owner=owner, person=person, goal=goal, state=Conversation.State.HELD, held_at=now - timedelta(days=1),
                scheduled_at=now - timedelta(days=1), timezone="America/New_York", location=text[:300], notes=text,
            )
            upcoming = Conversation.objects.create(
                owner=owner, person=person, goal=goal, state=Conversation.State.SCHEDULED,
                scheduled_at=now + timedelta(days=2), timezone="America/New_York", location=text[:300], notes=text,
            )
            Note.objects.create(owner=owner, person=person, conversation=conversation, goal=goal, body=text)
            Insight.objects.create(owner=owner, person=person, conversation=conversation, goal=goal, text=text,
                                   theme=text[:80], skill=text[:80])
            Task.objects.create(owner=owner, title=text[:300], person=person, conversation=conversation,
                                due=now.date())
            Message.objects.create(owner=owner, person=person, organization=org, conversation=conversation,
                                   status=Message.Status.SENT, sent_at=now - timedelta(days=3), subject=text[:300],
                                   body=text, channel="email")
            PlanItem.objects.create(owner=owner, conversation=upcoming, position=1, text=text, category="story")
            Question.objects.create(owner=owner, text=text, category="story", tags=text[:300], goal=goal)
            GoalReflection.objects.create(owner=owner, goal=goal, body=text)
            milestone = Milestone.objects.create(owner=owner, title=text[:300], at=now)
            milestone.people.add(person)
            made[str(number)] = {"person": person.pk, "goal": goal.pk, "conversation": conversation.pk,
                                 "upcoming": upcoming.pk, "organization": org.pk}
    return made


# The fields each payload was written into (for the figure payloads × fields).
FIELDS = (
    "organization.name", "organization.website", "organization.notes", "tag.name", "person.full_name",
    "person.first_name", "person.last_name", "person.title", "person.location", "person.linkedin_url",
    "person.notes", "person.ground_rules", "email", "phone", "link", "contact label", "goal.title",
    "goal.description", "goal.target_role", "goal.interests", "conversation.location", "conversation.notes",
    "note.body", "insight.text", "insight.theme", "insight.skill", "task.title", "message.subject", "message.body",
    "plan item.text", "question.text", "question.tags", "goal reflection.body", "milestone.title",
    "LinkedIn CSV (first name, last name, URL, email, company, position)",
    "vCard (FN, N, ORG, TITLE, NOTE, URL, EMAIL, CATEGORIES)",
)


if __name__ == "__main__":
    wanted = [int(n) for n in sys.argv[1:]] or list(range(len(PAYLOADS)))
    print(json.dumps(plant(wanted)))
