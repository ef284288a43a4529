"""The evaluation of a round: a short survey that residents answer once, anonymously
(issue 6, item 5).

Anonymity is in the schema, as for ballots: a response holds the answers and nothing else (no
person, no time). That someone has answered is a marker, a keyed hash of their voter key under
the survey's own secret, kept apart from the responses; when the survey closes, the markers and
the secret are erased.
"""

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import UTCDateTime, str_enum


class SurveyState(enum.Enum):
    DRAFT = "draft"     # officers set the questions
    OPEN = "open"       # residents answer
    CLOSED = "closed"   # the summary is published


class QuestionKind(enum.Enum):
    SCALE = "scale"     # 1 (not at all) to 5 (completely)
    TEXT = "text"       # free text


class Survey(db.Model):
    __tablename__ = "survey"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("round.id"), unique=True)
    state: Mapped[SurveyState] = mapped_column(str_enum(SurveyState, "survey_state"),
                                               default=SurveyState.DRAFT)
    #: what the officers say of the survey, and, when it closes, of what they learnt
    intro: Mapped[str] = mapped_column(sa.Text, default="")
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    #: the key of the markers while the survey is open; erased when it closes
    marker_secret: Mapped[str | None] = mapped_column(sa.String(64))
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    questions: Mapped[list["SurveyQuestion"]] = relationship(
        back_populates="survey", order_by="SurveyQuestion.position",
        cascade="all, delete-orphan")


class SurveyQuestion(db.Model):
    __tablename__ = "survey_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("survey.id"), index=True)
    position: Mapped[int]
    kind: Mapped[QuestionKind] = mapped_column(str_enum(QuestionKind, "question_kind"))
    text: Mapped[str] = mapped_column(sa.String(500))

    survey: Mapped[Survey] = relationship(back_populates="questions")


class SurveyResponse(db.Model):
    """One person's answers, by question id. No column names a person or a time."""

    __tablename__ = "survey_response"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("survey.id"), index=True)
    #: {question id (as text): 1-5 for a scale, the text for free text}; unanswered left out
    answers: Mapped[dict[str, Any]] = mapped_column(sa.JSON)


class SurveyMarker(db.Model):
    """That someone has answered: HMAC(survey secret, voter key). Erased when the survey
    closes. The primary key stops a second answer."""

    __tablename__ = "survey_marker"

    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("survey.id"), primary_key=True)
    marker: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
