"""Following up the projects that won: dated updates, each project's timeline, the round's
progress, and a feed of what happens in a round."""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..models import FollowUp, FollowUpStatus, Phase, Proposal, ProposalState, Round, User
from ..models._types import utcnow
from . import notify
from .audit import log_action
from .errors import DomainError, PhaseError


def post_follow_up(proposal: Proposal, officer: User, status: FollowUpStatus, text: str,
                   spent: int, dated: date, reason: str | None = None) -> FollowUp:
    """Add a dated update to a selected project's timeline, and tell its author."""
    if proposal.round.phase.index < Phase.RESULTS.index:
        raise PhaseError(_l("Uppföljning börjar när resultatet är publicerat."))
    if proposal.state is not ProposalState.SELECTED:
        raise DomainError(_l("Bara förslag som vann följs upp."))
    if not (text or "").strip():
        raise DomainError(_l("Skriv vad som har hänt."), field="text")
    if spent is None or spent < 0:
        raise DomainError(_l("Ange hur mycket som har använts hittills, i hela kronor."),
                          field="spent")
    if dated > utcnow().date():
        raise DomainError(_l("Datumet kan inte ligga i framtiden."), field="dated")
    reason = (reason or "").strip() or None
    if status is FollowUpStatus.CANCELLED and reason is None:
        raise DomainError(_l("Skriv varför projektet avbröts."), field="reason")
    update = FollowUp(proposal=proposal, author_id=officer.id, status=status,
                      text=text.strip(), spent=spent, dated=dated, reason=reason)
    db.session.add(update)
    db.session.flush()
    log_action(officer, "proposal.follow_up", proposal, proposal.round, status=status.value,
               spent=spent, dated=dated.isoformat())
    notify.follow_up(update)
    return update


@dataclass
class Progress:
    selected: int
    done: int
    under_way: int
    cancelled: int
    spent: int
    budgeted: int


def progress(rnd: Round) -> Progress:
    """How far the round's winning projects have come, from each one's latest update."""
    won = [p for p in rnd.proposals if p.state is ProposalState.SELECTED]
    latest = [p.follow_ups[-1] if p.follow_ups else None for p in won]
    count = lambda status: sum(1 for f in latest if f and f.status is status)  # noqa: E731
    return Progress(len(won), count(FollowUpStatus.DONE), count(FollowUpStatus.UNDER_WAY),
                    count(FollowUpStatus.CANCELLED), sum(f.spent for f in latest if f),
                    sum(p.review.cost_estimate for p in won if p.review))
