"""Domain errors: raised by services, turned into clear messages by the web layer."""

from typing import Any


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
