"""The tally engine: pure Python, standard library only, exact arithmetic.

Nothing here imports Flask or SQLAlchemy (a test checks), so auditors can run it on its own.
"""

from .types import Election, Outcome, Project, Step, Tie

__all__ = ["Election", "Outcome", "Project", "Step", "Tie"]
