"""Comments on proposals, reports of comments, and questions about a round (issue 6, item 6).
Commenting and asking need an account (the author is named, and hears of answers); anyone may
report a comment."""

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...extensions import db, limiter
from ...models import Comment, Proposal, Round
from ...services import dialogue
from ..util import commit_or_error, config_limit, login_required
from . import bp
from .forms import CommentForm, QuestionForm, ReportForm
from .routes import proposal_page, round_page_for


def visible_proposal(proposal_id: int) -> Proposal:
    proposal = db.get_or_404(Proposal, proposal_id)
    if not proposal.is_public:
        abort(404)
    return proposal


@bp.route("/forslag/<int:proposal_id>/kommentarer", methods=["POST"])
@login_required
@limiter.limit(config_limit("LIMIT_IDENTIFY"))
def comment(proposal_id: int):
    proposal = visible_proposal(proposal_id)
    form = CommentForm()
    if form.validate_on_submit():
        ok, made = commit_or_error(form, lambda: dialogue.add_comment(
            proposal, current_user, form.body.data))
        if ok:
            flash(_("Tack! Din kommentar är publicerad."), "success")
            return redirect(url_for(".proposal", proposal_id=proposal.id,
                                    _anchor=f"kommentar-{made.id}"))
    return proposal_page(proposal, comment_form=form), 422


@bp.route("/forslag/<int:proposal_id>/anmal", methods=["POST"])
@limiter.limit(config_limit("LIMIT_IDENTIFY"))
def report(proposal_id: int):
    """Report a comment on the proposal: anyone may, an officer decides."""
    proposal = visible_proposal(proposal_id)
    form = ReportForm()
    if form.validate_on_submit():
        target = db.session.get(Comment, form.comment_id.data)
        if target is None or target.proposal_id != proposal.id:
            abort(404)
        reporter = current_user if current_user.is_authenticated else None
        ok, _r = commit_or_error(form, lambda: dialogue.report_comment(
            target, reporter, form.reason.data))
        if ok:
            flash(_("Tack! En handläggare tittar på kommentaren."), "success")
            return redirect(url_for(".proposal", proposal_id=proposal.id,
                                    _anchor=f"kommentar-{target.id}"))
    return proposal_page(proposal, report_form=form), 422


@bp.route("/omgangar/<int:round_id>/fragor", methods=["POST"])
@login_required
@limiter.limit(config_limit("LIMIT_IDENTIFY"))
def ask(round_id: int):
    rnd = db.get_or_404(Round, round_id)
    form = QuestionForm()
    if form.validate_on_submit():
        ok, _q = commit_or_error(form, lambda: dialogue.ask(rnd, current_user, form.body.data))
        if ok:
            flash(_("Tack för din fråga! Du får svaret med mejl och under Dina frågor."),
                  "success")
            return redirect(url_for(".round_page", round_id=rnd.id, _anchor="fragor"))
    return round_page_for(rnd, question_form=form), 422

