"""A round (omgång) of participatory budgeting and its districts (områden)."""

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import Money, UTCDateTime, str_enum, utcnow

if TYPE_CHECKING:
    from .proposal import Proposal


class Phase(enum.Enum):
    """The phases of a round, in the order they happen."""

    INFORMATION = "information"
    PROPOSALS = "proposals"
    REVIEW = "review"
    VOTING = "voting"
    COUNTING = "counting"
    RESULTS = "results"
    FOLLOW_UP = "follow_up"

    @property
    def index(self) -> int:
        return PHASE_ORDER.index(self)

    @property
    def next(self) -> "Phase | None":
        i = self.index + 1
        return PHASE_ORDER[i] if i < len(PHASE_ORDER) else None


PHASE_ORDER = list(Phase)


class Influence(enum.Enum):
    """How much residents decide (Borås: co-decision is binding; otherwise advisory)."""

    BINDING = "binding"
    ADVISORY = "advisory"


class BallotRule(enum.Enum):
    #: choose projects whose total cost fits the district budget
    KNAPSACK = "knapsack"
    #: choose at most k projects
    APPROVAL = "approval"


class TallyRule(enum.Enum):
    GREEDY = "greedy"
    MES = "mes"


class Round(db.Model):
    __tablename__ = "round"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    #: what the round is for, in plain words; shown on every round page
    purpose: Mapped[str] = mapped_column(sa.Text)
    influence: Mapped[Influence] = mapped_column(str_enum(Influence, "influence"))
    phase: Mapped[Phase] = mapped_column(str_enum(Phase, "phase"), default=Phase.INFORMATION)
    #: planned dates; phases still move only when an officer moves them
    proposals_open: Mapped[date]
    proposals_close: Mapped[date]
    voting_open: Mapped[date]
    voting_close: Mapped[date]
    results_date: Mapped[date]
    #: minimum age on the last voting day; 0 means every age
    min_voting_age: Mapped[int] = mapped_column(default=0)
    ballot_rule: Mapped[BallotRule] = mapped_column(str_enum(BallotRule, "ballot_rule"))
    #: knapsack: optional least and most number of projects on a ballot
    ballot_min_projects: Mapped[int | None]
    ballot_max_projects: Mapped[int | None]
    #: approval: at most this many projects
    approval_k: Mapped[int | None]
    tally_rule: Mapped[TallyRule] = mapped_column(str_enum(TallyRule, "tally_rule"))
    #: the rule's options, checked by services.rounds.clean_tally_options
    tally_options: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    #: drawn when voting opens and shown publicly: the seed of the lot that breaks final ties
    tiebreak_seed: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    districts: Mapped[list["District"]] = relationship(
        back_populates="round", order_by="District.name", cascade="save-update, merge"
    )
    proposals: Mapped[list["Proposal"]] = relationship(back_populates="round", viewonly=True)

    __table_args__ = (
        sa.CheckConstraint(
            "proposals_open <= proposals_close AND proposals_close <= voting_open"
            " AND voting_open <= voting_close AND voting_close <= results_date",
            name="dates_in_order",
        ),
        sa.CheckConstraint("min_voting_age >= 0 AND min_voting_age <= 120", name="min_age"),
        sa.CheckConstraint(
            "(ballot_rule = 'approval' AND approval_k >= 1"
            "  AND ballot_min_projects IS NULL AND ballot_max_projects IS NULL)"
            " OR (ballot_rule = 'knapsack' AND approval_k IS NULL"
            "  AND (ballot_min_projects IS NULL OR ballot_min_projects >= 1)"
            "  AND (ballot_max_projects IS NULL OR ballot_max_projects >= 1)"
            "  AND (ballot_min_projects IS NULL OR ballot_max_projects IS NULL"
            "       OR ballot_min_projects <= ballot_max_projects))",
            name="ballot_rule_options",
        ),
    )

    @property
    def is_frozen(self) -> bool:
        """Once voting opens, the ballot, the rules and the budgets do not change."""
        return self.phase.index >= Phase.VOTING.index

    @property
    def accepts_proposals(self) -> bool:
        return self.phase is Phase.PROPOSALS

    @property
    def total_budget(self) -> int:
        return sum(d.budget for d in self.districts)

    def __repr__(self) -> str:
        return f"<Round {self.id} {self.phase.value}>"


class District(db.Model):
    __tablename__ = "district"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("round.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    #: whole kronor
    budget: Mapped[int] = mapped_column(Money)

    round: Mapped[Round] = relationship(back_populates="districts")

    __table_args__ = (
        sa.UniqueConstraint("round_id", "name"),
        # lets a proposal's foreign key say that its district belongs to its round
        sa.UniqueConstraint("id", "round_id", name="uq_district_id_round"),
        sa.CheckConstraint("budget > 0", name="budget_positive"),
    )

    def __repr__(self) -> str:
        return f"<District {self.id} {self.name!r}>"
