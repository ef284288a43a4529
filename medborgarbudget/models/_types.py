"""Column helpers shared by the models."""

import enum
from datetime import datetime, timezone

import sqlalchemy as sa


def utcnow() -> datetime:
    """The current time, timezone-aware; pass the function, not its value, as a default."""
    return datetime.now(timezone.utc)


class UTCDateTime(sa.TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite forgets the zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime")
            value = value.astimezone(timezone.utc)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value


def str_enum(enum_class: type[enum.Enum], name: str) -> sa.Enum:
    """A portable enum column: a VARCHAR with a CHECK constraint holding the enum's values."""
    return sa.Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum_class),
        values_callable=lambda cls: [m.value for m in cls],
        validate_strings=True,
    )


#: money is whole kronor; 64-bit so that a large city's budget fits
Money = sa.BigInteger
