"""Logging in and out, and residents' own registration."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from . import routes  # noqa: E402,F401  (the routes attach themselves to bp)
