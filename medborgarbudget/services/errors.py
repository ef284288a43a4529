"""Domain errors: raised by services, turned into clear messages by the web layer."""

from typing import Any

from flask_babel import lazy_gettext as _l

#: the longest comment, question, answer or reason a resident or an officer writes
MAX_TEXT = 2000


class DomainError(Exception):
    """A rule of the platform says no. ``message`` is a (lazily) translated string.

    ``field`` names the form field the message belongs next to, if any.
    """

    def __init__(self, message: Any, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


class FrozenError(DomainError):
    """Voting has opened: the ballot, the rules and the budgets can no longer change."""


class PhaseError(DomainError):
    """The round is not in a phase that allows this."""


class NotAllowed(DomainError):
    """The user may not do this to this object."""


def checked_text(text: str | None, field: str, empty: Any = None,
                 max_len: int = MAX_TEXT) -> str | None:
    """Typed text, trimmed; too long is an error next to ``field``, and so is nothing at all
    if ``empty`` (the message) is given; else nothing is None."""
    text = (text or "").strip()
    if not text:
        if empty is None:
            return None
        raise DomainError(empty, field=field)
    if len(text) > max_len:
        raise DomainError(_l("Texten får vara högst %(n)d tecken. Den är nu %(count)d.",
                             n=max_len, count=len(text)), field=field)
    return text
