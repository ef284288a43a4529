from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from ... import labels
from ...models import PUBLIC_STATES, Category
from ..fields import IdField, options
from ..util import Form


class LanguageForm(Form):
    """The language menu. Each language is named in itself (and marked as such for screen
    readers)."""

    lang = SelectField(_l("Språk"), choices=[
        SelectChoice("sv", "Svenska", render_kw={"lang": "sv"}),
        SelectChoice("lattlast", "Lättläst svenska", render_kw={"lang": "sv"}),
        SelectChoice("en", "English", render_kw={"lang": "en"})])
    submit = SubmitField(_l("Byt språk"), id="lang-submit")


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


class CommentForm(Form):
    body = TextAreaField(_l("Din kommentar"), validators=[
        DataRequired(_l("Skriv din kommentar.")), Length(max=2000)],
        description=_l("Visas för alla, utan ditt namn. Håll god ton och skriv inte om andra "
                       "personer."), render_kw={"rows": 4})
    submit = SubmitField(_l("Skicka kommentaren"))


class ReportForm(Form):
    comment_id = IdField(validators=[InputRequired()])
    reason = StringField(_l("Vad är fel med kommentaren?"), validators=[
        DataRequired(_l("Skriv vad som är fel med kommentaren.")), Length(max=1000)])
    submit = SubmitField(_l("Anmäl"))


class QuestionForm(Form):
    body = TextAreaField(_l("Din fråga"), validators=[
        DataRequired(_l("Skriv din fråga.")), Length(max=2000)],
        description=_l("Frågan visas för alla när kommunen har svarat på den, om svaret inte "
                       "gäller dig personligen: då svarar vi bara till dig."),
        render_kw={"rows": 4})
    submit = SubmitField(_l("Skicka frågan"))


class BarrierForm(Form):
    """Report an accessibility barrier: anyone, no account needed."""

    description = TextAreaField(_l("Vad fungerar inte för dig?"), validators=[
        DataRequired(_l("Beskriv vad som inte fungerar för dig.")), Length(max=4000)],
        description=_l("Berätta vad du försökte göra och vad som hindrade dig."),
        render_kw={"rows": 5})
    page = StringField(_l("Var på webbplatsen? (frivilligt)"), validators=[Length(max=500)],
                       description=_l("Sidans adress eller namn, till exempel röstsedeln."))
    contact = StringField(_l("E-post eller telefon, om du vill ha svar (frivilligt)"),
                          validators=[Length(max=200)],
                          description=_l("Vi använder den bara för att svara dig och raderar "
                                         "den när ärendet är klart."),
                          render_kw={"autocomplete": "email"})
    submit = SubmitField(_l("Skicka rapporten"))
