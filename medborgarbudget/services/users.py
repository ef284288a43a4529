"""Accounts and passwords (argon2id)."""

import sqlalchemy as sa
from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..models import Role, User
from .audit import log_action
from .errors import DomainError


def _hasher() -> PasswordHasher:
    """An argon2id hasher with the cost set in config."""
    cfg = current_app.config
    return PasswordHasher(
        time_cost=cfg["ARGON2_TIME_COST"],
        memory_cost=cfg["ARGON2_MEMORY_COST"],
        parallelism=cfg["ARGON2_PARALLELISM"],
        type=Type.ID,
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def create_user(
    email: str, name: str, password: str, role: Role = Role.RESIDENT, actor: User | None = None
) -> User:
    """Create an account; officers, auditors and admins are created by an admin or the CLI."""
    if len(password) < current_app.config["PASSWORD_MIN_LENGTH"]:
        raise DomainError(
            _l("Lösenordet måste ha minst %(n)d tecken.",
               n=current_app.config["PASSWORD_MIN_LENGTH"]),
            field="password",
        )
    if find_user(email) is not None:
        raise DomainError(_l("Det finns redan ett konto med den e-postadressen."), field="email")
    user = User(email=normalise_email(email), name=name.strip(), role=role,
                password_hash=hash_password(password))
    db.session.add(user)
    db.session.flush()
    if role is not Role.RESIDENT or actor is not None:
        log_action(actor, "user.created", user, email=user.email, role=role)
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None; which of the two was wrong is
    not told, and an unknown email costs as much time as a wrong password."""
    user = find_user(email)
    hasher = _hasher()
    if user is None:
        _verify(hasher, _dummy_hash(), password)
        return None
    if not _verify(hasher, user.password_hash, password) or not user.active:
        return None
    if hasher.check_needs_rehash(user.password_hash):
        # the cost settings have changed since this hash was made
        user.password_hash = hasher.hash(password)
    return user


def set_role(user: User, role: Role, actor: User) -> None:
    if user.id == actor.id:
        raise DomainError(_l("Du kan inte ändra din egen roll."))
    if user.role is not role:
        log_action(actor, "user.role_changed", user, role=[user.role, role])
        user.role = role


def set_active(user: User, active: bool, actor: User) -> None:
    if user.id == actor.id:
        raise DomainError(_l("Du kan inte stänga av ditt eget konto."))
    if user.active != active:
        user.active = active
        log_action(actor, "user.activated" if active else "user.deactivated", user)


def _verify(hasher: PasswordHasher, stored: str, password: str) -> bool:
    try:
        return hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


_DUMMY: dict[tuple, str] = {}


def _dummy_hash() -> str:
    """A hash with the current cost, to verify against when the account does not exist."""
    h = _hasher()
    key = (h.time_cost, h.memory_cost, h.parallelism)
    if key not in _DUMMY:
        _DUMMY[key] = h.hash("not a password of anyone")
    return _DUMMY[key]
