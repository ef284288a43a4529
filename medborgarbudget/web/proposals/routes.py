import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...extensions import db
from ...models import Proposal, Round
from ...services import proposals as service
from ..util import commit_or_error, login_required
from . import bp
from .forms import ProposalForm


@bp.route("/omgangar/<int:round_id>/forslag/nytt", methods=["GET", "POST"])
@login_required
def new(round_id: int):
    """Write a new proposal: save it as a draft or submit it at once."""
    rnd = db.get_or_404(Round, round_id)
    if not rnd.accepts_proposals:
        flash(_("Omgången tar inte emot förslag just nu."), "error")
        return redirect(url_for("public.round_page", round_id=rnd.id))
    form = ProposalForm().for_round(rnd)
    if form.validate_on_submit():
        ok, proposal = commit_or_error(form, lambda: service.create_proposal(
            rnd, current_user, submit=form.submit.data, **form.values()))
        if ok:
            flash(_("Ditt förslag är inskickat. Tack!") if form.submit.data
                  else _("Ditt utkast är sparat. Skicka in det när du är klar."), "success")
            return redirect(url_for("public.proposal", proposal_id=proposal.id))
    return render_template("proposals/edit.html", form=form, round=rnd, proposal=None)


@bp.route("/forslag/<int:proposal_id>/andra", methods=["GET", "POST"])
@login_required
def edit(proposal_id: int):
    """The author edits their proposal while the proposal phase lasts."""
    proposal = _own_proposal(proposal_id)
    if not proposal.round.accepts_proposals or proposal.state not in service.EDITABLE_STATES:
        flash(_("Förslaget kan inte längre ändras."), "error")
        return redirect(url_for("public.proposal", proposal_id=proposal.id))
    form = ProposalForm(obj=proposal).for_round(proposal.round)
    if not form.is_submitted():
        form.category.data = proposal.category.value
        form.district_id.data = str(proposal.district_id)
    if form.validate_on_submit():
        ok, _result = commit_or_error(form, lambda: service.update_proposal(
            proposal, current_user, submit=form.submit.data, **form.values()))
        if ok:
            flash(_("Ändringarna är sparade."), "success")
            return redirect(url_for("public.proposal", proposal_id=proposal.id))
    return render_template("proposals/edit.html", form=form, round=proposal.round,
                           proposal=proposal)


@bp.route("/forslag/<int:proposal_id>/skicka-in", methods=["POST"])
@login_required
def submit(proposal_id: int):
    """Submit a saved draft."""
    proposal = _own_proposal(proposal_id)
    ok, _result = commit_or_error(None, lambda: service.submit_proposal(proposal, current_user))
    if ok:
        flash(_("Ditt förslag är inskickat. Tack!"), "success")
    return redirect(url_for("public.proposal", proposal_id=proposal.id))


@bp.route("/mina-forslag")
@login_required
def mine():
    """The proposals I have written, in every state, with what happened to them."""
    mine = db.session.scalars(sa.select(Proposal).where(Proposal.author_id == current_user.id)
                              .order_by(Proposal.created_at.desc())).all()
    return render_template("proposals/mine.html", proposals=mine)


def _own_proposal(proposal_id: int) -> Proposal:
    proposal = db.get_or_404(Proposal, proposal_id)
    if proposal.author_id != current_user.id:
        abort(403)
    return proposal
