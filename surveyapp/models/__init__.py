"""Database models by topic. Models describe data; services own transactions."""

from surveyapp.models.api_token import ApiToken
from surveyapp.models.audit import AuditRecord
from surveyapp.models.follow_up import FollowUpCase, FollowUpContact, FollowUpNote
from surveyapp.models.instrument import Instrument
from surveyapp.models.org import Desk, DeskCode, Procedure, Unit, UnitLineage, UnitType
from surveyapp.models.plan import Plan, PlanAction
from surveyapp.models.response import Answer, Choice, Response
from surveyapp.models.summary import BreakdownCount, PendingSummary, RatingCell
from surveyapp.models.user import User, user_units
from surveyapp.models.warning import DeskChart, EarlyWarning, Notice

__all__ = [
    "Answer",
    "ApiToken",
    "AuditRecord",
    "BreakdownCount",
    "Choice",
    "Desk",
    "DeskChart",
    "DeskCode",
    "FollowUpCase",
    "FollowUpContact",
    "FollowUpNote",
    "EarlyWarning",
    "Instrument",
    "Notice",
    "PendingSummary",
    "Plan",
    "PlanAction",
    "Procedure",
    "RatingCell",
    "Response",
    "Unit",
    "UnitLineage",
    "UnitType",
    "User",
    "user_units",
]
