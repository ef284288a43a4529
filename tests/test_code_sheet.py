"""The printed code sheet: every line stays on its own card, whatever the wording, the round's
name or the address (a line that runs onto the next card would hand over a code's steps
wrongly, and a code cut in half is lost)."""

import io
import re

import pypdf
import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from medborgarbudget.reports.codes import PADDING, SMALLEST, card_lines, code_sheet, layout

SWEDISH = {"title": "Röstkod", "code_label": "Din kod:", "footer": "Bunt {batch}, sida {page}",
           "steps": "1. Gå till {url}\n2. Välj Rösta och sedan Med röstkod.\n"
                    "3. Skriv koden och ditt personnummer.\nKoden gäller en gång."}
LONG_ENGLISH = {**SWEDISH, "steps": (
    "1. Go to {url}\n2. Type the code and your personal identity number, the twelve digits "
    "you were given at birth.\n3. Choose what you like best, within the budget of your "
    "district!\nThe code works once, and only for you.")}
CODE = "ABCD-EFGH-JKLM"


@pytest.mark.parametrize("name, url, texts, rows", [
    ("Medborgarbudget 2026", "https://boras.se/r", SWEDISH, 5),
    ("Medborgarbudget 2026: Norrby, Hässleholmen, Sjöbo, Centrum, Trandared och Brämhult "
     "med omnejd", "https://medborgarbudget.boras.se/omgangar/12345/rosta?barn=1", SWEDISH, 5),
    ("Kort", "https://medborgarbudget.stadsdelsforvaltningen-norr.boras.se/omgangar/12345/"
     "rosta?barn=1&utm_source=skolblad", LONG_ENGLISH, 4),  # too much for ten a page
])
def test_every_line_stays_on_its_card(name, url, texts, rows):
    card_w, card_h, got_rows, lines = layout(name, "Hässleholmen", url, CODE, texts)
    assert got_rows == rows
    assert lines == card_lines(name, "Hässleholmen", url, CODE, texts, card_w, card_h)
    for line in lines:
        assert line.dx >= PADDING
        assert line.dx + stringWidth(line.text, line.font, line.size) <= card_w - PADDING + 0.01
        assert PADDING / 2 <= line.dy <= card_h - PADDING
        assert line.size >= SMALLEST
    text = "".join(line.text for line in lines)
    assert CODE in text and url in text  # the code whole, the address all there
    assert any(line.text == CODE and line.size == 17 for line in lines)


def test_the_sheet_has_ten_cards_a_page_with_every_code():
    codes = [f"ABCD-EFGH-{n:04d}" for n in range(13)]
    pdf = code_sheet("Medborgarbudget 2026", "Norrby", "https://boras.se/r", codes, 7, SWEDISH)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    assert all(tuple(round(float(v)) for v in p.mediabox[2:]) == (595, 842)
               for p in reader.pages)  # A4
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert re.findall(r"ABCD-EFGH-\d{4}", text) == codes
    assert "Bunt 7, sida 2" in text
