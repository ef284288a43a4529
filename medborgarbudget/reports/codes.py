"""A printable sheet of one-time voting codes: cards to cut out, one code each."""

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

COLUMNS, ROWS = 2, 5
MARGIN = 12 * mm


def code_sheet(round_name: str, district: str, url: str, codes: list[str], batch: int,
               texts: dict[str, str]) -> bytes:
    """The PDF (A4, 10 cards a page). ``texts`` holds the translated wording: title, steps
    (with {url}), code_label, footer (with {batch} and {page})."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, invariant=1)  # the same codes give the same bytes
    pdf.setTitle(f"{texts['title']} – {district}")
    pdf.setAuthor("medborgarbudget")
    width, height = A4
    card_w = (width - 2 * MARGIN) / COLUMNS
    card_h = (height - 2 * MARGIN) / ROWS
    per_page = COLUMNS * ROWS
    for page_start in range(0, len(codes), per_page):
        for i, code in enumerate(codes[page_start:page_start + per_page]):
            col, row = i % COLUMNS, i // COLUMNS
            x = MARGIN + col * card_w
            y = height - MARGIN - (row + 1) * card_h
            pdf.setDash(3, 3)
            pdf.rect(x, y, card_w, card_h)
            pdf.setDash()
            top = y + card_h - 8 * mm
            pdf.setFont("Helvetica-Bold", 11)
            pdf.drawString(x + 5 * mm, top, texts["title"])
            pdf.setFont("Helvetica", 9)
            pdf.drawString(x + 5 * mm, top - 5 * mm, f"{round_name[:60]}")
            pdf.drawString(x + 5 * mm, top - 10 * mm, district)
            pdf.setFont("Helvetica", 9)
            pdf.drawString(x + 5 * mm, top - 17 * mm, texts["code_label"])
            pdf.setFont("Courier-Bold", 17)
            pdf.drawString(x + 5 * mm, top - 25 * mm, code)
            pdf.setFont("Helvetica", 8)
            for n, line in enumerate(texts["steps"].format(url=url).split("\n")):
                pdf.drawString(x + 5 * mm, top - 32 * mm - n * 4 * mm, line)
        pdf.setFont("Helvetica", 7)
        pdf.drawString(MARGIN, MARGIN / 2, texts["footer"].format(
            batch=batch, page=page_start // per_page + 1))
        pdf.showPage()
    pdf.save()
    return out.getvalue()
