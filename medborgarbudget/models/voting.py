"""Who may vote (the roll, voting codes), who took part (participation) and what was chosen
(ballots, in a hash chain). design.md sections 4 and 5.

Secrecy is in the schema: a participation names a person (by voter_key) but holds no time and
no ballot; a ballot holds no column that names a person, and no time. The only link, the slot
(a keyed hash that lets a voter replace their own ballot), is erased when voting closes, with
the secret it was made with.
"""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._types import UTCDateTime, str_enum, utcnow


class Channel(enum.Enum):
    """How a voter proved who they are (and so how the ballot came in)."""

    EID = "eid"
    CODE = "code"
    PAPER = "paper"


class RollEntry(db.Model):
    """One person on a round's voter roll. The personnummer itself is never stored."""

    __tablename__ = "roll_entry"

    round_id: Mapped[int] = mapped_column(sa.ForeignKey("round.id"), primary_key=True)
    #: HMAC-SHA256(roll secret, 12-digit personnummer), hex
    voter_key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    #: for the minimum age on the last voting day
    birth_date: Mapped[date]
    district_id: Mapped[int]

    __table_args__ = (
        sa.ForeignKeyConstraint(["district_id", "round_id"], ["district.id", "district.round_id"],
                                name="fk_roll_entry_district_in_round"),
    )


class VotingCode(db.Model):
    """A one-time voting code for a district, handed out on paper. Only its hash is kept."""

    __tablename__ = "voting_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("round.id"), index=True)
    district_id: Mapped[int]
    #: SHA-256 of the code, hex (codes are random enough that a plain hash cannot be reversed)
    code_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: which sheet it was printed on, so an officer can tell sheets apart
    batch: Mapped[int]
    #: set when a ballot is cast with it
    used: Mapped[bool] = mapped_column(default=False)
    #: the voter's slot while voting is open, so that they can change their ballot with the
    #: same code; erased when voting closes
    slot: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.ForeignKeyConstraint(["district_id", "round_id"], ["district.id", "district.round_id"],
                                name="fk_voting_code_district_in_round"),
    )


class Participation(db.Model):
    """That a person took part in a round, and how. Unique per round and person: the database,
    not the application, stops a second vote. No time is kept (it could be matched with the
    order of ballots)."""

    __tablename__ = "participation"

    round_id: Mapped[int] = mapped_column(sa.ForeignKey("round.id"), primary_key=True)
    voter_key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    channel: Mapped[Channel] = mapped_column(str_enum(Channel, "channel"))


class BallotChain(db.Model):
    """A round's ballot log: its head, its length, and the slot secret while voting is open.

    Casting locks this row, so ballots join the chain one at a time."""

    __tablename__ = "ballot_chain"

    round_id: Mapped[int] = mapped_column(sa.ForeignKey("round.id"), primary_key=True)
    #: h_n, hex; h_0 is SHA-256 of "medborgarbudget:<round id>"
    head: Mapped[str] = mapped_column(sa.String(64))
    #: ballots in the log, replaced ones included
    length: Mapped[int] = mapped_column(default=0)
    #: ballots that count (the last of each voter)
    counted: Mapped[int] = mapped_column(default=0)
    #: hex key of the slots; None once voting has closed (then no slot can be recomputed)
    slot_secret: Mapped[str | None] = mapped_column(sa.String(64))


class Ballot(db.Model):
    """What one voter chose in one district. No column names a person."""

    __tablename__ = "ballot"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("round.id"))
    #: position in the round's chain, from 1
    seq: Mapped[int]
    district_id: Mapped[int]
    #: the chosen projects' ids, ascending
    choices: Mapped[list[int]] = mapped_column(sa.JSON)
    channel: Mapped[Channel] = mapped_column(str_enum(Channel, "channel"))
    #: SHA-256 of the receipt code shown once to the voter, hex
    receipt_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: h_seq = SHA-256(h_(seq-1) || SHA-256(content)), hex
    chain_hash: Mapped[str] = mapped_column(sa.String(64))
    #: replaced by a later ballot of the same voter: kept in the log, not counted
    superseded: Mapped[bool] = mapped_column(default=False)
    #: HMAC(slot secret, voter_key) while voting is open (online ballots); erased at close
    slot: Mapped[str | None] = mapped_column(sa.String(64))

    __table_args__ = (
        sa.UniqueConstraint("round_id", "seq"),
        sa.ForeignKeyConstraint(["district_id", "round_id"], ["district.id", "district.round_id"],
                                name="fk_ballot_district_in_round"),
        # one counted ballot per voter: a second current ballot in the same slot is refused
        sa.Index("uq_ballot_current_slot", "round_id", "slot", unique=True,
                 sqlite_where=sa.text("slot IS NOT NULL AND NOT superseded"),
                 postgresql_where=sa.text("slot IS NOT NULL AND NOT superseded")),
        sa.Index("ix_ballot_round_district", "round_id", "district_id"),
    )
