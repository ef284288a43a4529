"""The database models, one module per aggregate."""

from .audit import AuditEntry
from .proposal import (
    PUBLIC_STATES,
    Category,
    EventKind,
    Proposal,
    ProposalEvent,
    ProposalState,
    Review,
)
from .round import PHASE_ORDER, BallotRule, District, Influence, Phase, Round, TallyRule
from .user import Role, User

__all__ = [
    "AuditEntry", "BallotRule", "Category", "District", "EventKind", "Influence", "PHASE_ORDER",
    "PUBLIC_STATES", "Phase", "Proposal", "ProposalEvent", "ProposalState", "Review", "Role",
    "Round", "TallyRule", "User",
]
