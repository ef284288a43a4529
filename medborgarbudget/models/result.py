"""The count of a round, frozen: what every published result (page, PDF, downloads) is made of.

Made once, when an officer counts after voting has closed, and never changed (the database
refuses both changes and deletions). ``document`` is the result as JSON text, byte for byte as
it is embedded in the signed PDF; each district's anonymised ballots are a ResultFile.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import UTCDateTime, utcnow


class Result(db.Model):
    __tablename__ = "result"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: one count per round
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("round.id"), unique=True)
    #: when the count ran
    counted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: the result as JSON text (see services.results.count_round for what it holds)
    document: Mapped[str] = mapped_column(sa.Text)
    #: SHA-256 of ``document`` as UTF-8, hex
    sha256: Mapped[str] = mapped_column(sa.String(64))

    files: Mapped[list["ResultFile"]] = relationship(order_by="ResultFile.name",
                                                     back_populates="result")


class ResultFile(db.Model):
    """One district's counted ballots as a Pabulib file: sorted by a random voter id, with no
    time and nothing that names a person."""

    __tablename__ = "result_file"
    __table_args__ = (sa.UniqueConstraint("result_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    result_id: Mapped[int] = mapped_column(sa.ForeignKey("result.id"))
    #: the file's name in the PDF and in downloads, e.g. "omrade-3-norrby.pb"
    name: Mapped[str] = mapped_column(sa.String(120))
    #: the Pabulib text
    content: Mapped[str] = mapped_column(sa.Text)
    #: SHA-256 of ``content`` as UTF-8, hex
    sha256: Mapped[str] = mapped_column(sa.String(64))

    result: Mapped[Result] = relationship(back_populates="files")


class SignedResult(db.Model):
    """The result as a signed PDF, one per language, made the first time it is asked for and
    served as the same bytes from then on: one document that everyone checks."""

    __tablename__ = "signed_result"
    __table_args__ = (sa.UniqueConstraint("result_id", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    result_id: Mapped[int] = mapped_column(sa.ForeignKey("result.id"))
    #: sv or en
    lang: Mapped[str] = mapped_column(sa.String(5))
    pdf: Mapped[bytes] = mapped_column(sa.LargeBinary)
    #: SHA-256 of ``pdf``, hex
    sha256: Mapped[str] = mapped_column(sa.String(64))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
