"""Helpers the blueprints share: access rules, forms and rendering user text."""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import abort, current_app, flash, request, session
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup, escape

from .. import i18n
from ..extensions import db, login_manager
from ..models import Role
from ..services.errors import DomainError


def roles_required(*roles: Role) -> Callable:
    """Only logged-in users with one of ``roles`` reach the view; others get login or 403.

    The roles are kept on the view so that tests can read who may reach each route."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if roles and current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_roles = roles  # type: ignore[attr-defined]
        return wrapped

    return decorator


#: any logged-in user
login_required = roles_required()
#: officers run rounds; administrators may do what officers do
staff_required = roles_required(Role.OFFICER, Role.ADMIN)


def config_limit(name: str) -> Callable[[], str]:
    """A rate limit read from config when a request comes (tests and instances set their
    own), for Flask-Limiter's decorators: ``@limiter.limit(config_limit("LIMIT_LOGIN"))``."""
    return lambda: current_app.config[name]


def sees_unpublished() -> bool:
    """Staff and auditors see a round's figures before they are published."""
    return current_user.is_authenticated and (current_user.is_staff
                                              or current_user.role is Role.AUDITOR)


def _clean_text(value: Any) -> Any:
    """Trim text and drop NUL and other control characters that no one types on purpose."""
    if isinstance(value, str):
        value = "".join(c for c in value if c in "\n\t" or c >= " " and c != "\x7f")
        return value.strip()
    return value


class Form(FlaskForm):
    """Base form: every field's text is cleaned before validation."""

    class Meta:
        def bind_field(self, form: Any, unbound_field: Any, options: dict) -> Any:
            filters = [_clean_text, *unbound_field.kwargs.get("filters", ())]
            return unbound_field.bind(form=form, filters=filters, **options)


def apply_domain_error(form: FlaskForm, error: DomainError) -> None:
    """Put a service's error next to its field, or at the top of the page."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        flash(str(error.message), "error")


def commit_or_error(form: FlaskForm | None, action: Callable[[], Any]) -> tuple[bool, Any]:
    """Run a service call and commit; on a DomainError roll back and report it."""
    try:
        result = action()
        db.session.commit()
        return True, result
    except DomainError as error:
        db.session.rollback()
        if form is not None:
            apply_domain_error(form, error)
        else:
            flash(str(error.message), "error")
        return False, None


def easy_or(template: str) -> str:
    """The easy-to-read Swedish version of a page (templates/lattlast/, same file name) when
    the visitor asks for it, else the page itself."""
    if i18n.easy_read():
        return "lattlast/" + template.rsplit("/", 1)[-1]
    return template


def child_mode() -> bool:
    """Whether the visitor uses the children's pages (big targets, pictures, short texts).
    ?barn=1 turns them on for the visit, so the voting flow keeps them from page to page,
    and ?barn=0 turns them off."""
    asked = request.args.get("barn")
    if asked in ("0", "1"):
        session["barn"] = asked == "1"
    return bool(session.get("barn"))


def child_or(template: str) -> str:
    """The children's version of a page (templates/barn/, same file name) in child mode."""
    if child_mode():
        return "barn/" + template.rsplit("/", 1)[-1]
    return template


def safe_next(default: str) -> str:
    """The `next` URL if it stays on this site, else ``default`` (no open redirects)."""
    target = request.args.get("next") or request.form.get("next") or ""
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc \
            and not parts.scheme and "\\" not in target:
        return target
    return default


def paragraphs(text: str | None) -> Markup:
    """Plain user text as HTML paragraphs: escaped, blank lines split paragraphs,
    single newlines become line breaks."""
    if not text:
        return Markup("")
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    return Markup("\n").join(
        Markup("<p>{}</p>").format(Markup("<br>\n").join(escape(line) for line in b.split("\n")))
        for b in blocks
    )


def page_number() -> int:
    """The `page` query argument as a sane page number (1 if missing or nonsense)."""
    page = request.args.get("page", 1, type=int)
    return page if 1 <= page <= 100_000 else 1
