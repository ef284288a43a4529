"""Officers handle reports of accessibility barriers (from the accessibility statement)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...extensions import db
from ...models import BarrierReport
from ...services import accessibility
from ..util import commit_or_error, staff_required
from . import bp
from .forms import HandleForm


def _page(forms: dict[int, HandleForm] | None = None, status: int = 200):
    waiting = accessibility.open_reports()
    forms = forms or {}
    for report in waiting:
        forms.setdefault(report.id, HandleForm(formdata=None, prefix=f"handle-{report.id}"))
    return render_template("officer/barriers.html", waiting=waiting, forms=forms,
                           handled=accessibility.handled_reports()), status


@bp.route("/tillganglighet")
@staff_required
def barriers():
    """Reported barriers waiting for an answer, and the latest handled ones."""
    return _page()


@bp.route("/tillganglighet/<int:report_id>", methods=["POST"])
@staff_required
def handle_barrier(report_id: int):
    report = db.get_or_404(BarrierReport, report_id)
    form = HandleForm(prefix=f"handle-{report.id}")
    if form.validate_on_submit():
        ok, _h = commit_or_error(form, lambda: accessibility.handle(
            report, current_user, form.note.data))
        if ok:
            flash(_("Rapporten är hanterad. Kontaktuppgiften är raderad."), "success")
            return redirect(url_for(".barriers"))
    return _page({report.id: form}, 422)
