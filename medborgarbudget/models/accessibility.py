"""Reports of accessibility barriers, from the accessibility statement's form (issue 7).
Anyone may report; an officer handles the report, and the reporter's contact details, which
are only there so that the municipality can answer, are erased then."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import UTCDateTime, utcnow
from .user import User


class BarrierReport(db.Model):
    __tablename__ = "barrier_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: where the barrier is: an address or words ("the ballot, on my phone")
    page: Mapped[str | None] = mapped_column(sa.String(500))
    description: Mapped[str] = mapped_column(sa.Text)
    #: an email address or telephone number to answer on, if the reporter wants an answer
    contact: Mapped[str | None] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    handled_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    #: what was done about it (kept for the follow-up of the statement)
    handled_note: Mapped[str | None] = mapped_column(sa.Text)

    handled_by: Mapped[User | None] = relationship()

    __table_args__ = (
        sa.CheckConstraint("(handled_at IS NULL) = (handled_by_id IS NULL)",
                           name="handled_by_someone"),
        sa.CheckConstraint("handled_at IS NULL OR (contact IS NULL AND handled_note IS NOT NULL)",
                           name="handled_erases_contact"),
    )

    @property
    def handled(self) -> bool:
        return self.handled_at is not None
