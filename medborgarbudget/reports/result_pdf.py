"""The result of a round as a PDF (design.md section 7), in Swedish or English.

First an easy-to-read page (what was decided, who won in each district, how many took part),
then a table and a chart per district, the rule and every tie-break in words, participation,
and an audit annex (counts, the SHA-256 of every embedded file, the chain head, the software
version). Embedded: result.json (the frozen result, byte for byte) and each district's
anonymised ballots as Pabulib files, so that `medborgarbudget verify` can re-count.

The same result gives the same bytes (reportlab's invariant mode, no time but the count's own,
files embedded in a fixed order); signing (reports.signing) comes after.
"""

import hashlib
import io
from decimal import Decimal
from fractions import Fraction
from typing import Any
from xml.sax.saxutils import escape

from flask_babel import force_locale, format_decimal, format_percent
from flask_babel import gettext as _
from pypdf import PdfReader, PdfWriter
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    KeepTogether,
    ListFlowable,
    ListItem,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

#: the file with the frozen result inside the PDF
RESULT_FILE = "result.json"

# Bitstream Vera comes with reportlab: the same glyphs on every machine, å ä ö included
pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))
pdfmetrics.registerFont(TTFont("Vera-Bold", "VeraBd.ttf"))
pdfmetrics.registerFontFamily("Vera", normal="Vera", bold="Vera-Bold")


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    styles = {name: ParagraphStyle(name, parent=base[parent], fontName=font)
              for name, parent, font in (("title", "Title", "Vera-Bold"),
                                         ("h1", "Heading1", "Vera-Bold"),
                                         ("h2", "Heading2", "Vera-Bold"),
                                         ("body", "BodyText", "Vera"),
                                         ("small", "BodyText", "Vera"))}
    for name in ("h1", "h2"):
        styles[name].keepWithNext = 1  # never a heading alone at the foot of a page
    styles["big"] = ParagraphStyle("big", parent=styles["body"], fontSize=13, leading=18)
    styles["small"].fontSize, styles["small"].leading = 8, 10
    styles["mono"] = ParagraphStyle("mono", parent=styles["small"], fontName="Courier")
    return styles


def kronor(value: str | int | Fraction) -> str:
    """An amount from the result (an exact decimal string) as '1 250 000 kr'."""
    return f"{format_decimal(Decimal(str(value)))}\u00a0kr"


def result_pdf(document: dict[str, Any], document_text: str, files: dict[str, str],
               lang: str = "sv") -> bytes:
    """The unsigned PDF: ``document`` is the result (``document_text`` its exact JSON text),
    ``files`` the districts' Pabulib files by name."""
    with force_locale(lang):
        story = _story(document, document_text, _styles())
        title = _("Resultat: %(name)s", name=document["round"]["name"])
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, title=title, author="medborgarbudget",
                            subject=document["round"]["name"], lang=lang, invariant=1,
                            leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=18 * mm, bottomMargin=18 * mm)
    doc.build(story, onFirstPage=_footer(document), onLaterPages=_footer(document))
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(out.getvalue())))
    writer.add_attachment(RESULT_FILE, document_text.encode())
    for name in sorted(files):
        writer.add_attachment(name, files[name].encode())
    writer.add_metadata({"/Producer": document["software"]})
    signed = io.BytesIO()
    writer.write(signed)
    return signed.getvalue()


def _footer(document: dict[str, Any]):
    text = f"{document['round']['name']} · {document['counted_at']}"

    def draw(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Vera", 7)
        canvas.drawString(18 * mm, 10 * mm, text[:110])
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, str(doc.page))
        canvas.restoreState()

    return draw


