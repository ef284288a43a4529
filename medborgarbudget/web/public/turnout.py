"""Who took part in a round: the statistics page and its CSV (issue 6, item 4).

Public once voting has closed; officers and auditors can follow it while voting is open. Small
groups are suppressed in both (services.statistics), so what officers see is what is published.
"""

import csv
import io

from flask import Response, abort, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...extensions import db
from ...models import Phase, Round
from ...services import statistics
from ..util import sees_unpublished
from . import bp

CHANNEL = {"eid": _l("E-legitimation"), "code": _l("Engångskod"), "paper": _l("Papper")}
GENDER = {"female": _l("Kvinnor"), "male": _l("Män")}
DIMENSION = {"age": _l("Ålder"), "gender": _l("Juridiskt kön"), "channel": _l("Sätt att rösta")}


def group_label(key: str, starts: list[int]) -> str:
    kind, _sep, value = key.partition(":")
    if kind == "age":
        start = int(value)
        following = [s for s in starts if s > start]
        if not following:
            return _("%(start)d år och äldre", start=start)
        return _("%(start)d–%(end)d år", start=start, end=following[0] - 1)
    if kind == "gender":
        return str(GENDER[value])
    if kind == "channel":
        return str(CHANNEL[value])
    return _("Alla")


def visible_round(round_id: int) -> Round:
    rnd = db.get_or_404(Round, round_id)
    staff = sees_unpublished()
    if rnd.phase.index < (Phase.VOTING if staff else Phase.COUNTING).index:
        abort(404)
    return rnd


@bp.route("/omgangar/<int:round_id>/deltagande")
def turnout(round_id: int):
    rnd = visible_round(round_id)
    figures = statistics.turnout(rnd)
    starts = statistics.age_bands(rnd.min_voting_age)
    return render_template("public/turnout.html", round=rnd, figures=figures,
                           label=lambda key: group_label(key, starts),
                           dimensions=DIMENSION, smallest=statistics.SMALLEST,
                           under=statistics.UNDER)


def _cell(value) -> str:
    return ".." if value is None else str(value)


def _percent(value: float | None) -> str:
    return ".." if value is None else f"{100 * value:.1f}"


@bp.route("/omgangar/<int:round_id>/deltagande.csv")
def turnout_csv(round_id: int):
    """The same figures as the page; '..' marks a suppressed figure (as SCB does)."""
    rnd = visible_round(round_id)
    figures = statistics.turnout(rnd)
    starts = statistics.age_bands(rnd.min_voting_age)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["omrade", "dimension", "grupp", "i_rostlangden", "deltog",
                     "valdeltagande_procent", "andel_av_deltagarna_procent",
                     "andel_av_rostlangden_procent", "underrepresenterad"])
    for area in figures.areas:
        name = area.district.name if area.district else _("Hela omgången")
        rows = [("alla", area.total)] + [(dim, g) for dim in statistics.DIMENSIONS
                                         for g in area.groups[dim]]
        for dim, g in rows:
            writer.writerow([name, dim, group_label(g.key, starts),
                             "" if g.on_roll is None else _cell(g.shown_roll),
                             _cell(g.shown_part),
                             "" if g.on_roll is None else _percent(g.turnout),
                             _percent(g.share_of_part) if dim != "alla" else "",
                             _percent(g.share_of_roll) if dim not in ("alla", "channel") else "",
                             ("ja" if g.under else "nej") if g.ratio is not None else ""])
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition":
                             f"attachment; filename=deltagande-omgang-{rnd.id}.csv"})
