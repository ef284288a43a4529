"""Reports of accessibility barriers: made by anyone, handled by an officer (issue 7)."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..models import BarrierReport, User
from ..models._types import utcnow
from .audit import log_action
from .errors import DomainError, checked_text


def report_barrier(description: str, page: str | None = None,
                   contact: str | None = None) -> BarrierReport:
    report = BarrierReport(
        description=checked_text(description, "description",
                                 _l("Beskriv vad som inte fungerar för dig."), 4000),
        page=checked_text(page, "page", max_len=500),
        contact=checked_text(contact, "contact", max_len=200))
    db.session.add(report)
    db.session.flush()
    log_action(None, "barrier.reported", report)  # (the log holds no contact details)
    return report


def open_reports() -> list[BarrierReport]:
    """Reports waiting for an officer, the oldest first."""
    return list(db.session.scalars(sa.select(BarrierReport).where(
        BarrierReport.handled_at.is_(None)).order_by(BarrierReport.created_at,
                                                     BarrierReport.id)))


def open_report_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(BarrierReport).where(
        BarrierReport.handled_at.is_(None))) or 0


def handled_reports(limit: int = 50) -> list[BarrierReport]:
    """The latest handled reports, for following up the statement."""
    return list(db.session.scalars(sa.select(BarrierReport).where(
        BarrierReport.handled_at.is_not(None)).order_by(BarrierReport.handled_at.desc())
        .limit(limit)))


def handle(report: BarrierReport, officer: User, note: str) -> None:
    """Say what was done; the reporter's contact details go (they were only for answering)."""
    if report.handled:
        raise DomainError(_l("Rapporten är redan hanterad."))
    report.handled_note = checked_text(note, "note", _l("Skriv vad som gjordes."))
    report.contact = None
    report.handled_at = utcnow()
    report.handled_by_id = officer.id
    log_action(officer, "barrier.handled", report)
