from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length

from ... import labels
from ...models import Role
from ..fields import options
from ..util import Form

ROLE_CHOICES = [(r.value, labels.ROLE[r]) for r in Role]


class UserForm(Form):
    name = StringField(_l("Namn"), validators=[DataRequired(_l("Fyll i namnet.")),
                                               Length(max=120)])
    email = EmailField(_l("E-postadress"), validators=[
        DataRequired(_l("Fyll i e-postadressen.")),
        Email(_l("Skriv en giltig e-postadress, till exempel namn@exempel.se.")),
        Length(max=254)])
    role = SelectField(_l("Roll"), choices=options(ROLE_CHOICES), default=Role.OFFICER.value)
    password = PasswordField(_l("Tillfälligt lösenord"), validators=[
        DataRequired(_l("Välj ett lösenord.")), Length(max=1000)],
        description=_l("Minst 10 tecken. Lämna det till personen på ett säkert sätt."),
        render_kw={"autocomplete": "new-password"})
    create = SubmitField(_l("Skapa konto"))


class AccountForm(Form):
    role = SelectField(_l("Roll"), choices=options(ROLE_CHOICES))
    active = SelectField(_l("Konto"),
                         choices=options([("1", _l("Aktivt")), ("0", _l("Avstängt"))]))
    save = SubmitField(_l("Spara"))