def _story(document: dict[str, Any], document_text: str, s: dict[str, ParagraphStyle]) -> list:
    rnd, counts = document["round"], document["counts"]
    p = lambda text, style="body": Paragraph(text, s[style])  # noqa: E731
    story = [p(escape(_("Resultat: %(name)s", name=rnd["name"])), "title")]
    # --- the easy-to-read first page
    binding = rnd["influence"] == "binding"
    story += [
        p(escape(_("Invånarna har röstat om hur pengarna ska användas.")), "big"),
        p(escape(_("Resultatet gäller: kommunen genomför de förslag som vann.") if binding
                 else _("Resultatet är ett råd till politikerna, som fattar beslutet.")), "big"),
        p(escape(_("%(n)s personer röstade.", n=format_decimal(counts["participations"]))),
          "big"),
        Spacer(1, 4 * mm),
    ]
    for district in document["districts"]:
        winners = [pr for pr in district["projects"] if pr["selected"]]
        story.append(p(escape(_("%(district)s: %(n)d förslag vann",
                                district=district["name"], n=len(winners))), "h2"))
        story.append(ListFlowable(
            [ListItem(p(escape(f"{w['title']} ({kronor(w['cost'])})"), "big"))
             for w in _in_order(district, winners)] or
            [ListItem(p(escape(_("Inget förslag vann.")), "big"))], bulletType="bullet"))
        story.append(p(escape(_("Förslagen kostar tillsammans %(total)s av %(budget)s.",
                                total=kronor(district["outcome"]["total_cost"]),
                                budget=kronor(district["budget"]))), "big"))
    story.append(PageBreak())
    # --- per district: table and chart
    story.append(p(escape(_("Resultat per område")), "h1"))
    for district in document["districts"]:
        story += _district(district, document, s)
    # --- the rule and the ties
    story.append(p(escape(_("Så räknades rösterna")), "h1"))
    story += [p(escape(text)) for text in _rule_in_words(document)]
    for district in document["districts"]:
        titles = {pr["id"]: pr["title"] for pr in district["projects"]}
        ties = district["outcome"]["ties"]
        if ties:
            story.append(p(escape(_("Lika i %(district)s:", district=district["name"])), "h2"))
            for tie in ties:
                story.append(p(escape(_(
                    "Steg %(step)d: %(projects)s stod lika. %(winner)s gick före (%(how)s).",
                    step=tie["step"], projects=", ".join(titles[t] for t in tie["projects"]),
                    winner=titles[tie["winner"]], how=_broken_by(tie["broken_by"])))))
    if not any(d["outcome"]["ties"] for d in document["districts"]):
        story.append(p(escape(_("Inga förslag stod lika, så ingen lottning behövdes."))))
    # --- participation
    story.append(p(escape(_("Deltagande")), "h1"))
    turnout = (format_percent(counts["participations"] / counts["roll"], "#,##0.0%")
               if counts["roll"] else "–")
    rows = [[_("Röstberättigade i röstlängden"), format_decimal(counts["roll"])],
            [_("Personer som röstade"), format_decimal(counts["participations"])],
            [_("Valdeltagande"), turnout],
            [_("Röstade med e-legitimation"), format_decimal(counts["eid"])],
            [_("Röstade med röstkod"), format_decimal(counts["code"])],
            [_("Röstade på papper"), format_decimal(counts["paper"])]]
    story.append(_table([[p(escape(a)), p(escape(b))] for a, b in rows], [110 * mm, 50 * mm]))
    # --- audit annex
    story += [PageBreak(), p(escape(_("Granskningsbilaga")), "h1"),
              p(escape(_("Den här bilagan gör det möjligt att kontrollera resultatet. I PDF-filen "
                         "finns rösterna från varje område (utan namn, tid eller sätt att "
                         "rösta) och resultatet som maskinläsbar fil. Kommandot nedan "
                         "kontrollerar underskriften, filernas kontrollsummor och räknar om "
                         "rösterna:"))),
              p("medborgarbudget verify RESULTAT.pdf --trust CERTIFIKAT.pem", "mono")]
    annex = [[_("Räknade röster"), format_decimal(counts["ballots_counted"])],
             [_("Ersatta röster (väljaren ändrade sin röst)"),
              format_decimal(counts["ballots_replaced"])],
             [_("Personer som röstade"), format_decimal(counts["participations"])],
             [_("Röstlängd"), format_decimal(counts["roll"])],
             [_("E-legitimation / röstkod / papper"),
              f"{counts['eid']} / {counts['code']} / {counts['paper']}"],
             [_("Röstloggens längd"), str(document["chain"]["length"])],
             [_("Röstloggens kedjehuvud (SHA-256)"), document["chain"]["head"]],
             [_("Programvara"), document["software"]],
             [_("Räknat"), document["counted_at"]]]
    story.append(_table([[p(escape(a), "small"), p(escape(b), "mono")] for a, b in annex],
                        [58 * mm, 116 * mm]))
    story.append(p(escape(_("Inbäddade filer och deras SHA-256:")), "h2"))
    digests = {RESULT_FILE: hashlib.sha256(document_text.encode()).hexdigest(),
               **document["files"]}
    story.append(_table([[p(escape(name), "small"), p(digest, "mono")]
                         for name, digest in sorted(digests.items())], [58 * mm, 116 * mm]))
    return story


