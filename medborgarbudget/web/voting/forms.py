from flask_babel import lazy_gettext as _l
from wtforms import StringField, SubmitField
from wtforms.validators import InputRequired, Length

from ..util import Form


class CodeForm(Form):
    code = StringField(_l("Röstkod"), validators=[InputRequired(), Length(max=40)],
                       description=_l("Koden står på lappen du fick, till exempel ABCD-EFGH-JKLM."),
                       render_kw={"autocomplete": "off", "autocapitalize": "characters",
                                  "spellcheck": "false"})
    personnummer = StringField(_l("Personnummer"), validators=[InputRequired(), Length(max=20)],
                               description=_l("12 siffror, till exempel 20120612-1234."),
                               render_kw={"autocomplete": "off", "inputmode": "numeric"})
    submit = SubmitField(_l("Fortsätt till röstsedeln"))


class ChildCodeForm(CodeForm):
    """The same code form, fields and checks, in words for children."""

    submit = SubmitField(_l("Börja rösta"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.code.label.text = _l("Koden på din lapp")
        self.code.description = _l("Den ser ut så här: ABCD-EFGH-JKLM.")
        self.personnummer.label.text = _l("Ditt personnummer")
        self.personnummer.description = _l("Tolv siffror. Fråga en vuxen om du inte kan det.")


class TestEidForm(Form):
    personnummer = StringField(_l("Personnummer"), validators=[InputRequired(), Length(max=20)],
                               description=_l("Testinloggning: skriv ett personnummer ur "
                                              "röstlängden."),
                               render_kw={"autocomplete": "off", "inputmode": "numeric"})
    submit = SubmitField(_l("Logga in (test)"))


class ReceiptForm(Form):
    """Checking a receipt (a GET form: nothing changes, no CSRF needed)."""

    class Meta:
        csrf = False

    receipt = StringField(_l("Kvittokod"), validators=[InputRequired(), Length(max=40)],
                          render_kw={"autocomplete": "off", "spellcheck": "false"})
    submit = SubmitField(_l("Kontrollera"), name=None)


class SurveyCodeForm(CodeForm):
    """Into the evaluation with the code someone voted with (or was given) and their number."""

    submit = SubmitField(_l("Fortsätt till frågorna"))


class SurveyTestEidForm(TestEidForm):
    submit = SubmitField(_l("Logga in (test)"))


class EmptyForm(Form):
    """A form whose fields the template writes itself: it brings the CSRF check."""
