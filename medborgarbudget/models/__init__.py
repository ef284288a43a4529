"""The database models, one module per aggregate."""

from .accessibility import BarrierReport
from .audit import AuditEntry
from .dialogue import Comment, Question, Report
from .evaluation import (
    QuestionKind,
    Survey,
    SurveyMarker,
    SurveyQuestion,
    SurveyResponse,
    SurveyState,
)
from .mail import MailMessage, RoundSubscription
from .proposal import (
    PUBLIC_STATES,
    Category,
    EventKind,
    FollowUp,
    FollowUpStatus,
    Proposal,
    ProposalEvent,
    ProposalState,
    Review,
)
from .result import Result, ResultFile, SignedResult
from .round import PHASE_ORDER, BallotRule, District, Influence, Phase, Round, TallyRule
from .statistics import Gender, GenderCount
from .user import Role, User
from .voting import Ballot, BallotChain, Channel, Participation, RollEntry, VotingCode

__all__ = [
    "AuditEntry", "Ballot", "BallotChain", "BallotRule", "Category", "Channel", "District",
    "EventKind", "FollowUp", "FollowUpStatus", "Gender", "GenderCount", "Influence",
    "MailMessage", "PHASE_ORDER",
    "PUBLIC_STATES", "Participation", "Phase", "Proposal", "ProposalEvent", "ProposalState",
    "Result", "ResultFile", "Review", "Role", "RollEntry", "Round", "RoundSubscription",
    "SignedResult", "TallyRule", "User", "VotingCode", "QuestionKind", "Survey", "SurveyMarker",
    "SurveyQuestion", "SurveyResponse", "SurveyState", "Comment", "Question", "Report",
    "BarrierReport",
]
