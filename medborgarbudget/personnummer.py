"""Swedish personal identity numbers (personnummer and samordningsnummer).

Accepted forms: 10 or 12 digits, with or without the separator before the last four ("-", or
"+" for someone aged 100 or more in the 10-digit form). The last digit is a Luhn check digit
over the 10-digit form; the date must be real, and a samordningsnummer adds 60 to the day.
Nothing here stores or logs a number: callers keep only a keyed hash (see ``voter_key``).
"""

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import date

_FORM = re.compile(r"^(\d{2})?(\d{6})([-+]?)(\d{4})$")


class InvalidPersonnummer(ValueError):
    """The text is not a valid personnummer; ``reason`` says why: one of REASONS (the web
    layer words it in the user's language)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


#: why a number was refused
REASONS = ("format", "plus", "check_digit", "no_such_date", "future")


@dataclass(frozen=True)
class Personnummer:
    #: the canonical 12-digit form, YYYYMMDDNNNC
    digits: str
    birth_date: date
    #: a samordningsnummer (day + 60), given to people not registered in Sweden
    coordination: bool

    @property
    def female(self) -> bool:
        """Legal gender: the ninth digit (the 11th of the 12) is even for women."""
        return int(self.digits[10]) % 2 == 0

    def __repr__(self) -> str:
        return "Personnummer(<hidden>)"  # never print the number by accident


def check_digit(nine: str) -> str:
    """The Luhn check digit of the nine digits YYMMDDNNN (also for making test numbers)."""
    total = 0
    for i, ch in enumerate(nine):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str(-total % 10)


def _luhn_ok(ten: str) -> bool:
    return check_digit(ten[:9]) == ten[9]


def parse(text: str, today: date | None = None) -> Personnummer:
    """The personnummer in ``text``, or InvalidPersonnummer with the reason."""
    cleaned = text.strip().replace(" ", "")
    match = _FORM.match(cleaned)
    if not match:
        raise InvalidPersonnummer("format")
    century, yymmdd, separator, last4 = match.groups()
    if century and separator == "+":
        raise InvalidPersonnummer("plus")
    if not _luhn_ok(yymmdd + last4):
        raise InvalidPersonnummer("check_digit")
    yy, mm, dd = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
    coordination = dd > 60
    if coordination:
        dd -= 60
    today = today or date.today()
    if century:
        year = int(century) * 100 + yy
    else:
        # the latest year ending in yy that is not in the future; "+" means 100 years earlier
        year = today.year - (today.year - yy) % 100
        if separator == "+":
            year -= 100
    try:
        born = date(year, mm, dd)
    except ValueError:
        raise InvalidPersonnummer("no_such_date") from None
    if born > today:
        raise InvalidPersonnummer("future")
    return Personnummer(f"{year:04d}{mm:02d}{int(yymmdd[4:]):02d}{last4}", born, coordination)


def voter_key(secret: bytes, number: Personnummer) -> str:
    """HMAC-SHA256 of the 12-digit form under the roll secret, as hex: the only trace kept.
    (A plain hash is not enough: there are few enough personnummer to try them all.)"""
    return hmac.new(secret, number.digits.encode(), hashlib.sha256).hexdigest()


def age_on(born: date, day: date) -> int:
    """Whole years of age on ``day``."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
