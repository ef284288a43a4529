"""Languages: which one a request gets, and formatting that follows it."""

from flask import current_app, has_request_context, request, session
from flask_babel import format_decimal


def select_locale() -> str:
    """The language the visitor chose (kept in the session), else the browser's best match,
    else Swedish."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # a command: the default language
        return languages[0]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or languages[0]


def money(amount: int | None) -> str:
    """Whole kronor in the current language's number format: '1 250 000 kr'."""
    if amount is None:
        return ""
    return f"{format_decimal(amount)}\u00a0kr"
