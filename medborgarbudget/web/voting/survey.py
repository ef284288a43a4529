"""Answering a round's evaluation: prove you live in the area (eID or a code with your
personnummer, against the round's roll), answer, done. Anonymous: the session holds only the
survey's marker for you, and the answers are stored without it (services.evaluation).

The summary is public once the survey has closed (officers see it, free texts included, on
their own page)."""

import time
from typing import Any

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from ... import eid
from ...extensions import db, limiter
from ...models import QuestionKind, Round, SurveyState
from ...services import evaluation
from ...services.errors import DomainError
from ...services.voting import parse_personnummer
from ..util import apply_domain_error, config_limit
from . import bp
from .forms import EmptyForm, SurveyCodeForm, SurveyTestEidForm
from .routes import VOTER_TTL, test_eid_enabled


def open_survey(round_id: int):
    rnd = db.get_or_404(Round, round_id)
    survey = evaluation.survey_of(rnd)
    if survey is None or survey.state is SurveyState.DRAFT:
        abort(404)
    return rnd, survey


def _start_page(rnd, survey, code_form=None, status=200):
    return render_template("voting/survey_start.html", round=rnd, survey=survey,
                           code_form=code_form or SurveyCodeForm(), test_eid=test_eid_enabled(),
                           eid=eid.client() is not None), status


@bp.route("/omgangar/<int:round_id>/utvardering")
def survey_start(round_id: int):
    """What the evaluation is for and how to get to the questions."""
    rnd, survey = open_survey(round_id)
    if survey.state is SurveyState.CLOSED:
        return redirect(url_for(".survey_summary", round_id=rnd.id))
    return _start_page(rnd, survey)


def _respondent(rnd: Round, prove) -> Any:
    """Remember the respondent's marker, or the reason they may not answer."""
    try:
        marker = prove()
    except DomainError as error:
        return error
    session["respondent"] = {"round": rnd.id, "marker": marker,
                             "until": int(time.time()) + VOTER_TTL}
    return redirect(url_for(".survey_answer", round_id=rnd.id))


@bp.route("/omgangar/<int:round_id>/utvardering/kod", methods=["POST"])
@limiter.limit(config_limit("LIMIT_IDENTIFY"))
def survey_code(round_id: int):
    rnd, survey = open_survey(round_id)
    form = SurveyCodeForm()
    if form.validate_on_submit():
        result = _respondent(rnd, lambda: evaluation.respondent(
            rnd, parse_personnummer(form.personnummer.data), form.code.data))
        if not isinstance(result, DomainError):
            return result
        apply_domain_error(form, result)
    return _start_page(rnd, survey, form, 422)


@bp.route("/omgangar/<int:round_id>/utvardering/testlegitimering", methods=["GET", "POST"])
@limiter.limit(config_limit("LIMIT_IDENTIFY"), methods=["POST"])
def survey_test_eid(round_id: int):
    if not test_eid_enabled():
        abort(404)
    rnd, _survey = open_survey(round_id)
    form = SurveyTestEidForm()
    if form.validate_on_submit():
        result = _respondent(rnd, lambda: evaluation.respondent(
            rnd, parse_personnummer(form.personnummer.data)))
        if not isinstance(result, DomainError):
            return result
        apply_domain_error(form, result)
        return render_template("voting/test_eid.html", round=rnd, form=form), 422
    return render_template("voting/test_eid.html", round=rnd, form=form)


@bp.route("/omgangar/<int:round_id>/utvardering/eid")
@limiter.limit(config_limit("LIMIT_IDENTIFY"))
def survey_eid_start(round_id: int):
    """Off to the identity provider; voting.eid_done sends the person on to the questions."""
    provider = eid.client()
    if provider is None:
        abort(404)
    rnd, _survey = open_survey(round_id)
    session["eid_round"] = rnd.id
    session["eid_purpose"] = "survey"
    return provider.authorize_redirect(url_for("voting.eid_done", _external=True))


def eid_identified(rnd: Round, number: str) -> Any:
    """Back from the identity provider for the evaluation (called by voting.eid_done)."""
    return _respondent(rnd, lambda: evaluation.respondent(rnd, parse_personnummer(number)))


def current_marker(rnd: Round) -> str | None:
    data = session.get("respondent")
    if not data or data.get("round") != rnd.id or data.get("until", 0) < time.time():
        return None
    return data["marker"]


def _posted() -> dict[int, str]:
    return {int(name[1:]): value for name, value in request.form.items()
            if name.startswith("q") and name[1:].isdigit()}


@bp.route("/omgangar/<int:round_id>/utvardering/svar", methods=["GET", "POST"])
@limiter.limit(config_limit("LIMIT_BALLOT"), methods=["POST"])
def survey_answer(round_id: int):
    """The questions; answers are stored without anything that says whose they are."""
    rnd, survey = open_survey(round_id)
    marker = current_marker(rnd)
    if marker is None or survey.state is not SurveyState.OPEN:
        return redirect(url_for(".survey_start", round_id=rnd.id))
    form = EmptyForm()
    problems: dict[int, object] = {}
    posted: dict[int, str] = {}
    if request.method == "POST":
        posted = _posted()
        if form.validate_on_submit():
            try:
                evaluation.answer(rnd, marker, posted)
                db.session.commit()
            except evaluation.InvalidAnswers as error:
                db.session.rollback()
                problems = error.problems
            except evaluation.NotRespondent as error:  # answered meanwhile, or closed
                db.session.rollback()
                session.pop("respondent", None)
                flash(str(error.message), "error")
                return redirect(url_for(".survey_start", round_id=rnd.id))
            except DomainError as error:
                db.session.rollback()
                apply_domain_error(form, error)
            else:
                session.pop("respondent", None)
                return redirect(url_for(".survey_thanks", round_id=rnd.id))
    status = 422 if request.method == "POST" else 200
    return render_template("voting/survey_answer.html", round=rnd, survey=survey, form=form,
                           problems=problems, posted=posted, scale=evaluation.SCALE,
                           QuestionKind=QuestionKind, max_text=evaluation.MAX_TEXT), status


@bp.route("/omgangar/<int:round_id>/utvardering/tack")
def survey_thanks(round_id: int):
    rnd, survey = open_survey(round_id)
    return render_template("voting/survey_thanks.html", round=rnd, survey=survey)


@bp.route("/omgangar/<int:round_id>/utvardering/sammanfattning")
def survey_summary(round_id: int):
    """What residents answered: the numbers, and the officers' summary of the free texts.
    Public once closed; officers see it as answers come in."""
    rnd, survey = open_survey(round_id)
    staff = current_user.is_authenticated and current_user.is_staff
    if survey.state is not SurveyState.CLOSED and not staff:
        abort(404)
    summary = evaluation.summarise(survey)
    return render_template("voting/survey_summary.html", round=rnd, survey=survey,
                           summary=summary, QuestionKind=QuestionKind,
                           smallest=evaluation.SMALLEST, staff=staff)
