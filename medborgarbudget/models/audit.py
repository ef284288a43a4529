"""The audit log: who changed what, and when. Rows are only ever added."""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import UTCDateTime, utcnow
from .user import User


class AuditEntry(db.Model):
    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: None for the system itself (a command run without a user)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    #: a dotted verb, e.g. "round.phase_advanced", "proposal.reviewed"
    action: Mapped[str] = mapped_column(sa.String(60))
    #: the round it concerns, so that a round's log can be read on its own
    round_id: Mapped[int | None] = mapped_column(sa.ForeignKey("round.id"), index=True)
    object_type: Mapped[str] = mapped_column(sa.String(40))
    object_id: Mapped[int | None]
    #: what changed: {"field": [old, new]} or other facts of the action
    details: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)

    actor: Mapped[User | None] = relationship()
