"""Proposals: residents write and submit them, officers moderate and review them."""

from typing import Any

from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..i18n import money
from ..models import (
    EventKind,
    Phase,
    Proposal,
    ProposalEvent,
    ProposalState,
    Review,
    Round,
    User,
)
from ..models._types import utcnow
from . import notify
from .audit import changes, log_action
from .errors import DomainError, FrozenError, NotAllowed, PhaseError

#: what the author writes
PROPOSAL_FIELDS = ("title", "summary", "description", "estimated_cost", "district_id",
                   "category", "place")
#: states in which the author may still edit
EDITABLE_STATES = (ProposalState.DRAFT, ProposalState.SUBMITTED)
#: states an officer can review from (a review can be corrected until voting opens)
REVIEWABLE_STATES = (ProposalState.SUBMITTED, ProposalState.UNDER_REVIEW,
                     ProposalState.FEASIBLE, ProposalState.NOT_FEASIBLE)


def add_event(proposal: Proposal, kind: EventKind, actor: User | None,
              note: str | None = None, **details: Any) -> ProposalEvent:
    """Record a change in the proposal's history, which its author can read, and tell them
    by email if someone else made it (services.notify)."""
    event = ProposalEvent(proposal=proposal, kind=kind, actor_id=actor.id if actor else None,
                          note=note, details=details)
    db.session.add(event)
    if kind in notify.TOLD:
        db.session.flush()  # the mail's key is the event's id
        notify.proposal_event(event)
    return event


def _check_values(rnd: Round, values: dict[str, Any]) -> None:
    district = next((d for d in rnd.districts if d.id == values["district_id"]), None)
    if district is None:
        raise DomainError(_l("Välj ett område i omgången."), field="district_id")
    if values["estimated_cost"] > district.budget:
        raise DomainError(_l("Kostnaden är större än områdets hela budget."),
                          field="estimated_cost")


def _refuse_unless_open(rnd: Round) -> None:
    if not rnd.accepts_proposals:
        raise PhaseError(_l("Omgången tar inte emot förslag just nu."))


def create_proposal(rnd: Round, author: User, submit: bool, **values: Any) -> Proposal:
    """A resident writes a proposal, saved as a draft or submitted at once."""
    _refuse_unless_open(rnd)
    values = {f: values.get(f) for f in PROPOSAL_FIELDS}
    _check_values(rnd, values)
    proposal = Proposal(round=rnd, author=author, state=ProposalState.DRAFT, **values)
    db.session.add(proposal)
    db.session.flush()
    add_event(proposal, EventKind.CREATED, author)
    if submit:
        submit_proposal(proposal, author)
    return proposal


def update_proposal(proposal: Proposal, author: User, submit: bool, **values: Any) -> None:
    """The author edits their proposal while the proposal phase lasts and no one reviews it."""
    _refuse_unless_author(proposal, author)
    _refuse_unless_open(proposal.round)
    if proposal.state not in EDITABLE_STATES:
        raise NotAllowed(_l("Förslaget granskas och kan inte längre ändras."))
    values = {f: values.get(f) for f in PROPOSAL_FIELDS}
    _check_values(proposal.round, values)
    changed = changes(proposal, values)
    if changed:
        add_event(proposal, EventKind.EDITED, author, fields=sorted(changed))
    if submit and proposal.state is ProposalState.DRAFT:
        submit_proposal(proposal, author)


def submit_proposal(proposal: Proposal, author: User) -> None:
    _refuse_unless_author(proposal, author)
    _refuse_unless_open(proposal.round)
    if proposal.state is not ProposalState.DRAFT:
        raise NotAllowed(_l("Förslaget är redan inskickat."))
    proposal.state = ProposalState.SUBMITTED
    proposal.submitted_at = utcnow()
    add_event(proposal, EventKind.SUBMITTED, author)


def _refuse_unless_author(proposal: Proposal, user: User) -> None:
    if proposal.author_id != user.id:
        raise NotAllowed(_l("Bara den som skrev förslaget kan ändra det."))


