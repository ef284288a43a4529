from datetime import date

import sqlalchemy as sa
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from ... import labels
from ...extensions import db
from ...models import District, FollowUpStatus, Proposal, ProposalState, Question, Round
from ...services import accessibility, dialogue
from ...services import proposals as proposal_service
from ...services import rounds as round_service
from ...services.follow_up import post_follow_up
from ...services.results import count_round, round_result
from ..util import commit_or_error, page_number, staff_required
from . import bp
from .forms import DistrictForm, FollowUpForm, HideForm, ReviewForm, RoundForm, UnhideForm


@bp.route("/")
@staff_required
def dashboard():
    """Every round, with what is waiting for an officer."""
    rounds = db.session.scalars(sa.select(Round).order_by(Round.proposals_open.desc())).all()
    waiting = dict(db.session.execute(
        sa.select(Proposal.round_id, sa.func.count()).where(
            Proposal.state.in_((ProposalState.SUBMITTED, ProposalState.UNDER_REVIEW)),
            Proposal.hidden.is_(False)).group_by(Proposal.round_id)).all())
    asked = dict(db.session.execute(
        sa.select(Question.round_id, sa.func.count()).where(
            Question.answer.is_(None), Question.hidden_at.is_(None))
        .group_by(Question.round_id)).all())
    return render_template("officer/dashboard.html", rounds=rounds, waiting=waiting,
                           asked=asked, reported=dialogue.open_report_count(),
                           barriers=accessibility.open_report_count())


@bp.route("/omgangar/ny", methods=["GET", "POST"])
@staff_required
def new_round():
    """Create a round; districts and budgets are added on its page."""
    form = RoundForm()
    if form.validate_on_submit():
        ok, rnd = commit_or_error(form, lambda: round_service.create_round(
            current_user, **form.values()))
        if ok:
            flash(_("Omgången är skapad. Lägg till områden och budgetar."), "success")
            return redirect(url_for(".round_page", round_id=rnd.id))
    return render_template("officer/round_form.html", form=form, round=None)


@bp.route("/omgangar/<int:round_id>")
@staff_required
def round_page(round_id: int):
    """Manage a round: its settings, districts, phase and proposals."""
    return _round_page(db.get_or_404(Round, round_id), DistrictForm(formdata=None))


def _round_page(rnd: Round, district_form: DistrictForm):
    counts = dict(db.session.execute(
        sa.select(Proposal.state, sa.func.count()).where(Proposal.round_id == rnd.id)
        .group_by(Proposal.state)).all())
    return render_template("officer/round.html", round=rnd, counts=counts,
                           district_form=district_form, result=round_result(rnd),
                           asked=dialogue.waiting(rnd))


@bp.route("/omgangar/<int:round_id>/andra", methods=["GET", "POST"])
@staff_required
def edit_round(round_id: int):
    """Change a round's settings; the rules are locked once voting opens."""
    rnd = db.get_or_404(Round, round_id)
    form = RoundForm()
    if not form.is_submitted():
        form.load(rnd)
    if form.validate_on_submit():
        ok, changed = commit_or_error(form, lambda: round_service.update_round(
            rnd, current_user, **form.values()))
        if ok:
            flash(_("Ändringarna är sparade.") if changed else _("Inget ändrades."), "success")
            return redirect(url_for(".round_page", round_id=rnd.id))
    return render_template("officer/round_form.html", form=form, round=rnd)


@bp.route("/omgangar/<int:round_id>/omraden", methods=["POST"])
@staff_required
def add_district(round_id: int):
    """Add a district with its budget."""
    rnd = db.get_or_404(Round, round_id)
    form = DistrictForm()
    if form.validate_on_submit():
        ok, _d = commit_or_error(form, lambda: round_service.add_district(
            rnd, current_user, form.name.data, form.budget.data))
        if ok:
            flash(_("Området är tillagt."), "success")
            return redirect(url_for(".round_page", round_id=rnd.id))
    return _round_page(rnd, form)


@bp.route("/omraden/<int:district_id>/andra", methods=["GET", "POST"])
@staff_required
def edit_district(district_id: int):
    """Rename a district or change its budget, until voting opens."""
    district = db.get_or_404(District, district_id)
    form = DistrictForm(obj=district)
    if form.validate_on_submit():
        ok, _d = commit_or_error(form, lambda: round_service.update_district(
            district, current_user, form.name.data, form.budget.data))
        if ok:
            flash(_("Området är sparat."), "success")
            return redirect(url_for(".round_page", round_id=district.round_id))
    return render_template("officer/district_form.html", form=form, district=district)


@bp.route("/omraden/<int:district_id>/ta-bort", methods=["POST"])
@staff_required
def remove_district(district_id: int):
    """Remove a district that has no proposals."""
    district = db.get_or_404(District, district_id)
    round_id = district.round_id
    ok, _d = commit_or_error(None, lambda: round_service.remove_district(district, current_user))
    if ok:
        flash(_("Området är borttaget."), "success")
    return redirect(url_for(".round_page", round_id=round_id))


@bp.route("/omgangar/<int:round_id>/nasta-fas", methods=["POST"])
@staff_required
def advance_phase(round_id: int):
    """Move the round to its next phase."""
    rnd = db.get_or_404(Round, round_id)
    ok, phase = commit_or_error(None, lambda: round_service.advance_phase(rnd, current_user))
    if ok:
        flash(_("Omgången är nu i fasen: %(phase)s.", phase=labels.PHASE[phase]), "success")
    return redirect(url_for(".round_page", round_id=rnd.id))


