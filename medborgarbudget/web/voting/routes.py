"""The voting flow: identify (code or eID) -> ballot -> review -> confirm -> receipt.

Who the voter is lives in the signed session cookie for a short while (their voter_key, never
their personnummer) and is dropped when they have voted. The flow works without JavaScript:
the ballot page's "Räkna om" button shows what is left of the budget and every problem.
"""

import time
from typing import Any

from authlib.integrations.base_client import OAuthError
from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ... import eid
from ...extensions import db, limiter, voter_or_address
from ...i18n import money
from ...models import BallotChain, Channel, District, Gender, Phase, Round
from ...services import voting as voting_service
from ...services.errors import DomainError
from ..util import apply_domain_error, child_mode, child_or, config_limit
from . import bp
from .forms import ChildCodeForm, CodeForm, ReceiptForm, TestEidForm

#: how long a proved identity lasts before the voter must prove it again (seconds)
VOTER_TTL = 30 * 60

PROBLEMS = {
    "unknown_project": _l("Ett av de valda förslagen finns inte på röstsedeln i ditt område."),
    "duplicate": _l("Samma förslag är valt två gånger."),
    "too_few": _l("Välj minst %(least)d förslag."),
    "too_many": _l("Du får välja högst %(most)d förslag. Du har valt %(count)d."),
    "over_budget": _l("Dina val kostar %(total)s men budgeten är %(budget)s. Ta bort förslag "
                      "för minst %(over)s."),
}


#: the same problems in words for children (the others are said as to anyone)
CHILD_PROBLEMS = {
    "too_few": _l("Välj minst %(least)d saker."),
    "too_many": _l("Du har valt för många. Du får välja %(most)d saker."),
    "over_budget": _l("Det blev för dyrt! Ta bort något som kostar minst %(over)s."),
}


def problem_text(problem) -> str:
    detail = {k: money(v) if k in ("total", "budget", "over") else v
              for k, v in problem.detail.items() if k != "projects"}
    texts = CHILD_PROBLEMS if child_mode() and problem.code in CHILD_PROBLEMS else PROBLEMS
    return str(texts[problem.code]) % detail


def voting_round(round_id: int) -> Round:
    return db.get_or_404(Round, round_id)


def remember(voter: voting_service.Voter) -> None:
    session["voter"] = {"round": voter.round_id, "key": voter.voter_key,
                        "district": voter.district_id, "channel": voter.channel.value,
                        "code": voter.code_hash, "until": int(time.time()) + VOTER_TTL,
                        "gender": voter.gender and voter.gender.value}


def current_voter(round_id: int) -> voting_service.Voter | None:
    data: dict[str, Any] | None = session.get("voter")
    if not data or data.get("round") != round_id or data.get("until", 0) < time.time():
        return None
    gender = data.get("gender")
    return voting_service.Voter(round_id, data["key"], data["district"], Channel(data["channel"]),
                                data.get("code"), gender and Gender(gender))


def test_eid_enabled() -> bool:
    return bool(current_app.config.get("EID_TEST_PROVIDER"))


def start_page(rnd: Round, code_form: CodeForm | None = None):
    """How to prove that you may vote (children's version: the code only, in their words)."""
    if child_mode():
        return render_template("barn/start.html", round=rnd,
                               code_form=code_form or ChildCodeForm())
    return render_template("voting/start.html", round=rnd, code_form=code_form or CodeForm(),
                           test_eid=test_eid_enabled(), eid=eid.client() is not None)


@bp.route("/omgangar/<int:round_id>/rosta")
def start(round_id: int):
    """How to prove that you may vote (?barn=1: the children's pages)."""
    return start_page(voting_round(round_id))


def _identified(rnd: Round, prove) -> Any:
    try:
        voter = prove()
    except DomainError as error:
        return error
    remember(voter)
    return redirect(url_for("voting.ballot", round_id=rnd.id))


@bp.route("/omgangar/<int:round_id>/rosta/kod", methods=["POST"])
@limiter.limit(config_limit("LIMIT_IDENTIFY"))
def code(round_id: int):
    """A one-time code and the holder's personnummer."""
    rnd = voting_round(round_id)
    form = ChildCodeForm() if child_mode() else CodeForm()
    if form.validate_on_submit():
        result = _identified(rnd, lambda: voting_service.voter_by_code(
            rnd, form.code.data, voting_service.parse_personnummer(form.personnummer.data)))
        if not isinstance(result, DomainError):
            return result
        apply_domain_error(form, result)
    return start_page(rnd, form), 422


@bp.route("/omgangar/<int:round_id>/rosta/testlegitimering", methods=["GET", "POST"])
@limiter.limit(config_limit("LIMIT_IDENTIFY"), methods=["POST"])
def test_eid(round_id: int):
    """The demo's stand-in for eID: type a personnummer. Only when configured."""
    if not test_eid_enabled():
        abort(404)
    rnd = voting_round(round_id)
    form = TestEidForm()
    if form.validate_on_submit():
        result = _identified(rnd, lambda: voting_service.voter_by_eid(
            rnd, voting_service.parse_personnummer(form.personnummer.data)))
        if not isinstance(result, DomainError):
            return result
        apply_domain_error(form, result)
        return render_template("voting/test_eid.html", round=rnd, form=form), 422
    return render_template("voting/test_eid.html", round=rnd, form=form)


@bp.route("/omgangar/<int:round_id>/rosta/eid")
@limiter.limit(config_limit("LIMIT_IDENTIFY"))
def eid_start(round_id: int):
    """Off to the identity provider; it sends the voter back to eid_done."""
    provider = eid.client()
    if provider is None:
        abort(404)
    rnd = voting_round(round_id)
    session["eid_round"] = rnd.id
    return provider.authorize_redirect(url_for("voting.eid_done", _external=True))