def _in_order(district: dict[str, Any], projects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Projects in the order the rule selected them."""
    order = {pid: i for i, pid in enumerate(district["outcome"]["selected"])}
    return sorted(projects, key=lambda pr: order.get(pr["id"], len(order)))


def _district(district: dict[str, Any], document: dict[str, Any],
              s: dict[str, ParagraphStyle]) -> list:
    mes = document["engine"]["rule"] == "mes"
    steps = {st["project"]: st for st in district["outcome"]["steps"] if st["selected"]}
    head = [_("Förslag"), _("Kostnad"), _("Röster"), _("Vald"), _("Summa")]
    if mes:
        head += [_("Pris per väljare"), _("Effektiva röster")]
    rows, running = [], Fraction(0)
    ordered = _in_order(district, district["projects"])
    for pr in ordered:
        row = [pr["title"], kronor(pr["cost"]), format_decimal(pr["votes"]),
               _("ja") if pr["selected"] else _("nej"), ""]
        if pr["selected"]:
            running += Fraction(pr["cost"])
            row[4] = kronor(running)
        if mes:
            step = steps.get(pr["id"], {})
            price = step.get("price_per_voter")
            effective = step.get("effective_votes")
            row += [kronor(round(Fraction(price), 2)) if price else "",
                    format_decimal(round(Decimal(float(Fraction(effective))), 1))
                    if effective else ""]
        rows.append(row)
    widths = ([58 * mm, 26 * mm, 16 * mm, 12 * mm, 26 * mm, 18 * mm, 18 * mm] if mes
              else [82 * mm, 30 * mm, 20 * mm, 14 * mm, 28 * mm])
    table = _table([[Paragraph(escape(c), s["small"]) for c in head]]
                   + [[Paragraph(escape(c), s["small"]) for c in row] for row in rows], widths,
                   header=True)
    out = [Paragraph(escape(_("%(district)s (budget %(budget)s, %(n)s röster)",
                              district=district["name"], budget=kronor(district["budget"]),
                              n=format_decimal(district["ballots"]))), s["h2"]), table,
           Spacer(1, 3 * mm)]
    if district["projects"]:
        out.append(KeepTogether([_chart(ordered), Paragraph(escape(_(
            "Diagrammet visar antalet röster per förslag; samma siffror står i tabellen.")),
            s["small"])]))
    return out


def _chart(projects: list[dict[str, Any]]) -> Drawing:
    height = 12 * len(projects) + 30
    drawing = Drawing(170 * mm, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 62 * mm, 15, 100 * mm, height - 25
    chart.data = [[pr["votes"] for pr in reversed(projects)]]
    chart.categoryAxis.categoryNames = [pr["title"][:40] for pr in reversed(projects)]
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = "Vera"
    chart.categoryAxis.labels.fontSize = chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.HexColor("#1f5f8b")
    for i, pr in enumerate(reversed(projects)):
        if not pr["selected"]:
            chart.bars[(0, i)].fillColor = colors.HexColor("#9bb7cc")
    drawing.add(chart)
    return drawing


def _table(rows: list[list], widths: list[float], header: bool = False) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
             ("VALIGN", (0, 0), (-1, -1), "TOP")]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6eef4")))
    table.setStyle(TableStyle(style))
    return table


def _rule_in_words(document: dict[str, Any]) -> list[str]:
    engine = document["engine"]
    if engine["rule"] == "greedy":
        texts = [_("Förslagen ordnades efter hur många som röstade på dem. Förslaget med flest "
                   "röster valdes först, sedan nästa, så länge pengarna räckte. Ett förslag som "
                   "inte fick plats i budgeten hoppades över, och nästa prövades.")]
        if engine.get("no_skip"):
            texts = [_("Förslagen ordnades efter hur många som röstade på dem och valdes i "
                       "den ordningen. Vid det första förslaget som inte fick plats i "
                       "budgeten slutade räkningen.")]
        if engine.get("threshold"):
            texts.append(_("Ett förslag behövde minst %(n)d röster för att kunna väljas.",
                           n=engine["threshold"]))
    else:
        texts = [_("Rösterna räknades med metoden lika andelar (Method of Equal Shares). "
                   "Budgeten delas lika mellan alla som röstade. Ett förslag väljs när de som "
                   "röstade på det tillsammans kan betala det, och det förslag som kostar "
                   "varje röstande minst väljs först. Så får grupper med olika önskemål "
                   "var sin del av budgeten.")]
        if engine.get("completion", "none") != "none":
            texts.append(_("Om pengar blev över höjdes allas andel en krona i taget och "
                           "räkningen gjordes om, så länge resultatet rymdes i budgeten."))
        if engine.get("fill"):
            texts.append(_("Det som sedan blev över fylldes med de förslag som fått flest "
                           "röster och som fick plats."))
        if engine.get("comparison"):
            texts.append(_("Till sist jämfördes resultatet med det man får genom att bara "
                           "välja efter antal röster; det resultat som fler väljare föredrog "
                           "behölls."))
    texts.append(_("Vid lika gick det billigare förslaget före, sedan det med flest röster, och "
                   "sist avgjorde lotten. Lotten drogs med ett frö som publicerades när "
                   "röstningen öppnade: %(seed)s.", seed=engine.get("seed") or "–"))
    return texts


def _broken_by(how: str) -> str:
    return {"lower cost": _("lägre kostnad"), "more votes": _("fler röster"),
            "lot": _("lottning"), "lexicographic": _("lägst id")}.get(how, how)
