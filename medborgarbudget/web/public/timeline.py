"""A round's timeline: every phase, when it ran, what happened in it, and what comes next."""

import sqlalchemy as sa
from flask import render_template

from ...extensions import db
from ...models import (
    PHASE_ORDER,
    AuditEntry,
    BallotChain,
    Participation,
    Phase,
    Proposal,
    ProposalState,
    RollEntry,
    Round,
)
from ...services.follow_up import progress
from ...services.results import document, round_result
from . import bp
from .routes import public_state_counts


def started(rnd: Round) -> dict[Phase, object]:
    """When the round moved into each phase it has reached (from the audit log)."""
    moves = db.session.execute(
        sa.select(AuditEntry.details, AuditEntry.at).where(
            AuditEntry.round_id == rnd.id, AuditEntry.action == "round.phase_advanced")
        .order_by(AuditEntry.id)).all()
    return {Phase(details["phase"][1]): at for details, at in moves}


@bp.route("/omgangar/<int:round_id>/tidslinje")
def timeline(round_id: int):
    rnd = db.get_or_404(Round, round_id)
    states = public_state_counts(rnd)
    hidden = db.session.scalar(sa.select(sa.func.count()).select_from(Proposal).where(
        Proposal.round_id == rnd.id, Proposal.hidden.is_(True))) or 0
    facts = {
        "proposals": sum(states.values()) + hidden,
        "feasible": sum(states.get(s, 0) for s in (ProposalState.FEASIBLE,
                                                   ProposalState.SELECTED,
                                                   ProposalState.NOT_SELECTED)),
        "not_feasible": states.get(ProposalState.NOT_FEASIBLE, 0),
        "hidden": hidden,
    }
    if rnd.phase.index >= Phase.VOTING.index:
        roll = db.session.scalar(sa.select(sa.func.count()).select_from(RollEntry)
                                 .where(RollEntry.round_id == rnd.id)) or 0
        voted = db.session.scalar(sa.select(sa.func.count()).select_from(Participation)
                                  .where(Participation.round_id == rnd.id)) or 0
        facts.update(roll=roll, voted=voted, turnout=voted / roll if roll else None,
                     chain=db.session.get(BallotChain, rnd.id))
    result = round_result(rnd) if rnd.phase.index >= Phase.RESULTS.index else None
    if result is not None:
        districts = document(result)["districts"]
        facts.update(winners=sum(len(d["outcome"]["selected"]) for d in districts),
                     counted_at=result.counted_at, progress=progress(rnd))
    return render_template("public/timeline.html", round=rnd, phases=PHASE_ORDER,
                           started=started(rnd), facts=facts)
