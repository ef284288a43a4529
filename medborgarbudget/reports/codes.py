"""A printable sheet of one-time voting codes: cards to cut out, one code each.

Every line is fitted to its card: long round names wrap, a long address gets a smaller font,
if the steps still do not fit the card their font shrinks, and if even that is not enough a
page holds fewer, taller cards. A card that prints outside its own cut lines would hand one
person's code to the next."""

import io
from typing import NamedTuple

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

COLUMNS = 2
#: cards down a page: ten cards a page if the wording fits, else fewer and taller
ROWS = (5, 4, 3)
MARGIN = 12 * mm
#: space between a card's cut line and its text
PADDING = 5 * mm
#: the smallest type on a card (points): still readable printed
SMALLEST = 6.5
#: the code's type: monospaced, so every code of a sheet (all of one length) takes the same
#: room, and one card's layout serves them all
CODE_FONT = "Courier-Bold"


class Line(NamedTuple):
    """One line of a card: where (from the card's bottom left corner) and in what type."""

    text: str
    font: str
    size: float
    dx: float
    dy: float


def _fitted(text: str, font: str, size: float, width: float) -> list[tuple[str, float]]:
    """``text`` wrapped at spaces to ``width``; a piece that cannot wrap (an address) gets a
    smaller font instead, down to SMALLEST (and is wrapped by characters below that)."""
    out = []
    for piece in simpleSplit(text, font, size, width) or [""]:
        wide = stringWidth(piece, font, size)
        if wide <= width:
            out.append((piece, size))
            continue
        smaller = max(SMALLEST, size * width / wide)
        while piece:
            cut = len(piece)
            while cut > 1 and stringWidth(piece[:cut], font, smaller) > width:
                cut -= 1
            out.append((piece[:cut], smaller))
            piece = piece[cut:]
    return out


def card_lines(round_name: str, district: str, url: str, code: str, texts: dict[str, str],
               card_w: float, card_h: float) -> list[Line]:
    """The lines of one card, fitted to it as well as it can be (see fits)."""
    inner = card_w - 2 * PADDING
    for steps_size in (8, 7.5, 7, SMALLEST):
        lines: list[Line] = []
        y = card_h - 7 * mm

        def add(text: str, font: str, size: float, gap: float, most: int = 99) -> None:
            nonlocal y
            pieces = _fitted(text, font, size, inner)[:most]
            for n, (piece, fitted) in enumerate(pieces):
                lines.append(Line(piece, font, fitted, PADDING, y))
                y -= gap if n == len(pieces) - 1 else fitted * 1.2  # (points)

        add(texts["title"], "Helvetica-Bold", 11, 5 * mm)
        add(round_name, "Helvetica", 9, 4.5 * mm, most=2)
        add(district, "Helvetica", 9, 6 * mm, most=1)
        add(texts["code_label"], "Helvetica", 9, 7 * mm)
        add(code, CODE_FONT, 17, 6.5 * mm)
        for step in texts["steps"].format(url=url).split("\n"):
            add(step, "Helvetica", steps_size, steps_size * 1.25)
        if fits(lines):
            break
    return lines


def fits(lines: list[Line]) -> bool:
    """Whether the lowest line stays clear of the card's bottom cut line."""
    return lines[-1].dy >= PADDING / 2


def layout(round_name: str, district: str, url: str, code: str,
           texts: dict[str, str]) -> tuple[float, float, int, list[Line]]:
    """Card width and height, rows a page (ten cards a page when the text fits) and the
    card's lines, for ``code`` or any other code of its length."""
    width, height = A4
    card_w = (width - 2 * MARGIN) / COLUMNS
    for rows in ROWS:
        card_h = (height - 2 * MARGIN) / rows
        lines = card_lines(round_name, district, url, code, texts, card_w, card_h)
        if fits(lines):
            break
    return card_w, card_h, rows, lines


def code_sheet(round_name: str, district: str, url: str, codes: list[str], batch: int,
               texts: dict[str, str]) -> bytes:
    """The PDF (A4, 10 cards a page if they fit). ``texts`` holds the translated wording:
    title, steps (with {url}), code_label, footer (with {batch} and {page})."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, invariant=1)  # the same codes give the same bytes
    pdf.setTitle(f"{texts['title']} – {district}")
    pdf.setAuthor("medborgarbudget")
    if len({len(code) for code in codes}) > 1:
        raise ValueError("the codes of a sheet are all of one length")
    _width, height = A4
    card_w, card_h, rows, lines = layout(round_name, district, url,
                                         codes[0] if codes else "", texts)
    per_page = COLUMNS * rows
    for page_start in range(0, len(codes), per_page):
        for i, code in enumerate(codes[page_start:page_start + per_page]):
            col, row = i % COLUMNS, i // COLUMNS
            x = MARGIN + col * card_w
            y = height - MARGIN - (row + 1) * card_h
            pdf.setDash(3, 3)
            pdf.rect(x, y, card_w, card_h)
            pdf.setDash()
            for line in lines:
                pdf.setFont(line.font, line.size)
                pdf.drawString(x + line.dx, y + line.dy,
                               code if line.font == CODE_FONT else line.text)
        pdf.setFont("Helvetica", 7)
        pdf.drawString(MARGIN, MARGIN / 2, texts["footer"].format(
            batch=batch, page=page_start // per_page + 1))
        pdf.showPage()
    pdf.save()
    return out.getvalue()
