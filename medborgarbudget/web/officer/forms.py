from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ... import labels
from ...models import BallotRule, Influence, Round, TallyRule
from ...services.rounds import TALLY_OPTION_DEFAULTS
from ..fields import IdField, KronorField, options
from ..util import Form

_count = [Optional(), NumberRange(1, 1000, _l("Skriv ett tal mellan 1 och 1000."))]


class RoundForm(Form):
    name = StringField(_l("Namn"), validators=[DataRequired(_l("Ge omgången ett namn.")),
                                               Length(3, 200)])
    purpose = TextAreaField(_l("Syfte"), validators=[
        DataRequired(_l("Beskriv syftet med omgången.")), Length(20, 5000)],
        description=_l("Vad pengarna är till för och varför, med enkla ord. Visas överst på "
                       "omgångens sida."), render_kw={"rows": 6})
    influence = RadioField(_l("Grad av inflytande"), choices=options([
        (i.value, labels.INFLUENCE[i]) for i in Influence]),
        validators=[InputRequired(_l("Välj grad av inflytande."))])
    proposals_open = DateField(_l("Förslagsfasen öppnar"), validators=[InputRequired()])
    proposals_close = DateField(_l("Förslagsfasen stänger"), validators=[InputRequired()])
    voting_open = DateField(_l("Röstningen öppnar"), validators=[InputRequired()])
    voting_close = DateField(_l("Sista röstdagen"), validators=[InputRequired()])
    results_date = DateField(_l("Resultatet publiceras"), validators=[InputRequired()])
    min_voting_age = IntegerField(_l("Lägsta ålder för att rösta"), default=0, validators=[
        InputRequired(_l("Skriv en ålder; 0 betyder alla åldrar.")),
        NumberRange(0, 120, _l("Skriv en ålder mellan 0 och 120."))],
        description=_l("Ålder på sista röstdagen. 0 betyder att alla får rösta, även barn."))
    ballot_rule = RadioField(_l("Röstsedel"), choices=options([
        (r.value, labels.BALLOT_RULE[r]) for r in BallotRule]),
        validators=[InputRequired(_l("Välj hur röstsedeln fungerar."))])
    ballot_min_projects = IntegerField(_l("Minsta antal förslag (frivilligt)"), validators=_count)
    ballot_max_projects = IntegerField(_l("Högsta antal förslag (frivilligt)"), validators=_count)
    approval_k = IntegerField(_l("Antal förslag man får välja"), validators=_count)
    tally_rule = RadioField(_l("Räkneregel"), choices=options([
        (r.value, labels.TALLY_RULE[r]) for r in TallyRule]),
        validators=[InputRequired(_l("Välj räkneregel."))])
    greedy_threshold = IntegerField(_l("Lägsta antal röster för att vinna (frivilligt)"),
                                    validators=[Optional(), NumberRange(0, 10_000_000)])
    greedy_no_skip = BooleanField(_l("Sluta vid första förslag som inte ryms i budgeten"))
    mes_completion = SelectField(_l("Komplettering"), choices=options([
        ("add1", _l("Höj väljarnas budget en krona i taget (add1)")),
        ("none", _l("Ingen komplettering"))]), default="add1")
    mes_stop_at_exhaustive = BooleanField(
        _l("Sluta vid första utfall som använder hela budgeten"), default=True)
    mes_voter_budget = SelectField(_l("Varje väljares startbudget"), choices=options([
        ("floor", _l("Budgeten delat med antalet väljare, avrundat nedåt till hela kronor")),
        ("exact", _l("Budgeten delat med antalet väljare, exakt"))]), default="floor")
    mes_greedy_fill = BooleanField(_l("Fyll på med flest röster efteråt"))
    mes_comparison = BooleanField(
        _l("Jämför med flest röster och välj det utfall som fler väljare föredrar"))
    save = SubmitField(_l("Spara"))

    #: the form's fields that belong to each rule's options
    OPTION_FIELDS = {TallyRule.GREEDY: "greedy_", TallyRule.MES: "mes_"}

    def load(self, rnd: Round) -> None:
        """Fill the form from a round (for GET)."""
        for name in ("name", "purpose", "proposals_open", "proposals_close", "voting_open",
                     "voting_close", "results_date", "min_voting_age", "ballot_min_projects",
                     "ballot_max_projects", "approval_k"):
            getattr(self, name).data = getattr(rnd, name)
        for name in ("influence", "ballot_rule", "tally_rule"):
            getattr(self, name).data = getattr(rnd, name).value
        prefix = self.OPTION_FIELDS[rnd.tally_rule]
        for key, value in rnd.tally_options.items():
            getattr(self, prefix + key).data = value if value or key != "threshold" else None

    def values(self) -> dict[str, Any]:
        """The round's settings as the services take them."""
        rule = TallyRule(self.tally_rule.data)
        prefix = self.OPTION_FIELDS[rule]
        options = {key: getattr(self, prefix + key).data for key in TALLY_OPTION_DEFAULTS[rule]}
        if rule is TallyRule.GREEDY:
            options["threshold"] = options["threshold"] or 0
        return {
            "name": self.name.data, "purpose": self.purpose.data,
            "influence": Influence(self.influence.data),
            "proposals_open": self.proposals_open.data,
            "proposals_close": self.proposals_close.data,
            "voting_open": self.voting_open.data, "voting_close": self.voting_close.data,
            "results_date": self.results_date.data, "min_voting_age": self.min_voting_age.data,
            "ballot_rule": BallotRule(self.ballot_rule.data),
            "ballot_min_projects": self.ballot_min_projects.data,
            "ballot_max_projects": self.ballot_max_projects.data,
            "approval_k": self.approval_k.data,
            "tally_rule": rule, "tally_options": options,
        }


