from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from ..util import Form


class LoginForm(Form):
    email = EmailField(_l("E-postadress"), validators=[
        DataRequired(_l("Fyll i din e-postadress.")), Length(max=254)],
        render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Lösenord"), validators=[
        DataRequired(_l("Fyll i ditt lösenord.")), Length(max=1000)],
        render_kw={"autocomplete": "current-password"})
    submit = SubmitField(_l("Logga in"))


class RegisterForm(Form):
    name = StringField(_l("Namn"), validators=[
        DataRequired(_l("Fyll i ditt namn.")), Length(max=120)],
        description=_l("Visas bara för kommunens handläggare, aldrig offentligt."),
        render_kw={"autocomplete": "name"})
    email = EmailField(_l("E-postadress"), validators=[
        DataRequired(_l("Fyll i din e-postadress.")),
        Email(_l("Skriv en giltig e-postadress, till exempel namn@exempel.se.")),
        Length(max=254)], render_kw={"autocomplete": "email"})
    password = PasswordField(_l("Lösenord"), validators=[
        DataRequired(_l("Välj ett lösenord.")), Length(max=1000)],
        description=_l("Minst 10 tecken."), render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Upprepa lösenordet"), validators=[
        DataRequired(_l("Upprepa lösenordet.")),
        EqualTo("password", _l("Lösenorden är inte likadana."))],
        render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Skapa konto"))
