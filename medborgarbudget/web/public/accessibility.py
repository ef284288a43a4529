"""The accessibility statement (tillgänglighetsredogörelse), which the law on accessibility
of digital public services requires, with a form to report barriers (issue 7)."""

from datetime import date

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ...extensions import limiter
from ...services import accessibility
from ..util import commit_or_error, config_limit
from . import bp
from .forms import BarrierForm

#: when the statement was last reviewed against the site (update it with every review)
REVIEWED = date(2026, 12, 2)
#: where a resident who is not satisfied with the answer can turn: DIGG, the supervisor
DIGG_REPORT = "https://www.digg.se/tdosanmalan"


@bp.route("/tillganglighet", methods=["GET", "POST"])
@limiter.limit(config_limit("LIMIT_IDENTIFY"), methods=["POST"])
def accessibility_statement():
    form = BarrierForm()
    status = 200
    if form.validate_on_submit():
        ok, _r = commit_or_error(form, lambda: accessibility.report_barrier(
            form.description.data, form.page.data, form.contact.data))
        if ok:
            flash(_("Tack! Din rapport har kommit fram till kommunen."), "success")
            return redirect(url_for(".accessibility_statement", _anchor="rapportera"))
    if form.is_submitted():
        status = 422
    return render_template("public/accessibility.html", form=form, reviewed=REVIEWED,
                           digg=DIGG_REPORT), status
