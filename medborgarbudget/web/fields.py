"""Form fields the blueprints share."""

import re
from collections.abc import Iterable
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectChoice, StringField
from wtforms.validators import ValidationError

#: the largest amount of money a form accepts: ten billion kronor
MAX_KRONOR = 10_000_000_000


class KronorField(StringField):
    """Whole kronor, written as people write them: '120000', '120 000' or '120 000 kr'."""

    def __init__(self, *args: Any, least: int = 1, **kwargs: Any) -> None:
        kwargs.setdefault("render_kw", {}).setdefault("inputmode", "numeric")
        super().__init__(*args, **kwargs)
        self.least = least

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = None
        self.raw = valuelist[0] if valuelist else ""
        text = re.sub(r"[\s\u00a0\u202f]|kr\.?$|:-$", "", self.raw.strip().lower())
        if not text:
            return
        if not re.fullmatch(r"\d{1,15}", text):
            raise ValueError(_l("Skriv ett belopp i hela kronor, till exempel 120 000."))
        self.data = int(text)

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data)

    def pre_validate(self, form: Any) -> None:
        if self.data is not None and not self.least <= self.data <= MAX_KRONOR:
            raise ValidationError(_l("Beloppet måste vara mellan %(least)d och 10 000 000 000 "
                                     "kronor.", least=self.least))


def options(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """Choices for a select or radio field from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


class IdField(IntegerField):
    """The id of a row, posted by a form: a whole number that an id column holds (so that a
    huge number is a form error, never an overflow in the database), or nothing."""

    def process_formdata(self, valuelist: list[str]) -> None:
        text = valuelist[0].strip() if valuelist else ""
        self.data = int(text) if text.isdigit() and 0 < int(text[:11]) <= 2**31 - 1 else None
        if text and self.data is None:
            raise ValueError(_l("Okänt id."))
