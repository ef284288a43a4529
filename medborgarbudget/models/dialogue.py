"""Questions and comments (issue 6, item 6): residents comment on proposals and ask about a
round; officers answer, publicly or privately, and moderate what is reported, with a reason."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import UTCDateTime, utcnow
from .proposal import Proposal
from .round import Round
from .user import User


class Comment(db.Model):
    """A comment on a proposal, public at once; hidden by an officer with a reason (the
    reason stays in its place)."""

    __tablename__ = "comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("proposal.id"), index=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    body: Mapped[str] = mapped_column(sa.Text)
    #: written by an officer: shown as the municipality's answer
    official: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    hidden_reason: Mapped[str | None] = mapped_column(sa.Text)
    hidden_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    proposal: Mapped[Proposal] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])

    __table_args__ = (
        sa.CheckConstraint("(hidden_at IS NULL) = (hidden_reason IS NULL)",
                           name="hidden_has_reason"),
    )

    @property
    def hidden(self) -> bool:
        return self.hidden_at is not None


class Question(db.Model):
    """A question about a round. Public only once answered publicly; an answer that concerns
    a person is given privately (the asker sees it, and gets it by email)."""

    __tablename__ = "question"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("round.id"), index=True)
    asker_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answer: Mapped[str | None] = mapped_column(sa.Text)
    answer_public: Mapped[bool] = mapped_column(default=False)
    answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_reason: Mapped[str | None] = mapped_column(sa.Text)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    round: Mapped[Round] = relationship()
    asker: Mapped[User] = relationship(foreign_keys=[asker_id])

    __table_args__ = (
        sa.CheckConstraint("(answered_at IS NULL) = (answer IS NULL)", name="answer_dated"),
        sa.CheckConstraint("(hidden_at IS NULL) = (hidden_reason IS NULL)",
                           name="hidden_has_reason"),
    )

    @property
    def hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_public(self) -> bool:
        return self.answer is not None and self.answer_public and not self.hidden


class Report(db.Model):
    """Someone thinks a comment breaks the rules. Open until an officer hides the comment
    or keeps it."""

    __tablename__ = "report"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(sa.ForeignKey("comment.id"), index=True)
    #: who reported it, if logged in (anyone may report)
    reporter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    reason: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    #: "hidden" or "kept"
    outcome: Mapped[str | None] = mapped_column(sa.String(10))

    comment: Mapped[Comment] = relationship()
