"""Email: the outbox that the sender works through, and who asked for what."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._types import UTCDateTime, utcnow


class MailMessage(db.Model):
    """One email, queued in the database: it survives a restart, and the sender retries it.

    ``key`` names what the message is about (e.g. "proposal-event:42"); it is unique, so the
    same event is never queued twice."""

    __tablename__ = "mail_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(120), unique=True)
    to_address: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    #: the link that stops mails like this one (List-Unsubscribe), if any
    unsubscribe_url: Mapped[str | None] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: the sender leaves the message alone until then: while one sender has it, or until the
    #: next try after a failure
    next_try_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    #: set once the mail server has taken the message
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: why the last try failed
    last_error: Mapped[str | None] = mapped_column(sa.Text)


class RoundSubscription(db.Model):
    """A resident who asked for news about a round (voting opens, closes soon, results)."""

    __tablename__ = "round_subscription"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("round.id"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
