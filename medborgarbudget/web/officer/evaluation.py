"""Officers run a round's evaluation: set the questions, open it after the results, close it,
and write what they learnt (published with the summary)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...extensions import db
from ...models import Phase, QuestionKind, Round, SurveyState
from ...services import evaluation
from ..util import commit_or_error, staff_required
from . import bp
from .forms import ActionForm, QuestionForm, SurveyTextsForm


def _page(rnd: Round, question_form=None, texts_form=None, status=200):
    survey = evaluation.survey_of(rnd)
    if texts_form is None and survey is not None:
        texts_form = SurveyTextsForm(formdata=None, intro=survey.intro, summary=survey.summary)
    return render_template(
        "officer/evaluation.html", round=rnd, survey=survey, action=ActionForm(),
        question_form=question_form or QuestionForm(formdata=None), texts_form=texts_form,
        responses=evaluation.response_count(survey) if survey else 0,
        can_open=rnd.phase.index >= Phase.RESULTS.index, QuestionKind=QuestionKind,
        SurveyState=SurveyState), status


def _survey_or_back(rnd: Round):
    survey = evaluation.survey_of(rnd)
    if survey is None:
        flash(_("Omgången har ingen utvärdering än."), "error")
    return survey


@bp.route("/omgangar/<int:round_id>/utvardering")
@staff_required
def evaluation_page(round_id: int):
    return _page(db.get_or_404(Round, round_id))


def _done(rnd: Round):
    return redirect(url_for(".evaluation_page", round_id=rnd.id))


@bp.route("/omgangar/<int:round_id>/utvardering/skapa", methods=["POST"])
@staff_required
def create_survey(round_id: int):
    rnd = db.get_or_404(Round, round_id)
    if ActionForm().validate_on_submit():
        ok, _s = commit_or_error(None, lambda: evaluation.create_survey(rnd, current_user))
        if ok:
            flash(_("Utvärderingen är skapad med förslag på frågor. Ändra dem innan den "
                    "öppnar."), "success")
    return _done(rnd)


@bp.route("/omgangar/<int:round_id>/utvardering/fragor", methods=["POST"])
@staff_required
def add_question(round_id: int):
    rnd = db.get_or_404(Round, round_id)
    survey = _survey_or_back(rnd)
    form = QuestionForm()
    if survey is not None and form.validate_on_submit():
        ok, _q = commit_or_error(form, lambda: evaluation.add_question(
            survey, current_user, QuestionKind(form.kind.data), form.text.data))
        if ok:
            flash(_("Frågan är tillagd."), "success")
            return _done(rnd)
    if survey is None:
        return _done(rnd)
    return _page(rnd, question_form=form, status=422)


@bp.route("/omgangar/<int:round_id>/utvardering/fragor/ta-bort", methods=["POST"])
@staff_required
def remove_question(round_id: int):
    rnd = db.get_or_404(Round, round_id)
    survey = _survey_or_back(rnd)
    form = ActionForm()
    if survey is not None and form.validate_on_submit() and form.question_id.data:
        ok, _r = commit_or_error(None, lambda: evaluation.remove_question(
            survey, current_user, form.question_id.data))
        if ok:
            flash(_("Frågan är borttagen."), "success")
    return _done(rnd)


@bp.route("/omgangar/<int:round_id>/utvardering/texter", methods=["POST"])
@staff_required
def survey_texts(round_id: int):
    rnd = db.get_or_404(Round, round_id)
    survey = _survey_or_back(rnd)
    form = SurveyTextsForm()
    if survey is None:
        return _done(rnd)
    if form.validate_on_submit():
        intro = form.intro.data if survey.state is SurveyState.DRAFT else None
        ok, _t = commit_or_error(form, lambda: evaluation.set_texts(
            survey, current_user, intro=intro, summary=form.summary.data))
        if ok:
            flash(_("Texterna är sparade."), "success")
            return _done(rnd)
    return _page(rnd, texts_form=form, status=422)


@bp.route("/omgangar/<int:round_id>/utvardering/oppna", methods=["POST"])
@staff_required
def open_survey(round_id: int):
    rnd = db.get_or_404(Round, round_id)
    survey = _survey_or_back(rnd)
    if survey is not None and ActionForm().validate_on_submit():
        ok, _o = commit_or_error(None, lambda: evaluation.open_survey(survey, current_user))
        if ok:
            flash(_("Utvärderingen är öppen. De som följer omgången får ett mejl."), "success")
    return _done(rnd)


@bp.route("/omgangar/<int:round_id>/utvardering/stang", methods=["POST"])
@staff_required
def close_survey(round_id: int):
    rnd = db.get_or_404(Round, round_id)
    survey = _survey_or_back(rnd)
    if survey is not None and ActionForm().validate_on_submit():
        ok, _c = commit_or_error(None, lambda: evaluation.close_survey(survey, current_user))
        if ok:
            flash(_("Utvärderingen är stängd och sammanfattningen publicerad."), "success")
    return _done(rnd)
