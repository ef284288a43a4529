"""A round's news as an Atom feed: every phase it moved to, and every update on the projects
that won, newest first (RFC 4287)."""

from xml.etree import ElementTree as ET

import sqlalchemy as sa
from flask import Response
from flask_babel import gettext as _

from ... import labels
from ...extensions import db
from ...models import AuditEntry, FollowUp, Phase, Proposal, Round
from ...services.mail import public_url
from . import bp

ATOM = "http://www.w3.org/2005/Atom"


@bp.route("/omgangar/<int:round_id>/flode.atom")
def feed(round_id: int):
    rnd = db.get_or_404(Round, round_id)
    entries = []  # (when, id, title, text, link)
    for entry in db.session.scalars(sa.select(AuditEntry).where(
            AuditEntry.round_id == rnd.id, AuditEntry.action == "round.phase_advanced")):
        phase = Phase(entry.details["phase"][1])
        entries.append((entry.at, f"phase-{entry.id}",
                        _("Omgången är nu i fasen: %(phase)s", phase=labels.PHASE[phase]),
                        str(labels.PHASE_TEXT[phase]), f"/omgangar/{rnd.id}"))
    for update in db.session.scalars(sa.select(FollowUp).join(Proposal).where(
            Proposal.round_id == rnd.id)):
        entries.append((update.posted_at, f"follow-up-{update.id}",
                        f"{update.proposal.title}: {labels.FOLLOW_UP_STATUS[update.status]}",
                        " ".join(filter(None, [update.text, update.reason])),
                        f"/forslag/{update.proposal_id}"))
    entries.sort(key=lambda e: (e[0], e[1]), reverse=True)
    root = ET.Element("feed", xmlns=ATOM)
    ET.SubElement(root, "title").text = rnd.name
    ET.SubElement(root, "id").text = public_url(f"/omgangar/{rnd.id}")
    ET.SubElement(root, "link", rel="alternate", href=public_url(f"/omgangar/{rnd.id}"))
    ET.SubElement(root, "link", rel="self",
                  href=public_url(f"/omgangar/{rnd.id}/flode.atom"))
    ET.SubElement(root, "updated").text = _iso(entries[0][0] if entries else None, rnd)
    ET.SubElement(ET.SubElement(root, "author"), "name").text = "Borås Stad"
    for when, key, title, text, link in entries:
        item = ET.SubElement(root, "entry")
        ET.SubElement(item, "title").text = title
        ET.SubElement(item, "id").text = public_url(f"/omgangar/{rnd.id}#{key}")
        ET.SubElement(item, "updated").text = _iso(when, rnd)
        ET.SubElement(item, "link", rel="alternate", href=public_url(link))
        ET.SubElement(item, "summary").text = text
    body = ET.tostring(root, encoding="unicode", xml_declaration=True)
    return Response(body, mimetype="application/atom+xml")


def _iso(when, rnd: Round) -> str:
    if when is None:
        return f"{rnd.proposals_open.isoformat()}T00:00:00Z"
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")
