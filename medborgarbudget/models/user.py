"""Accounts: residents, district officers, auditors and administrators."""

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._types import UTCDateTime, str_enum, utcnow


class Role(enum.Enum):
    RESIDENT = "resident"
    OFFICER = "officer"
    AUDITOR = "auditor"
    ADMIN = "admin"


class User(UserMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: stored lower-case; the login name
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    #: the name shown to officers (never on public pages)
    name: Mapped[str] = mapped_column(sa.String(120))
    #: argon2id hash in PHC string format
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(str_enum(Role, "role"), default=Role.RESIDENT)
    #: a deactivated account cannot log in; accounts are never deleted (the audit log names them)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: whether they get an email when something happens to a proposal they wrote
    notify_proposals: Mapped[bool] = mapped_column(default=True,
                                                   server_default=sa.true())

    __table_args__ = (sa.CheckConstraint("email = lower(email)", name="email_lower"),)

    @property
    def is_active(self) -> bool:  # Flask-Login asks this
        return self.active

    @property
    def is_staff(self) -> bool:
        """Officers and administrators run rounds."""
        return self.role in (Role.OFFICER, Role.ADMIN)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role.value}>"
