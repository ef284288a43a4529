"""District officers: run rounds, moderate and review proposals."""

from flask import Blueprint

bp = Blueprint("officer", __name__, url_prefix="/handlaggare")

from . import accessibility, dialogue, evaluation, routes, voting  # noqa: E402,F401
