"""coffeechat's data model. Every row belongs to an owner; every query goes through ``owned_by``."""

from coffeechat.models.account import ActionState, LoginToken, UserSetting
from coffeechat.models.base import Owned, OwnedQuerySet
from coffeechat.models.conversations import Conversation, Goal, Message, Referral, Task, Touch
from coffeechat.models.growth import GoalReflection, MentorshipDismissal, Milestone
from coffeechat.models.learning import Insight, Note, PlanItem, Question
from coffeechat.models.network import ContactPoint, Organization, Person, Tag
from coffeechat.models.sync import CalendarEvent, CalendarSource, MailAccount, MailSeen

__all__ = [
    "ActionState",
    "CalendarEvent",
    "CalendarSource",
    "ContactPoint",
    "Conversation",
    "Goal",
    "GoalReflection",
    "Insight",
    "LoginToken",
    "MailAccount",
    "MailSeen",
    "MentorshipDismissal",
    "Message",
    "Milestone",
    "Note",
    "Organization",
    "Owned",
    "OwnedQuerySet",
    "Person",
    "PlanItem",
    "Question",
    "Referral",
    "Tag",
    "Task",
    "Touch",
    "UserSetting",
]
