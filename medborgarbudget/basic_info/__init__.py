"""Basic information in the national minority languages: what a medborgarbudget is, how to
propose, how to vote and how to get help.

The whole interface is in Swedish and English; these languages get this one page, as Swedish
municipalities usually give them. The texts are gettext catalogues beside this file
(``fi.po`` and so on, with the Swedish text as msgid) so that translators work with the tools
they know. Babel's locale data has no Meänkieli or Romani, so the catalogues are read here,
not through Flask-Babel. A text a catalogue lacks is shown in Swedish, marked lang="sv".
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

HERE = Path(__file__).parent


@dataclass(frozen=True)
class Language:
    code: str  #: BCP 47, for lang and hreflang
    name: str  #: in the language itself
    rtl: bool = False


LANGUAGES = {lang.code: lang for lang in (
    Language("fi", "Suomi"),
    Language("fit", "Meänkieli"),
    Language("se", "Davvisámegiella"),
    Language("rom", "Romani chib"),
    Language("yi", "ייִדיש", rtl=True),
)}

TITLE = "Medborgarbudget i Borås"
#: (heading, text) in Swedish: the msgids of the catalogues
SECTIONS = (
    ("Vad är en medborgarbudget?",
     "En medborgarbudget är pengar från Borås Stad som invånarna själva bestämmer över. Du kan "
     "föreslå vad pengarna ska användas till i ditt område. Sedan röstar invånarna om "
     "förslagen. De förslag som vinner omröstningen genomförs."),
    ("Så lämnar du ett förslag",
     "Skapa ett konto på den här webbplatsen och beskriv din idé: vad, var och ungefär vad den "
     "kostar. Kommunen kontrollerar att förslaget går att genomföra. Behöver du hjälp att "
     "skriva förslaget, kontakta kommunen."),
    ("Så röstar du",
     "När röstningen är öppen väljer du de förslag du tycker bäst om. Du kan rösta med "
     "e-legitimation, med en röstkod som du får i skolan eller på biblioteket, eller på papper "
     "hos kommunen. Ingen kan se hur du röstade."),
    ("Så får du hjälp",
     "Kontakta Borås Stads kontaktcenter eller besök Medborgarkontoret. Du kan få hjälp av en "
     "tolk."),
)
MORE = "Läs mer på svenska"


def source_texts() -> list[str]:
    """Every Swedish text that the page shows, in order."""
    return [TITLE, *(text for section in SECTIONS for text in section), MORE]


@cache
def catalogue(code: str) -> dict[str, str]:
    """The translations of one language: Swedish text -> translated text."""
    with (HERE / f"{code}.po").open("rb") as f:
        return {m.id: m.string for m in read_po(f) if m.id and m.string and not m.fuzzy}


@dataclass(frozen=True)
class Text:
    text: str
    lang: str  #: the language the text is in: the page's, or "sv" where it lacks a translation


def page(code: str) -> dict[str, object]:
    """The page in one language, ready for the template."""
    translated = catalogue(code)

    def text(source: str) -> Text:
        found = translated.get(source)
        return Text(found, code) if found else Text(source, "sv")

    return {"title": text(TITLE), "more": text(MORE),
            "sections": [(text(heading), text(body)) for heading, body in SECTIONS]}