@bp.route("/eid/klar")
def eid_done():
    """Back from the identity provider with a verified personnummer (or an error)."""
    provider = eid.client()
    round_id = session.pop("eid_round", None)
    purpose = session.pop("eid_purpose", "vote")
    if provider is None or round_id is None:
        abort(404)
    rnd = voting_round(round_id)
    try:
        token = provider.authorize_access_token()
        number = eid.personal_number(token)
    except OAuthError:
        number = None
    if number is None:
        flash(_("Inloggningen med e-legitimation avbröts eller misslyckades. Försök igen."),
              "error")
        return redirect(url_for("voting.survey_start" if purpose == "survey" else "voting.start",
                                round_id=rnd.id))
    if purpose == "survey":
        from .survey import eid_identified

        result = eid_identified(rnd, number)
        if isinstance(result, DomainError):
            flash(str(result.message), "error")
            return redirect(url_for("voting.survey_start", round_id=rnd.id))
        return result
    result = _identified(rnd, lambda: voting_service.voter_by_eid(
        rnd, voting_service.parse_personnummer(number)))
    if isinstance(result, DomainError):
        flash(str(result.message), "error")
        return redirect(url_for("voting.start", round_id=rnd.id))
    return result


def posted_choices() -> list[int]:
    """The project ids ticked on the posted ballot; anything that is not an id is kept as -1,
    an unknown project, so that the ballot check says so."""
    return [int(v) if v.isdigit() and len(v) < 12 else -1
            for v in request.form.getlist("project")[:200]]


@bp.route("/omgangar/<int:round_id>/rosta/valsedel", methods=["GET", "POST"])
@limiter.limit(config_limit("LIMIT_BALLOT"), key_func=voter_or_address, methods=["POST"])
def ballot(round_id: int):
    """The ballot of the voter's district: tick projects within the rule."""
    rnd = voting_round(round_id)
    voter = current_voter(rnd.id)
    if voter is None:
        flash(_("Visa först att du får rösta."), "info")
        return redirect(url_for("voting.start", round_id=rnd.id))
    if rnd.phase is not Phase.VOTING:
        flash(str(voting_service.REASONS["not_open"]), "error")
        return redirect(url_for("public.round_page", round_id=rnd.id))
    district = db.session.get(District, voter.district_id)
    projects = voting_service.ballot_projects(district)
    chosen = session.get("choices", []) if request.method == "GET" else posted_choices()
    problems = []
    if request.method == "POST":
        problems = voting_service.check_choices(rnd, district, chosen)
        if not problems and request.form.get("action") == "review":
            session["choices"] = chosen
            return redirect(url_for("voting.review", round_id=rnd.id))
    rule = voting_service.ballot_rule(rnd, district)
    spent = sum(voting_service.project_cost(p) for p in projects if p.id in chosen)
    status = 422 if problems and request.form.get("action") == "review" else 200
    return render_template(child_or("voting/ballot.html"), round=rnd, district=district,
                           projects=projects, chosen=set(chosen), rule=rule, spent=spent,
                           problems=[problem_text(p) for p in problems],
                           cost=voting_service.project_cost), status


@bp.route("/omgangar/<int:round_id>/rosta/granska", methods=["GET", "POST"])
@limiter.limit(config_limit("LIMIT_BALLOT"), key_func=voter_or_address, methods=["POST"])
def review(round_id: int):
    """What you chose, once more, before it counts. Confirming casts the ballot, the
    busiest write there is: it reads nothing before (cast_ballot reads what it needs of the
    round), so on PostgreSQL a first ballot is its own transaction."""
    rnd = voting_round(round_id) if request.method == "GET" else None  # (404 if none)
    voter = current_voter(round_id)
    chosen = session.get("choices")
    if voter is None or chosen is None:
        return redirect(url_for("voting.ballot", round_id=round_id))
    if request.method == "POST":
        try:
            receipt = voting_service.cast_ballot(voter, chosen)
            db.session.commit()
        except voting_service.InvalidBallot as error:
            db.session.rollback()
            for problem in error.problems:
                flash(problem_text(problem), "error")
            return redirect(url_for("voting.ballot", round_id=round_id))
        except DomainError as error:
            db.session.rollback()
            flash(str(error.message), "error")
            session.pop("voter", None)
            return redirect(url_for("voting.start", round_id=round_id))
        session.pop("voter", None)
        session.pop("choices", None)
        session["receipt"] = {"round": round_id, "code": receipt}
        return redirect(url_for("voting.receipt", round_id=round_id))
    district = db.session.get(District, voter.district_id)
    projects = [p for p in voting_service.ballot_projects(district) if p.id in chosen]
    total = sum(voting_service.project_cost(p) for p in projects)
    return render_template(child_or("voting/review.html"), round=rnd, district=district,
                           projects=projects, total=total, cost=voting_service.project_cost)


@bp.route("/omgangar/<int:round_id>/rosta/kvitto")
def receipt(round_id: int):
    """The receipt code, shown once."""
    rnd = voting_round(round_id)
    data = session.pop("receipt", None)
    if not data or data.get("round") != rnd.id:
        return redirect(url_for("voting.check", round_id=rnd.id))
    return render_template(child_or("voting/receipt.html"), round=rnd, receipt=data["code"])


@bp.route("/omgangar/<int:round_id>/kvitto")
def check(round_id: int):
    """Anyone can check that a receipt is among the counted ballots (not what it says)."""
    rnd = voting_round(round_id)
    form = ReceiptForm(request.args)
    status = None
    if request.args and form.validate():
        status = voting_service.receipt_status(rnd, form.receipt.data)
    chain = db.session.get(BallotChain, rnd.id)
    return render_template("voting/check.html", round=rnd, form=form, status=status,
                           chain=chain)

