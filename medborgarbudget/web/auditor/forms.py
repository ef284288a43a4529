from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import SubmitField

from ..util import Form


class VerifyForm(Form):
    pdf = FileField(_l("Resultatfil (PDF)"), validators=[FileRequired()],
                    description=_l("Den underskrivna PDF-filen med resultatet."))
    certificate = FileField(_l("Certifikat att lita på (valfritt)"),
                            description=_l("Lämna tomt för att kontrollera mot kommunens "
                                           "eget certifikat."))
    submit = SubmitField(_l("Kontrollera"))
