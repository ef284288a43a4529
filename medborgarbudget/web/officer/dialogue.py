"""Officers answer questions about a round (publicly, or privately when the answer concerns a
person) and moderate reported comments, each with a reason."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...extensions import db
from ...models import Comment, Question, Round
from ...services import dialogue
from ..util import commit_or_error, safe_next, staff_required
from . import bp
from .forms import ActionForm, AnswerForm, ReasonForm


@bp.route("/omgangar/<int:round_id>/fragor")
@staff_required
def questions(round_id: int):
    rnd = db.get_or_404(Round, round_id)
    return _questions_page(rnd)


def _questions_page(rnd: Round, failed: Question | None = None, answer_form=None,
                    hide_form=None, status=200):
    forms = {}
    questions = dialogue.round_questions(rnd)
    for q in questions:
        if failed is not None and q.id == failed.id:
            forms[q.id] = (answer_form or _answer_form(q), hide_form or ReasonForm(
                formdata=None, prefix=f"hide-{q.id}"))
        else:
            forms[q.id] = (_answer_form(q), ReasonForm(formdata=None, prefix=f"hide-{q.id}"))
    return render_template("officer/questions.html", round=rnd,
                           questions=questions, forms=forms), status


def _answer_form(q: Question, formdata=None) -> AnswerForm:
    form = AnswerForm(formdata=formdata, prefix=f"answer-{q.id}")
    if formdata is None and q.answer is not None:
        form.answer.data = q.answer
        form.visibility.data = "public" if q.answer_public else "private"
    return form


@bp.route("/fragor/<int:question_id>/svar", methods=["POST"])
@staff_required
def answer_question(question_id: int):
    question = db.get_or_404(Question, question_id)
    form = AnswerForm(prefix=f"answer-{question.id}")
    if form.validate_on_submit():
        ok, _a = commit_or_error(form, lambda: dialogue.answer(
            question, current_user, form.answer.data, form.visibility.data == "public"))
        if ok:
            flash(_("Svaret är skickat till den som frågade."), "success")
            return redirect(url_for(".questions", round_id=question.round_id,
                                    _anchor=f"fraga-{question.id}"))
    return _questions_page(question.round, question, answer_form=form, status=422)


@bp.route("/fragor/<int:question_id>/dolj", methods=["POST"])
@staff_required
def hide_question(question_id: int):
    question = db.get_or_404(Question, question_id)
    form = ReasonForm(prefix=f"hide-{question.id}")
    if form.validate_on_submit():
        ok, _h = commit_or_error(form, lambda: dialogue.hide_question(
            question, current_user, form.reason.data))
        if ok:
            flash(_("Frågan är dold."), "success")
            return redirect(url_for(".questions", round_id=question.round_id))
    return _questions_page(question.round, question, hide_form=form, status=422)


@bp.route("/moderering")
@staff_required
def moderation():
    """Reported comments waiting for a decision."""
    reported = dialogue.open_reports()
    return render_template("officer/moderation.html", reported=reported,
                           forms={c.id: ReasonForm(formdata=None, prefix=f"hide-{c.id}")
                                  for c, _r in reported}, action=ActionForm())


@bp.route("/kommentarer/<int:comment_id>/dolj", methods=["POST"])
@staff_required
def hide_comment(comment_id: int):
    comment = db.get_or_404(Comment, comment_id)
    form = ReasonForm(prefix=f"hide-{comment.id}")
    back = safe_next(url_for(".moderation"))
    if form.validate_on_submit():
        ok, _h = commit_or_error(None, lambda: dialogue.hide_comment(
            comment, current_user, form.reason.data))
        if ok:
            flash(_("Kommentaren är dold. Den som skrev den får motiveringen med mejl."),
                  "success")
    else:
        flash(_("Skriv varför kommentaren döljs."), "error")
    return redirect(back)


@bp.route("/kommentarer/<int:comment_id>/behall", methods=["POST"])
@staff_required
def keep_comment(comment_id: int):
    comment = db.get_or_404(Comment, comment_id)
    if ActionForm().validate_on_submit():
        ok, _k = commit_or_error(None, lambda: dialogue.keep_comment(comment, current_user))
        if ok:
            flash(_("Kommentaren får stå kvar."), "success")
    return redirect(url_for(".moderation"))

