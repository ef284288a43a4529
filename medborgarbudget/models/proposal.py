"""Proposals (förslag) from residents, their review and their history."""

import enum
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import Money, UTCDateTime, str_enum, utcnow
from .round import District, Round
from .user import User


class ProposalState(enum.Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    #: reviewed and on the ballot
    FEASIBLE = "feasible"
    NOT_FEASIBLE = "not_feasible"
    SELECTED = "selected"
    NOT_SELECTED = "not_selected"


#: states the public can see (a draft is the author's own)
PUBLIC_STATES = tuple(s for s in ProposalState if s is not ProposalState.DRAFT)


class Category(enum.Enum):
    PLAY_SPORT = "play_sport"
    NATURE = "nature"
    CULTURE = "culture"
    MEETING_PLACES = "meeting_places"
    SAFETY = "safety"
    TRAFFIC = "traffic"
    OTHER = "other"


class Proposal(db.Model):
    __tablename__ = "proposal"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("round.id"), index=True)
    district_id: Mapped[int] = mapped_column(index=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(120))
    #: one or two sentences, shown in lists and on the ballot
    summary: Mapped[str] = mapped_column(sa.String(300))
    #: plain text; paragraphs are separated by blank lines; never rendered as HTML
    description: Mapped[str] = mapped_column(sa.Text)
    #: the author's estimate in whole kronor
    estimated_cost: Mapped[int] = mapped_column(Money)
    category: Mapped[Category] = mapped_column(str_enum(Category, "category"))
    #: optional: where in the district
    place: Mapped[str | None] = mapped_column(sa.String(200))
    state: Mapped[ProposalState] = mapped_column(
        str_enum(ProposalState, "proposal_state"), default=ProposalState.DRAFT, index=True
    )
    #: moderation hides a proposal from the public; nothing is deleted
    hidden: Mapped[bool] = mapped_column(default=False)
    hidden_reason: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    round: Mapped[Round] = relationship(back_populates="proposals")
    district: Mapped[District] = relationship(
        primaryjoin="Proposal.district_id == District.id", foreign_keys=[district_id])
    author: Mapped[User] = relationship()
    review: Mapped["Review | None"] = relationship(back_populates="proposal")
    events: Mapped[list["ProposalEvent"]] = relationship(
        back_populates="proposal", order_by="ProposalEvent.id"
    )
    follow_ups: Mapped[list["FollowUp"]] = relationship(
        back_populates="proposal", order_by="(FollowUp.dated, FollowUp.id)"
    )

    __table_args__ = (
        # the district must be one of the round's own
        sa.ForeignKeyConstraint(
            ["district_id", "round_id"], ["district.id", "district.round_id"],
            name="fk_proposal_district_round",
        ),
        sa.CheckConstraint("estimated_cost > 0", name="estimated_cost_positive"),
        sa.CheckConstraint(
            "NOT hidden OR (hidden_reason IS NOT NULL AND length(trim(hidden_reason)) > 0)",
            name="hidden_has_reason",
        ),
    )

    @property
    def cost(self) -> int:
        """The cost that counts: the officer's estimate once feasible, else the author's."""
        if self.review is not None and self.review.feasible:
            return self.review.cost_estimate
        return self.estimated_cost

    @property
    def is_public(self) -> bool:
        return not self.hidden and self.state is not ProposalState.DRAFT

    @property
    def on_ballot(self) -> bool:
        return not self.hidden and self.state is ProposalState.FEASIBLE

    def __repr__(self) -> str:
        return f"<Proposal {self.id} {self.state.value}>"


class Review(db.Model):
    """An officer's feasibility review; one per proposal, corrected in place until voting opens."""

    __tablename__ = "review"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("proposal.id"), unique=True)
    feasible: Mapped[bool]
    #: the officer's estimate in whole kronor; required when feasible
    cost_estimate: Mapped[int | None] = mapped_column(Money)
    #: why not feasible (required then), or a note to the author when feasible
    reason: Mapped[str | None] = mapped_column(sa.Text)
    reviewer_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="review")
    reviewer: Mapped[User] = relationship()

    __table_args__ = (
        sa.CheckConstraint(
            "(feasible AND cost_estimate IS NOT NULL AND cost_estimate > 0)"
            " OR (NOT feasible AND cost_estimate IS NULL"
            "     AND reason IS NOT NULL AND length(trim(reason)) > 0)",
            name="feasible_has_cost_or_reason",
        ),
    )


class EventKind(enum.Enum):
    CREATED = "created"
    EDITED = "edited"
    SUBMITTED = "submitted"
    REVIEW_STARTED = "review_started"
    FEASIBLE = "feasible"
    NOT_FEASIBLE = "not_feasible"
    HIDDEN = "hidden"
    UNHIDDEN = "unhidden"
    SELECTED = "selected"
    NOT_SELECTED = "not_selected"


class ProposalEvent(db.Model):
    """One change to a proposal, as its author sees it in the proposal's history."""

    __tablename__ = "proposal_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("proposal.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[EventKind] = mapped_column(str_enum(EventKind, "event_kind"))
    #: who did it; shown to officers only
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    #: the reason given, if any
    note: Mapped[str | None] = mapped_column(sa.Text)
    #: numbers that go with the event, e.g. {"cost_estimate": 120000}
    details: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)

    proposal: Mapped[Proposal] = relationship(back_populates="events")


class FollowUpStatus(enum.Enum):
    PLANNED = "planned"
    UNDER_WAY = "under_way"
    DONE = "done"
    CANCELLED = "cancelled"


class FollowUp(db.Model):
    """A dated update on a project that won: where it stands and what it has cost so far.
    The updates of a project are its public timeline; they are never changed or removed."""

    __tablename__ = "follow_up"
    __table_args__ = (
        sa.CheckConstraint("status <> 'cancelled' OR reason IS NOT NULL",
                           name="cancelled_has_reason"),
        sa.CheckConstraint("spent >= 0", name="spent_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("proposal.id"), index=True)
    #: the day the update is about
    dated: Mapped[date]
    status: Mapped[FollowUpStatus] = mapped_column(str_enum(FollowUpStatus, "follow_up_status"))
    text: Mapped[str] = mapped_column(sa.Text)
    #: kronor spent on the project so far
    spent: Mapped[int] = mapped_column(Money)
    #: why the project was cancelled (required then)
    reason: Mapped[str | None] = mapped_column(sa.Text)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="follow_ups")
