"""Who took part, as counts (issue 6; design.md section 9).

Legal gender is read from the personnummer and kept only here, as counts per district: how many
on the roll are of each gender and how many of them have taken part. Nothing per person.
"""

import enum
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._types import str_enum


class Gender(enum.Enum):
    """Legal gender as the personnummer says it (the ninth digit: odd men, even women)."""

    FEMALE = "female"
    MALE = "male"


class GenderCount(db.Model):
    """People of one legal gender in one district: on the roll (those who may vote, counted
    when the roll was imported) and who have taken part (counted at their first ballot)."""

    __tablename__ = "gender_count"

    round_id: Mapped[int] = mapped_column(sa.ForeignKey("round.id"), primary_key=True)
    district_id: Mapped[int] = mapped_column(primary_key=True)
    gender: Mapped[Gender] = mapped_column(str_enum(Gender, "gender"), primary_key=True)
    #: on the roll and old enough on ``eligible_on`` with the minimum age ``min_age``
    on_roll: Mapped[int]
    took_part: Mapped[int] = mapped_column(default=0)
    #: the last voting day and minimum age the roll was counted with (if the round's dates
    #: change later, the page says so)
    eligible_on: Mapped[date]
    min_age: Mapped[int]

    __table_args__ = (
        sa.ForeignKeyConstraint(["district_id", "round_id"], ["district.id", "district.round_id"],
                                name="fk_gender_count_district_in_round"),
    )
