"""Writing the audit log."""

from typing import Any

from ..extensions import db
from ..models import AuditEntry, Round, User


def log_action(
    actor: User | None,
    action: str,
    obj: db.Model,
    round: Round | None = None,
    **details: Any,
) -> AuditEntry:
    """Add an audit entry saying that ``actor`` did ``action`` to ``obj``."""
    db.session.flush()  # obj needs its id
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        action=action,
        round_id=round.id if round is not None else None,
        object_type=obj.__tablename__,
        object_id=obj.id,
        details=_jsonable(details),
    )
    db.session.add(entry)
    return entry


def changes(obj: db.Model, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Set ``values`` on ``obj`` and return what changed as {field: [old, new]}."""
    changed = {}
    for field, new in values.items():
        old = getattr(obj, field)
        if old != new:
            changed[field] = [old, new]
            setattr(obj, field, new)
    return changed


def _jsonable(value: Any) -> Any:
    """Enums become their values, dates ISO strings: the log is stored as JSON."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "value") and not isinstance(value, (int, str)):
        return value.value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