class DistrictForm(Form):
    name = StringField(_l("Områdets namn"), validators=[
        DataRequired(_l("Skriv områdets namn.")), Length(2, 100)])
    budget = KronorField(_l("Budget i kronor"), validators=[
        InputRequired(_l("Skriv områdets budget i hela kronor."))])
    save = SubmitField(_l("Spara området"))


class ReviewForm(Form):
    decision = RadioField(_l("Bedömning"), choices=options([
        ("feasible", _l("Genomförbart: kommer med på röstsedeln")),
        ("not_feasible", _l("Inte genomförbart"))]),
        validators=[InputRequired(_l("Välj en bedömning."))])
    cost_estimate = KronorField(_l("Kommunens kostnadsberäkning i kronor"),
                                description=_l("Krävs om förslaget är genomförbart. Måste "
                                               "rymmas i områdets budget."))
    reason = TextAreaField(_l("Motivering"), validators=[Optional(), Length(max=5000)],
                           description=_l("Krävs om förslaget inte är genomförbart. Visas för "
                                          "förslagsställaren och allmänheten."),
                           render_kw={"rows": 5})
    save = SubmitField(_l("Spara bedömningen"))


class FollowUpForm(Form):
    dated = DateField(_l("Datum"), validators=[InputRequired(_l("Ange ett datum."))])
    status = RadioField(_l("Läge"), choices=options(
        [(s.value, label) for s, label in labels.FOLLOW_UP_STATUS.items()]),
        validators=[InputRequired(_l("Välj hur långt projektet har kommit."))])
    spent = KronorField(_l("Använt hittills, i kronor"), least=0,
                        validators=[InputRequired(_l("Ange hur mycket som har använts."))])
    text = TextAreaField(_l("Vad har hänt?"), validators=[
        DataRequired(_l("Skriv vad som har hänt.")), Length(max=5000)],
        description=_l("Visas för alla på förslagets sida."), render_kw={"rows": 4})
    reason = TextAreaField(_l("Varför avbröts projektet?"),
                           validators=[Optional(), Length(max=2000)],
                           description=_l("Krävs om projektet avbryts."), render_kw={"rows": 2})
    post = SubmitField(_l("Publicera uppföljningen"))


class HideForm(Form):
    reason = TextAreaField(_l("Varför döljs förslaget?"), validators=[
        DataRequired(_l("Skriv varför förslaget döljs.")), Length(max=2000)],
        description=_l("Förslagsställaren ser motiveringen."), render_kw={"rows": 3})
    hide = SubmitField(_l("Dölj förslaget"))


