"""Residents write, edit and submit their proposals."""

from flask import Blueprint

bp = Blueprint("proposals", __name__)

from . import routes  # noqa: E402,F401
