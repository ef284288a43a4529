"""Personnummer: every form the roll extract and residents use, and every way to get it wrong."""

from datetime import date

import pytest

from medborgarbudget.personnummer import InvalidPersonnummer, age_on, parse, voter_key

TODAY = date(2026, 11, 29)


def with_check_digit(nine: str) -> str:
    """The 10-digit form: nine digits and their Luhn check digit."""
    total = 0
    for i, ch in enumerate(nine):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return nine + str((10 - total % 10) % 10)


@pytest.mark.parametrize("text, digits, born", [
    ("19121212-1212", "191212121212", date(1912, 12, 12)),
    ("191212121212", "191212121212", date(1912, 12, 12)),
    ("121212+1212", "191212121212", date(1912, 12, 12)),   # + : 100 years or older
    ("121212-1212", "201212121212", date(2012, 12, 12)),
    (" 201212121212 ", "201212121212", date(2012, 12, 12)),
    ("7010632391", "197010632391", date(1970, 10, 3)),     # samordningsnummer: day + 60
])
def test_accepts_every_form(text, digits, born):
    number = parse(text, TODAY)
    assert number.digits == digits
    assert number.birth_date == born
    assert number.coordination == (digits[6] in "6789")


@pytest.mark.parametrize("text, reason", [
    ("", "format"),
    ("12345", "format"),
    ("19121212-12120", "format"),
    ("1912121212x2", "format"),
    ("19121212+1212", "plus"),
    ("19121212-1213", "check_digit"),
    (with_check_digit("190230123"), "no_such_date"),       # 30 February
    (with_check_digit("201332123"), "no_such_date"),       # month 13
    ("20" + with_check_digit("301212123"), "future"),      # born in 2030
])
def test_refuses_with_a_reason(text, reason):
    with pytest.raises(InvalidPersonnummer) as error:
        parse(text, TODAY)
    assert error.value.reason == reason


def test_the_number_never_shows_in_its_repr():
    assert "1212" not in repr(parse("19121212-1212", TODAY))


def test_voter_key_is_keyed_and_ignores_the_form():
    a, b = parse("19121212-1212", TODAY), parse("191212121212", TODAY)
    assert voter_key(b"secret", a) == voter_key(b"secret", b)
    assert voter_key(b"secret", a) != voter_key(b"other", a)
    assert "191212121212" not in voter_key(b"secret", a)


@pytest.mark.parametrize("born, day, age", [
    (date(2010, 6, 1), date(2026, 5, 31), 15),
    (date(2010, 6, 1), date(2026, 6, 1), 16),
    (date(2008, 2, 29), date(2026, 2, 28), 17),
    (date(2008, 2, 29), date(2026, 3, 1), 18),
])
def test_age_on_a_day(born, day, age):
    assert age_on(born, day) == age
