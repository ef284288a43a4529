"""Auditors (and officers and administrators) read the audit log."""

from flask import Blueprint

bp = Blueprint("auditor", __name__, url_prefix="/granskning")

from . import routes  # noqa: E402,F401
