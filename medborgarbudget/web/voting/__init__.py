"""Residents prove they may vote, fill in their ballot, confirm it and check their receipt."""

from flask import Blueprint

bp = Blueprint("voting", __name__)

from . import routes, survey  # noqa: E402,F401
