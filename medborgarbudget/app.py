"""The application factory."""

import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask, render_template, request
from flask_babel import format_decimal, format_percent, gettext
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from . import ROOT, __version__, eid
from .config import CONFIGS, environment
from .extensions import babel, csrf, db, limiter, login_manager, migrate

PACKAGE = Path(__file__).resolve().parent

#: a Content-Security-Policy with no inline scripts or styles and no framing
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class IdConverter(IntegerConverter):
    """`<int:...>` in URLs, bounded to what a database id column holds: a number typed
    into the address bar gives 404, never an overflow in the database."""

    def __init__(self, map: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, **kwargs)


class NotConfigured(RuntimeError):
    """The app cannot start without instance config (or its settings in the environment)."""


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then instance/config.py, then the environment, then tests."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("MEDBORGARBUDGET_INSTANCE", str(ROOT / "instance")),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(PACKAGE / "static"),
    )
    app.config.from_object(CONFIGS[environment()])
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("MEDBORGARBUDGET")
        if os.environ.get("DATABASE_URL"):
            app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    else:
        app.config.update(test_config)
    if not app.config.get("SECRET_KEY"):
        raise NotConfigured(
            "No SECRET_KEY: run `medborgarbudget init` to write instance/config.py, "
            "or set MEDBORGARBUDGET_SECRET_KEY.")
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(
        app.config.get("SQLALCHEMY_DATABASE_URI")
        or f"sqlite:///{Path(app.instance_path) / 'medborgarbudget.sqlite3'}")
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(PACKAGE / "translations")
    app.url_map.converters["int"] = IdConverter

    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_templating(app)
    register_commands(app)
    app.after_request(security_headers)
    return app


def database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whatever the URL's scheme says."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def register_extensions(app: Flask) -> None:
    from .i18n import select_locale
    from .models import User

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    eid.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Logga in för att fortsätta.")
    login_manager.login_message_category = "info"
    login_manager.localize_callback = str  # the session stores text, not lazy strings

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        return db.session.get(User, int(user_id)) if user_id.isdigit() else None

    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            sa.event.listen(db.engine, "connect", _sqlite_pragmas)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # SQLite leaves foreign keys unchecked unless asked, per connection
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def register_blueprints(app: Flask) -> None:
    from .web import admin, auditor, auth, officer, proposals, public, voting

    for module in (public, auth, proposals, voting, officer, auditor, admin):
        app.register_blueprint(module.bp)


def register_errorhandlers(app: Flask) -> None:
    def render_error(error: HTTPException) -> tuple[str, int]:
        code = error.code or 500
        template = f"errors/{code}.html" if code in (403, 404, 500) else "errors/other.html"
        return render_template(template, error=error), code

    def csrf_error(error: CSRFError) -> tuple[str, int]:
        return render_template("errors/csrf.html", error=error), 400

    def server_error(error: Exception) -> tuple[str, int]:
        db.session.rollback()
        return render_template("errors/500.html", error=error), 500

    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(500, server_error)


def register_commands(app: Flask) -> None:
    from .cli import register_commands

    register_commands(app)


def register_templating(app: Flask) -> None:
    from . import labels
    from .i18n import money
    from .web.util import paragraphs

    app.jinja_env.filters["money"] = money
    app.jinja_env.filters["number"] = format_decimal
    app.jinja_env.filters["percent"] = format_percent
    app.jinja_env.filters["paragraphs"] = paragraphs
    # text stored in Swedish that may be one of ours (a survey's default questions): in the
    # reader's language if the catalogue has it, else as written (no %-formatting)
    app.jinja_env.filters["stored_text"] = lambda text: gettext(text) if text else text
    app.jinja_env.globals.update(labels=labels, version=__version__)


def security_headers(response: Any) -> Any:
    """Headers every response carries."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.endpoint and request.endpoint != "static":
        response.headers.setdefault("Cache-Control", "no-store")
    return response
