"""What everyone can read: rounds, proposals, information; and the language switch."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from . import accessibility, dialogue, feed, results, routes, timeline, turnout  # noqa: E402,F401
