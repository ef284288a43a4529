import sqlalchemy as sa
from flask import current_app, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...extensions import db, limiter
from ...models import AuditEntry, Role, Round
from ...reports.verify import Unreadable, verify
from ...services.results import signing_files
from ..util import config_limit, page_number, roles_required
from . import bp
from .forms import VerifyForm

#: a result PDF holds every ballot: a large city's is a few MB
VERIFY_MAX_BYTES = 64 * 1024 * 1024

#: what each check of reports.verify shows, in the reader's language
CHECKS = {
    "signature": _l("Underskriften är hel och giltig"),
    "whole_file": _l("Underskriften täcker hela filen"),
    "trust": _l("Underskriften kommer från det certifikat vi litar på"),
    "files": _l("De inbäddade filerna har de kontrollsummor resultatet anger"),
    "recount": _l("Omräkningen ger samma resultat"),
}


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


@bp.route("/kontrollera", methods=["GET", "POST"])
@limiter.limit(config_limit("LIMIT_VERIFY"), methods=["POST"])
def verify_page():
    """Anyone may check a signed result PDF here: the same checks as `medborgarbudget verify`,
    against the municipality's certificate or one they upload."""
    request.max_content_length = VERIFY_MAX_BYTES
    form = VerifyForm()
    checks, problem, status = None, None, 200
    if form.validate_on_submit():
        _key, own = signing_files()
        upload = form.certificate.data
        try:
            trusted = upload.read() if upload else own.read_bytes()
        except OSError:
            trusted = None
        if not trusted:
            problem, status = _("Det finns inget certifikat att kontrollera mot. Ladda upp "
                                "det certifikat du litar på."), 422
        else:
            try:
                checks = verify(form.pdf.data.read(), trusted)
            except Unreadable as error:
                problem, status = (_("Filen kunde inte läsas: %(reason)s", reason=str(error)),
                                   422)
    elif request.method == "POST":
        status = 422
    return render_template("auditor/verify.html", form=form, checks=checks, problem=problem,
                           names=CHECKS), status
