from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ... import labels
from ...models import Category, Round
from ..fields import KronorField, options
from ..util import Form


class ProposalForm(Form):
    title = StringField(_l("Rubrik"), validators=[
        DataRequired(_l("Skriv en rubrik.")), Length(3, 120)],
        description=_l(
            "Kort och tydligt, till exempel ”Belysning längs gångvägen vid Sjöbo torg”."))
    summary = TextAreaField(_l("Sammanfattning"), validators=[
        DataRequired(_l("Skriv en kort sammanfattning.")), Length(10, 300)],
        description=_l("En eller två meningar. Visas i listor och på röstsedeln."),
        render_kw={"rows": 3})
    description = TextAreaField(_l("Beskrivning"), validators=[
        DataRequired(_l("Beskriv ditt förslag.")), Length(20, 10000)],
        description=_l("Vad vill du göra, var, och vem har nytta av det? Lämna en tom rad "
                       "mellan stycken."), render_kw={"rows": 10})
    estimated_cost = KronorField(_l("Uppskattad kostnad i kronor"), validators=[
        InputRequired(_l("Skriv vad du tror att förslaget kostar."))],
        description=_l("Din uppskattning räcker. Kommunen räknar på kostnaden när förslaget "
                       "granskas."))
    district_id = SelectField(_l("Område"), validators=[
        InputRequired(_l("Välj ett område."))])
    category = SelectField(_l("Kategori"), choices=options([
        (c.value, labels.CATEGORY[c]) for c in Category]), validators=[InputRequired()])
    place = StringField(_l("Plats (frivilligt)"), validators=[Optional(), Length(max=200)],
                        description=_l("Till exempel en gata, en park eller en skola."))
    save = SubmitField(_l("Spara utkast"))
    submit = SubmitField(_l("Skicka in förslaget"))

    def for_round(self, rnd: Round) -> "ProposalForm":
        self.district_id.choices = options([(str(d.id), d.name) for d in rnd.districts])
        return self

    def values(self) -> dict:
        return {
            "title": self.title.data, "summary": self.summary.data,
            "description": self.description.data, "estimated_cost": self.estimated_cost.data,
            "district_id": int(self.district_id.data), "category": Category(self.category.data),
            "place": self.place.data or None,
        }