class UnhideForm(Form):
    reason = TextAreaField(_l("Kommentar (frivillig)"), validators=[Optional(),
                                                                    Length(max=2000)],
                           render_kw={"rows": 2})
    unhide = SubmitField(_l("Visa förslaget igen"))


class RollForm(Form):
    file = FileField(_l("Röstlängd (CSV)"), validators=[FileRequired()],
                     description=_l("En rad per person: personnummer;område, med rubrikraden "
                                    "personnummer;district först. Hela filen läses in, eller "
                                    "ingenting."))
    submit = SubmitField(_l("Läs in röstlängden"))


class CodesForm(Form):
    district = SelectField(_l("Område"), coerce=int)
    count = IntegerField(_l("Antal koder"), default=30,
                         validators=[InputRequired(), NumberRange(min=1, max=2000)])
    for_children = BooleanField(_l("Lappar för barn"),
                                description=_l("Lappen leder till röstsedeln för barn, med "
                                               "bilder och enkla ord, och säger hur man gör "
                                               "med korta meningar."))
    submit = SubmitField(_l("Skapa och ladda ner koder (PDF)"))


class LookupForm(Form):
    district = SelectField(_l("Röstmottagningens område"), coerce=int,
                           description=_l("Personen får bara rösta här om den är folkbokförd i "
                                          "området. Välj alla områden om mottagningen tar emot "
                                          "röster från hela kommunen."))
    personnummer = StringField(_l("Personnummer"), validators=[InputRequired(), Length(max=20)],
                               render_kw={"autocomplete": "off", "inputmode": "numeric"})
    submit = SubmitField(_l("Sök i röstlängden"))


class QuestionForm(Form):
    kind = RadioField(_l("Typ av fråga"), choices=options([
        ("scale", _l("Skala från 1 till 5")), ("text", _l("Fritext"))]), default="scale",
        validators=[InputRequired(_l("Välj typ av fråga."))])
    text = StringField(_l("Frågan"), validators=[DataRequired(_l("Skriv frågan.")),
                                                 Length(max=500)])
    add = SubmitField(_l("Lägg till frågan"))


class SurveyTextsForm(Form):
    intro = TextAreaField(_l("Inledning"), validators=[Optional(), Length(max=5000)],
                          description=_l("Visas över frågorna. Kan ändras tills utvärderingen "
                                         "öppnar."), render_kw={"rows": 3})
    summary = TextAreaField(_l("Vad kommunen tar med sig"), validators=[Optional(),
                                                                        Length(max=10000)],
                            description=_l("Er sammanfattning av svaren, särskilt fritexterna "
                                           "(som inte publiceras). Publiceras med "
                                           "sammanfattningen."), render_kw={"rows": 6})
    save = SubmitField(_l("Spara texterna"))


class ActionForm(Form):
    """A button that does one thing (the CSRF check comes with it)."""

    question_id = IdField(validators=[Optional()])


class AnswerForm(Form):
    answer = TextAreaField(_l("Svar"), validators=[DataRequired(_l("Skriv svaret.")),
                                                   Length(max=2000)], render_kw={"rows": 4})
    visibility = RadioField(_l("Vem ser svaret?"), choices=options([
        ("public", _l("Alla: frågan och svaret visas på omgångens sida")),
        ("private", _l("Bara den som frågade (när svaret gäller en person)"))]),
        default="public", validators=[InputRequired(_l("Välj vem som ser svaret."))])
    send = SubmitField(_l("Skicka svaret"))


class ReasonForm(Form):
    reason = TextAreaField(_l("Motivering"), validators=[
        DataRequired(_l("Skriv en motivering.")), Length(max=2000)],
        description=_l("Visas i stället för texten, och för den som skrev den."),
        render_kw={"rows": 2})
    hide = SubmitField(_l("Dölj"))


class HandleForm(Form):
    """What was done about a reported accessibility barrier."""

    note = TextAreaField(_l("Vad gjordes?"), validators=[
        DataRequired(_l("Skriv vad som gjordes.")), Length(max=2000)],
        description=_l("Till exempel: rättat, svarat, eller varför inget ändras. Svara den "
                       "som rapporterade innan du markerar rapporten som hanterad."),
        render_kw={"rows": 2})
    submit = SubmitField(_l("Markera som hanterad"))
