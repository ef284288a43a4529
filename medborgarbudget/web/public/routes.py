import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from ... import basic_info as basic_info_texts
from ... import i18n
from ...extensions import db
from ...models import (
    PHASE_ORDER,
    BallotChain,
    Category,
    Phase,
    Proposal,
    ProposalState,
    Round,
    User,
)
from ...services import dialogue, notify
from ...services.evaluation import survey_of
from ...services.follow_up import progress
from ...services.mail import read_unsubscribe_token
from ...services.results import document, round_result
from ..fields import options
from ..util import child_or, easy_or, login_required, page_number, safe_next
from . import bp
from .forms import CommentForm, LanguageForm, ProposalFilterForm, QuestionForm, ReportForm
from .results import districts


@bp.app_context_processor
def page_context() -> dict:
    """What base.html needs on every page."""
    locale = str(get_locale())
    easy = i18n.easy_read()
    return {"current_locale": locale, "easy_read": easy,
            "other_languages": basic_info_texts.LANGUAGES.values(),
            "language_form": LanguageForm(formdata=None, lang=i18n.EASY if easy else locale)}


@bp.route("/")
def index():
    """The start page: every round, the newest first."""
    rounds = db.session.scalars(sa.select(Round).order_by(Round.proposals_open.desc())).all()
    return render_template("public/index.html", rounds=rounds)


@bp.route("/healthz")
def health():
    """For load balancers (and the load benchmark's baseline): the process answers."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.route("/om")
def about():
    """What a medborgarbudget is and how to take part."""
    return render_template(easy_or("public/about.html"))


def public_state_counts(rnd: Round) -> dict[ProposalState, int]:
    """How many of the round's public proposals are in each state."""
    return dict(db.session.execute(
        sa.select(Proposal.state, sa.func.count()).where(
            Proposal.round_id == rnd.id, Proposal.hidden.is_(False),
            Proposal.state != ProposalState.DRAFT).group_by(Proposal.state)).all())


@bp.route("/information/<code>")
def basic_info(code: str):
    """What a medborgarbudget is, how to propose, vote and get help, in a national minority
    language (the whole page in that language, the site's own header and footer in the
    visitor's)."""
    language = basic_info_texts.LANGUAGES.get(code)
    if language is None:
        abort(404)
    return render_template("public/basic_info.html", language=language,
                           info=basic_info_texts.page(code), page_lang=code,
                           page_dir="rtl" if language.rtl else None)


@bp.route("/omgangar/<int:round_id>")
def round_page(round_id: int):
    """A round: its purpose, how much residents decide, its phases and districts."""
    return round_page_for(db.get_or_404(Round, round_id))


def round_page_for(rnd: Round, question_form: QuestionForm | None = None) -> str:
    counts = public_state_counts(rnd)
    result = round_result(rnd) if rnd.phase.index >= Phase.RESULTS.index else None
    following = current_user.is_authenticated and notify.is_subscribed(current_user, rnd)
    mine = dialogue.questions_of(rnd, current_user) if current_user.is_authenticated else []
    return render_template("public/round.html", round=rnd, counts=counts, phases=PHASE_ORDER,
                           chain=db.session.get(BallotChain, rnd.id),
                           results=result and districts(document(result)), following=following,
                           progress=result and progress(rnd), survey=survey_of(rnd),
                           public_questions=dialogue.public_questions(rnd), my_questions=mine,
                           question_form=question_form or QuestionForm(formdata=None))


@bp.route("/omgangar/<int:round_id>/folj", methods=["POST"])
@login_required
def follow(round_id: int):
    """Get (or stop getting) the round's news by email."""
    rnd = db.get_or_404(Round, round_id)
    if request.form.get("stop"):
        notify.unsubscribe(current_user, rnd)
        flash(_("Du får inte längre nyheter om omgången."), "success")
    else:
        notify.subscribe(current_user, rnd)
        flash(_("Du får ett mejl när röstningen öppnar, när den snart stänger och när "
                "resultatet är klart."), "success")
    db.session.commit()
    return redirect(url_for(".round_page", round_id=rnd.id))


@bp.route("/omgangar/<int:round_id>/forslag")
def proposals(round_id: int):
    """The round's public proposals, filtered by district, category and state."""
    rnd = db.get_or_404(Round, round_id)
    form = ProposalFilterForm(request.args)
    form.district.choices = options(
        [("", _("Alla områden"))] + [(str(d.id), d.name) for d in rnd.districts])
    query = (sa.select(Proposal).where(Proposal.round_id == rnd.id, Proposal.hidden.is_(False),
                                       Proposal.state != ProposalState.DRAFT)
             .options(selectinload(Proposal.district), selectinload(Proposal.review))
             .order_by(Proposal.title, Proposal.id))
    if form.validate():
        if form.district.data:
            query = query.where(Proposal.district_id == int(form.district.data))
        if form.category.data:
            query = query.where(Proposal.category == Category(form.category.data))
        if form.state.data:
            query = query.where(Proposal.state == ProposalState(form.state.data))
    page = db.paginate(query, page=page_number(), per_page=current_app.config["PAGE_SIZE"],
                       error_out=False)
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template(child_or("public/proposals.html"), round=rnd, form=form, page=page,
                           args=args)


@bp.route("/forslag/<int:proposal_id>")
def proposal(proposal_id: int):
    """One proposal. Its author and officers also see its whole history."""
    proposal = db.get_or_404(Proposal, proposal_id)
    is_author = current_user.is_authenticated and proposal.author_id == current_user.id
    is_staff = current_user.is_authenticated and current_user.is_staff
    if not (proposal.is_public or is_author or is_staff):
        abort(404)
    return proposal_page(proposal)


def proposal_page(proposal: Proposal, comment_form: CommentForm | None = None,
                  report_form: ReportForm | None = None) -> str:
    is_author = current_user.is_authenticated and proposal.author_id == current_user.id
    is_staff = current_user.is_authenticated and current_user.is_staff
    return render_template("public/proposal.html", proposal=proposal, is_author=is_author,
                           is_staff=is_staff, comments=dialogue.comments(proposal),
                           comment_form=comment_form or CommentForm(formdata=None),
                           report_form=report_form or ReportForm(formdata=None))


@bp.route("/sprak", methods=["POST"])
def set_language():
    """Remember the visitor's language, in a cookie that outlasts the visit."""
    form = LanguageForm()
    response = redirect(safe_next(url_for(".index")))
    if form.validate_on_submit():
        i18n.remember(response, form.lang.data)
    return response


@bp.route("/avregistrera/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    """Stop one kind of email, from the link in such an email: no login needed, and the
    signed token stops it for its own recipient only. (A GET only asks: mail programs open
    links to look at them.)"""
    found = read_unsubscribe_token(token)
    user = found and db.session.get(User, found[0])
    if user is None or found[1] not in ("proposals", "round"):
        abort(404)
    _user_id, what, round_id = found
    rnd = db.session.get(Round, round_id) if what == "round" else None
    if what == "round" and rnd is None:
        abort(404)
    done = request.method == "POST"  # (CSRFProtect has checked the form's token)
    if done:
        if what == "proposals":
            user.notify_proposals = False
        else:
            notify.unsubscribe(user, rnd)
        db.session.commit()
    return render_template("public/unsubscribe.html", what=what, round=rnd, done=done)
