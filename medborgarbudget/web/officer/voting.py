"""Officers' part of voting: the roll, printed codes and paper ballots."""

import io

from flask import flash, redirect, render_template, request, send_file, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...extensions import db
from ...models import District, Phase, Round
from ...reports.codes import code_sheet
from ...services import voting as voting_service
from ...services.errors import DomainError
from ...services.roll import RollErrors, decode, import_roll, roll_counts
from ..util import apply_domain_error, staff_required
from ..voting.routes import posted_choices, problem_text
from . import bp
from .forms import CodesForm, LookupForm, RollForm

#: a voter roll extract may be larger than other uploads (100,000 rows is about 2.5 MB)
ROLL_MAX_BYTES = 32 * 1024 * 1024


@bp.route("/omgangar/<int:round_id>/rostlangd", methods=["GET", "POST"])
@staff_required
def roll(round_id: int):
    """Import the round's voter roll from a CSV extract (all rows or none)."""
    rnd = db.get_or_404(Round, round_id)
    request.max_content_length = ROLL_MAX_BYTES
    form = RollForm()
    problems = []
    if form.validate_on_submit():
        try:
            count = import_roll(rnd, decode(form.file.data.read()), current_user)
            db.session.commit()
            flash(_("Röstlängden är inläst: %(n)d personer.", n=count), "success")
            return redirect(url_for(".roll", round_id=rnd.id))
        except RollErrors as error:
            db.session.rollback()
            problems = error.problems
            form.file.errors = [error.message]
        except DomainError as error:
            db.session.rollback()
            apply_domain_error(form, error)
    counts = roll_counts(rnd)
    return render_template("officer/roll.html", round=rnd, form=form, problems=problems,
                           counts=counts), 422 if problems else 200


@bp.route("/omgangar/<int:round_id>/koder", methods=["GET", "POST"])
@staff_required
def codes(round_id: int):
    """Create one-time codes for a district and download them as a sheet to print."""
    rnd = db.get_or_404(Round, round_id)
    form = CodesForm()
    form.district.choices = [(d.id, d.name) for d in rnd.districts]
    if form.validate_on_submit():
        district = db.session.get(District, form.district.data)
        try:
            batch, made = voting_service.create_codes(rnd, district, form.count.data,
                                                      current_user)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            apply_domain_error(form, error)
        else:
            children = form.for_children.data
            texts = {
                "title": _("Röstkod"),
                "code_label": _("Din kod:"),
                "steps": _("1. Gå till {url}\n2. Skriv koden och ditt personnummer.\n"
                           "3. Välj det du tycker är bäst!\nKoden gäller en gång.")
                if children else
                _("1. Gå till {url}\n2. Välj Rösta och sedan Med röstkod.\n"
                  "3. Skriv koden och ditt personnummer.\nKoden gäller en gång."),
                "footer": _("Omgång %(round)s, %(district)s, bunt {batch}, sida {page}",
                            round=rnd.id, district=district.name),
            }
            url = url_for("voting.start", round_id=rnd.id, _external=True,
                          **({"barn": 1} if children else {}))
            pdf = code_sheet(rnd.name, district.name, url, made, batch, texts)
            return send_file(io.BytesIO(pdf), mimetype="application/pdf", as_attachment=True,
                             download_name=f"rostkoder-{rnd.id}-{district.id}-{batch}.pdf")
    return render_template("officer/codes.html", round=rnd, form=form)


@bp.route("/omgangar/<int:round_id>/papper", methods=["GET", "POST"])
@staff_required
def paper(round_id: int):
    """Look a person up in the roll; if they may vote, enter their paper ballot."""
    rnd = db.get_or_404(Round, round_id)
    form = LookupForm()
    form.district.choices = [(0, _("Alla områden"))] + [(d.id, d.name) for d in rnd.districts]
    if form.validate_on_submit():
        desk = db.session.get(District, form.district.data) if form.district.data else None
        try:
            voter = voting_service.voter_on_paper(
                rnd, voting_service.parse_personnummer(form.personnummer.data), desk)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            # the officer's session holds who is at the desk (a keyed hash), not the number
            session["paper_voter"] = {"round": rnd.id, "key": voter.voter_key,
                                      "district": voter.district_id,
                                      "gender": voter.gender and voter.gender.value}
            return redirect(url_for(".paper_ballot", round_id=rnd.id))
    return render_template("officer/paper.html", round=rnd, form=form,
                           voting=rnd.phase is Phase.VOTING)


@bp.route("/omgangar/<int:round_id>/papper/valsedel", methods=["GET", "POST"])
@staff_required
def paper_ballot(round_id: int):
    """The paper ballot as the person filled it in, entered by the officer."""
    rnd = db.get_or_404(Round, round_id)
    data = session.get("paper_voter")
    if not data or data.get("round") != rnd.id:
        return redirect(url_for(".paper", round_id=rnd.id))
    gender = data.get("gender")
    voter = voting_service.Voter(rnd.id, data["key"], data["district"],
                                 voting_service.Channel.PAPER,
                                 gender=gender and voting_service.Gender(gender))
    district = db.session.get(District, voter.district_id)
    projects = voting_service.ballot_projects(district)
    problems = []
    chosen: list[int] = []
    if request.method == "POST":
        chosen = posted_choices()
        try:
            voting_service.cast_ballot(voter, chosen)
            db.session.commit()
        except voting_service.InvalidBallot as error:
            db.session.rollback()
            problems = [problem_text(p) for p in error.problems]
        except DomainError as error:
            db.session.rollback()
            session.pop("paper_voter", None)
            flash(str(error.message), "error")
            return redirect(url_for(".paper", round_id=rnd.id))
        else:
            session.pop("paper_voter", None)
            flash(_("Pappersrösten är registrerad."), "success")
            return redirect(url_for(".paper", round_id=rnd.id))
    rule = voting_service.ballot_rule(rnd, district)
    return render_template("officer/paper_ballot.html", round=rnd, district=district,
                           projects=projects, chosen=set(chosen), rule=rule, problems=problems,
                           cost=voting_service.project_cost), 422 if problems else 200