def _refuse_unless_reviewing(rnd: Round) -> None:
    if rnd.is_frozen:
        raise FrozenError(_l("Röstningen har öppnat: listan över förslag på röstsedeln kan inte "
                             "längre ändras."))
    if rnd.phase not in (Phase.PROPOSALS, Phase.REVIEW):
        raise PhaseError(_l("Förslag bedöms under förslags- och granskningsfaserna."))


def start_review(proposal: Proposal, officer: User) -> None:
    """An officer takes up a submitted proposal; from now on the author cannot edit it."""
    _refuse_unless_reviewing(proposal.round)
    if proposal.state is not ProposalState.SUBMITTED:
        raise DomainError(_l("Bara inskickade förslag kan tas upp för granskning."))
    proposal.state = ProposalState.UNDER_REVIEW
    add_event(proposal, EventKind.REVIEW_STARTED, officer)
    log_action(officer, "proposal.review_started", proposal, proposal.round)


def review_proposal(proposal: Proposal, officer: User, feasible: bool,
                    cost_estimate: int | None, reason: str | None) -> Review:
    """Decide whether a proposal is feasible (with the officer's cost) or not (with a reason)."""
    _refuse_unless_reviewing(proposal.round)
    if proposal.state not in REVIEWABLE_STATES:
        raise DomainError(_l("Förslaget är inte inskickat och kan inte bedömas."))
    reason = (reason or "").strip() or None
    if feasible:
        if not cost_estimate or cost_estimate <= 0:
            raise DomainError(_l("Ange kommunens kostnadsberäkning i hela kronor."),
                              field="cost_estimate")
        if cost_estimate > proposal.district.budget:
            raise DomainError(_l("Kostnaden ryms inte i områdets budget (%(budget)s).",
                                 budget=money(proposal.district.budget)),
                              field="cost_estimate")
    else:
        cost_estimate = None
        if reason is None:
            raise DomainError(_l("Skriv varför förslaget inte är genomförbart."), field="reason")
    review = proposal.review
    if review is None:
        review = Review(proposal=proposal, reviewer_id=officer.id, feasible=feasible,
                        cost_estimate=cost_estimate, reason=reason)
        db.session.add(review)
        changed = {"feasible": [None, feasible], "cost_estimate": [None, cost_estimate],
                   "reason": [None, reason]}
    else:
        changed = changes(review, {"feasible": feasible, "cost_estimate": cost_estimate,
                                   "reason": reason})
        if not changed:
            return review  # the same decision again: nothing to record
        review.reviewer_id = officer.id  # whoever changed it last answers for it
    proposal.state = ProposalState.FEASIBLE if feasible else ProposalState.NOT_FEASIBLE
    add_event(proposal, EventKind.FEASIBLE if feasible else EventKind.NOT_FEASIBLE, officer,
              note=reason, cost_estimate=cost_estimate)
    log_action(officer, "proposal.reviewed", proposal, proposal.round, **changed)
    return review


def hide_proposal(proposal: Proposal, officer: User, reason: str) -> None:
    """Moderation: hide the proposal from the public, with a reason its author sees."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Skriv varför förslaget döljs."), field="reason")
    if proposal.hidden:
        raise DomainError(_l("Förslaget är redan dolt."))
    if proposal.round.is_frozen and proposal.state is ProposalState.FEASIBLE:
        raise FrozenError(_l("Röstningen har öppnat: förslag på röstsedeln kan inte längre "
                             "döljas."))
    proposal.hidden, proposal.hidden_reason = True, reason
    add_event(proposal, EventKind.HIDDEN, officer, note=reason)
    log_action(officer, "proposal.hidden", proposal, proposal.round, reason=reason)


def unhide_proposal(proposal: Proposal, officer: User, reason: str | None = None) -> None:
    if not proposal.hidden:
        raise DomainError(_l("Förslaget är inte dolt."))
    if proposal.round.is_frozen and proposal.state is ProposalState.FEASIBLE:
        raise FrozenError(_l("Röstningen har öppnat: inga förslag kan läggas till på "
                             "röstsedeln."))
    reason = (reason or "").strip() or None
    proposal.hidden, proposal.hidden_reason = False, None
    add_event(proposal, EventKind.UNHIDDEN, officer, note=reason)
    log_action(officer, "proposal.unhidden", proposal, proposal.round, reason=reason)
