from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SubmitField

from ... import labels
from ...models import PUBLIC_STATES, Category
from ..fields import options
from ..util import Form


class LanguageForm(Form):
    lang = SelectField(_l("Språk"), choices=options([("sv", "Svenska"), ("en", "English")]))
    submit = SubmitField(_l("Byt språk"))


class ProposalFilterForm(Form):
    """The filters above a round's list of proposals (a GET form: no CSRF needed)."""

    class Meta:
        csrf = False

    district = SelectField(_l("Område"), default="")
    category = SelectField(_l("Kategori"), default="",
                           choices=options([("", _l("Alla kategorier"))]
                                          + [(c.value, labels.CATEGORY[c]) for c in Category]))
    state = SelectField(_l("Läge"), default="",
                        choices=options([("", _l("Alla lägen"))]
                                       + [(s.value, labels.STATE[s]) for s in PUBLIC_STATES]))
    submit = SubmitField(_l("Filtrera"), name=None)