@bp.route("/omgangar/<int:round_id>/rakna", methods=["POST"])
@staff_required
def count(round_id: int):
    """Count the votes (voting has closed): check the log, run the rule, freeze the result."""
    rnd = db.get_or_404(Round, round_id)
    ok, _r = commit_or_error(None, lambda: count_round(rnd, current_user))
    if ok:
        flash(_("Rösterna är räknade. Granska resultatet och publicera det sedan."), "success")
    return redirect(url_for(".round_page", round_id=round_id))


@bp.route("/omgangar/<int:round_id>/forslag")
@staff_required
def proposals(round_id: int):
    """All of a round's proposals, hidden ones and drafts included, filtered by state."""
    rnd = db.get_or_404(Round, round_id)
    state = request.args.get("state", "")
    query = (sa.select(Proposal).where(Proposal.round_id == rnd.id).order_by(Proposal.id)
             .options(selectinload(Proposal.district), selectinload(Proposal.review)))
    if state in {s.value for s in ProposalState}:
        query = query.where(Proposal.state == ProposalState(state))
    elif state == "hidden":
        query = query.where(Proposal.hidden.is_(True))
    else:
        state = ""
    page = db.paginate(query, page=page_number(), per_page=current_app.config["PAGE_SIZE"] * 2,
                       error_out=False)
    return render_template("officer/proposals.html", round=rnd, page=page, state=state)


@bp.route("/forslag/<int:proposal_id>", methods=["GET", "POST"])
@staff_required
def review(proposal_id: int):
    """Review a proposal: take it up, decide feasibility with cost or reason."""
    proposal = db.get_or_404(Proposal, proposal_id)
    form = ReviewForm(prefix="review") if request.method == "POST" else _review_form(proposal)
    if form.validate_on_submit():
        ok, _r = commit_or_error(form, lambda: proposal_service.review_proposal(
            proposal, current_user, form.decision.data == "feasible", form.cost_estimate.data,
            form.reason.data))
        if ok:
            flash(_("Bedömningen är sparad. Förslagsställaren kan se den."), "success")
            return redirect(url_for(".review", proposal_id=proposal.id))
    return _review_page(proposal, review_form=form)


@bp.route("/forslag/<int:proposal_id>/ta-upp", methods=["POST"])
@staff_required
def start_review(proposal_id: int):
    """Take up a submitted proposal for review."""
    proposal = db.get_or_404(Proposal, proposal_id)
    ok, _r = commit_or_error(None, lambda: proposal_service.start_review(proposal, current_user))
    if ok:
        flash(_("Förslaget granskas nu. Förslagsställaren kan inte längre ändra det."), "success")
    return redirect(url_for(".review", proposal_id=proposal.id))


@bp.route("/forslag/<int:proposal_id>/dolj", methods=["POST"])
@staff_required
def hide(proposal_id: int):
    """Hide a proposal from the public, with a reason."""
    proposal = db.get_or_404(Proposal, proposal_id)
    form = HideForm(prefix="hide")
    if form.validate_on_submit():
        ok, _r = commit_or_error(form, lambda: proposal_service.hide_proposal(
            proposal, current_user, form.reason.data))
        if ok:
            flash(_("Förslaget är dolt."), "success")
            return redirect(url_for(".review", proposal_id=proposal.id))
    return _review_page(proposal, hide_form=form)


@bp.route("/forslag/<int:proposal_id>/visa", methods=["POST"])
@staff_required
def unhide(proposal_id: int):
    """Show a hidden proposal again."""
    proposal = db.get_or_404(Proposal, proposal_id)
    form = UnhideForm(prefix="unhide")
    if form.validate_on_submit():
        ok, _r = commit_or_error(form, lambda: proposal_service.unhide_proposal(
            proposal, current_user, form.reason.data))
        if ok:
            flash(_("Förslaget visas igen."), "success")
            return redirect(url_for(".review", proposal_id=proposal.id))
    return _review_page(proposal, unhide_form=form)


@bp.route("/forslag/<int:proposal_id>/uppfoljning", methods=["POST"])
@staff_required
def follow_up(proposal_id: int):
    """Post a dated update on a project that won."""
    proposal = db.get_or_404(Proposal, proposal_id)
    form = FollowUpForm(prefix="follow")
    if form.validate_on_submit():
        ok, _u = commit_or_error(form, lambda: post_follow_up(
            proposal, current_user, FollowUpStatus(form.status.data), form.text.data,
            form.spent.data, form.dated.data, form.reason.data))
        if ok:
            flash(_("Uppföljningen är publicerad."), "success")
            return redirect(url_for(".review", proposal_id=proposal.id))
    return _review_page(proposal, follow_form=form), 422


def _review_page(proposal: Proposal, **forms):
    forms.setdefault("review_form", _review_form(proposal))
    forms.setdefault("follow_form", FollowUpForm(prefix="follow", formdata=None,
                                                 dated=date.today()))
    forms.setdefault("hide_form", HideForm(prefix="hide", formdata=None))
    forms.setdefault("unhide_form", UnhideForm(prefix="unhide", formdata=None))
    return render_template("officer/review.html", proposal=proposal, **forms)


def _review_form(proposal: Proposal) -> ReviewForm:
    form = ReviewForm(prefix="review", formdata=None)
    if proposal.review is not None:
        form.decision.data = "feasible" if proposal.review.feasible else "not_feasible"
        form.cost_estimate.data = proposal.review.cost_estimate
        form.reason.data = proposal.review.reason
    return form
