"""Database models by topic. Models describe data; services own transactions."""

from surveyapp.models.instrument import Instrument
from surveyapp.models.org import Desk, DeskCode, Procedure, Unit
from surveyapp.models.response import Answer, Choice, Response
from surveyapp.models.user import User

__all__ = [
    "Answer",
    "Choice",
    "Desk",
    "DeskCode",
    "Instrument",
    "Procedure",
    "Response",
    "Unit",
    "User",
]
