"""The published result of a round: the page, the signed PDF, and the open data (the ballots
as Pabulib files, the result as CSV). Public once the round is in its results phase; officers
and auditors see them as soon as the round is counted."""

import csv
import io
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask import Response, abort, render_template, request
from sqlalchemy.exc import IntegrityError

from ...extensions import db
from ...models import Phase, Proposal, Result, Round
from ...services import results as result_service
from ...services.errors import DomainError
from ..util import child_or, easy_or, sees_unpublished
from . import bp


def published(round_id: int) -> tuple[Round, Result]:
    """The round and its result, if the visitor may see it; else 404."""
    rnd = db.get_or_404(Round, round_id)
    result = result_service.round_result(rnd)
    staff = sees_unpublished()
    if result is None or (rnd.phase.index < Phase.RESULTS.index and not staff):
        abort(404)
    return rnd, result


def districts(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Each district's numbers for the page: projects in the order the rule took them (then
    the rest by votes), with a running total of what the selected ones cost."""
    shown = []
    for district in document["districts"]:
        order = {pid: i for i, pid in enumerate(district["outcome"]["selected"])}
        projects = sorted(district["projects"],
                          key=lambda p: (order.get(p["id"], len(order)), -p["votes"], p["title"]))
        running, rows = Decimal(0), []
        most = max((p["votes"] for p in projects), default=0) or 1
        for p in projects:
            if p["selected"]:
                running += Decimal(p["cost"])
            rows.append({**p, "cost": Decimal(p["cost"]),
                         "running": running if p["selected"] else None,
                         "bar": round(100 * p["votes"] / most)})
        spent, budget = Decimal(district["outcome"]["total_cost"]), Decimal(district["budget"])
        shown.append({**district, "rows": rows, "spent": spent, "budget_amount": budget,
                      "share": float(spent / budget) if budget else 0.0,
                      "winners": [r for r in rows if r["selected"]]})
    return shown


@bp.route("/omgangar/<int:round_id>/resultat")
def results(round_id: int):
    """What was decided, district by district, with the numbers and how to check them."""
    rnd, result = published(round_id)
    document = result_service.document(result)
    counts = document["counts"]
    turnout = counts["participations"] / counts["roll"] if counts["roll"] else None
    template = child_or(easy_or("public/results.html"))
    categories = {}
    if template.startswith("barn/"):  # the children's page shows each winner's picture
        categories = {str(pid): category for pid, category in db.session.execute(
            sa.select(Proposal.id, Proposal.category).where(Proposal.round_id == rnd.id))}
    return render_template(template, round=rnd, result=result, document=document,
                           districts=districts(document), turnout=turnout,
                           categories=categories)


@bp.route("/omgangar/<int:round_id>/resultat.pdf")
def results_pdf(round_id: int):
    """The signed result PDF (?lang=en for English)."""
    rnd, result = published(round_id)
    lang = "en" if request.args.get("lang") == "en" else "sv"
    try:
        pdf = result_service.signed_pdf(result, lang)
        db.session.commit()
    except DomainError as error:
        abort(503, description=str(error.message))
    except IntegrityError:  # another request signed it first: theirs is the one
        db.session.rollback()
        pdf = result_service.stored_pdf(result, lang)
    name = f"resultat-omgang-{rnd.id}{'-en' if lang == 'en' else ''}.pdf"
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/omgangar/<int:round_id>/resultat.csv")
def results_csv(round_id: int):
    """Every project on the ballot with its district, cost, votes and whether it won."""
    rnd, result = published(round_id)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["district", "project_id", "title", "cost", "votes", "selected",
                     "selection_order"])
    for district in result_service.document(result)["districts"]:
        order = {pid: i + 1 for i, pid in enumerate(district["outcome"]["selected"])}
        for p in sorted(district["projects"], key=lambda p: int(p["id"])):
            writer.writerow([district["name"], p["id"], p["title"], p["cost"], p["votes"],
                             1 if p["selected"] else 0, order.get(p["id"], "")])
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition":
                             f'attachment; filename="resultat-omgang-{rnd.id}.csv"'})


@bp.route("/omgangar/<int:round_id>/resultat/<name>")
def results_file(round_id: int, name: str):
    """A district's anonymised ballots as a Pabulib file, exactly as counted."""
    _rnd, result = published(round_id)
    file = next((f for f in result.files if f.name == name), None)
    if file is None:
        abort(404)
    return Response(file.content, mimetype="text/plain",
                    headers={"Content-Disposition": f'attachment; filename="{file.name}"'})
