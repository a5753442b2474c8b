"""coffeechat's data model. Every row belongs to an owner; every query goes through ``owned_by``."""

from coffeechat.models.account import ActionState, LoginToken, UserSetting
from coffeechat.models.base import Owned, OwnedQuerySet
from coffeechat.models.centre import (
    Account,
    AdvisorComment,
    AdvisorView,
    AlumniOffer,
    AlumniRequest,
    Consent,
    Device,
    Invitation,
    LoginAttempt,
    PasswordReset,
    Role,
    SharedItem,
)
from coffeechat.models.conversations import Conversation, Goal, Message, Referral, Task, Touch
from coffeechat.models.growth import GoalReflection, MentorshipDismissal, Milestone
from coffeechat.models.learning import Insight, Note, PlanItem, Question
from coffeechat.models.network import ContactPoint, Organization, Person, Tag
from coffeechat.models.sync import CalendarEvent, CalendarSource, MailAccount, MailSeen

__all__ = [
    "Account",
    "ActionState",
    "AdvisorComment",
    "AdvisorView",
    "AlumniOffer",
    "AlumniRequest",
    "CalendarEvent",
    "CalendarSource",
    "Consent",
    "ContactPoint",
    "Conversation",
    "Device",
    "Goal",
    "GoalReflection",
    "Insight",
    "Invitation",
    "LoginAttempt",
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
    "PasswordReset",
    "Person",
    "PlanItem",
    "Question",
    "Referral",
    "Role",
    "SharedItem",
    "Tag",
    "Task",
    "Touch",
    "UserSetting",
]
