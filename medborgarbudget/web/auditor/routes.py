import sqlalchemy as sa
from flask import current_app, render_template, request

from ...extensions import db
from ...models import AuditEntry, Role, Round
from ..util import page_number, roles_required
from . import bp


@bp.route("/logg")
@roles_required(Role.AUDITOR, Role.OFFICER, Role.ADMIN)
def audit_log():
    """Every change officers and administrators made: who, when, what. Newest first."""
    rounds = db.session.scalars(sa.select(Round).order_by(Round.id)).all()
    round_id = request.args.get("round", type=int)
    query = sa.select(AuditEntry).order_by(AuditEntry.id.desc())
    if round_id is not None and any(r.id == round_id for r in rounds):
        query = query.where(AuditEntry.round_id == round_id)
    else:
        round_id = None
    page = db.paginate(query, page=page_number(), per_page=current_app.config["PAGE_SIZE"] * 2,
                       error_out=False)
    return render_template("auditor/log.html", page=page, rounds=rounds, round_id=round_id)
