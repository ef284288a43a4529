"""Languages: which one a request gets, and formatting that follows it.

The visitor's choice lives in a long-lived cookie of its own (not in the session, which ends
with the browser and is cleared at login): "sv", "en", or "lattlast", easy-to-read Swedish,
which is Swedish with simpler versions of the pages that have one. Without a choice the
browser's languages are the first guess.
"""

from flask import current_app, g, has_request_context, request
from flask_babel import format_decimal

#: the cookie that remembers the visitor's choice, and for how long (a year, in seconds)
COOKIE = "sprak"
COOKIE_AGE = 365 * 24 * 3600
#: easy-to-read Swedish: a choice in the language menu, and ?lattlast=1 on a page
EASY = "lattlast"


def choices() -> tuple[str, ...]:
    """What the language menu offers: the interface languages and easy-to-read Swedish."""
    languages = current_app.config["LANGUAGES"]
    return (languages[0], EASY, *languages[1:])


def chosen() -> str | None:
    """The visitor's remembered choice, if it is one we offer."""
    value = request.cookies.get(COOKIE)
    return value if value in choices() else None


def select_locale() -> str:
    """The language the visitor chose, else the browser's best match, else Swedish."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # a command: the default language
        return languages[0]
    choice = chosen()
    if choice == EASY or request.args.get(EASY) == "1":
        return "sv"
    if choice:
        return choice
    return request.accept_languages.best_match(languages) or languages[0]


def easy_read() -> bool:
    """Whether this request shows the easy-to-read Swedish version of pages that have one:
    chosen in the menu, or asked for with ?lattlast=1 (a link that can be shared; it shows the
    page in Swedish whatever the choice). ?lattlast=0 shows the ordinary version."""
    if "easy_read" not in g:
        asked = request.args.get(EASY)
        if asked in ("0", "1"):
            g.easy_read = asked == "1"
        else:
            g.easy_read = chosen() == EASY
    return g.easy_read


def remember(response, choice: str):
    """Set the cookie that keeps the visitor's language choice."""
    response.set_cookie(COOKIE, choice, max_age=COOKIE_AGE, samesite="Lax", httponly=True,
                        secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    return response


def money(amount: int | None) -> str:
    """Whole kronor in the current language's number format: '1 250 000 kr'."""
    if amount is None:
        return ""
    return f"{format_decimal(amount)}\u00a0kr"
