"""Editions (règles §5): the PDFs pinned on the wall and signed on choice day.

A4 portrait, DejaVu Sans shipped in `bot/fonts` (any name prints: Nguyễn, Œillet, Łukasz,
D’Aubigné; a character the font lacks is refused, never printed as a blank), a header and the
column headings on every page, "page n / N" and the edition time (Europe/Paris) in the footer,
zebra rows. Same content and edition time give the same bytes (the PDF's dates and file id
come from the edition time).

Rows are drawn with fpdf2's low-level `text`, `rect` and `line`: `table()` lays out each cell as
a paragraph, seven times slower, and a 2,000-row liste d'appel must print within a second.
"""

from dataclasses import replace
from importlib import resources

from fpdf import FPDF

from bot.editions.documents import Colonne, Document, Tableau
from ranking.horloge import paris_minute as paris

FAMILY = "DejaVu"
FONTS = resources.files("bot.editions") / "fonts"
BODY_SIZE = 10
DETAILS_SIZE = 10
HEADINGS_SIZE = 9
HEADINGS_MM = 7
SMALLEST_SIZE = 6
LINE_MM_PER_PT = 0.45  # a line of text takes 1.27 its font size; 1 pt = 0.3528 mm
BASELINE_EM = 0.3  # the baseline below a cell's middle, as `FPDF.cell` places it
MARGIN = 10
ZEBRA = (236, 241, 247)
HEADINGS_FILL = (205, 215, 228)
RULE = (170, 170, 170)
WARNING = (160, 0, 0)


def rendre(document: Document) -> tuple[bytes, int]:
    """The PDF of a document and its number of pages."""
    pdf = _Edition(document)
    printable = _printable(pdf, document)
    if printable is not document:  # rare: an emoji in a name; the details line says so
        document, pdf = printable, _Edition(printable)
    for number, tableau in enumerate(document.tableaux):
        if number == 0 or tableau.titre:
            pdf.add_page()
        _draw(pdf, tableau)
    data = bytes(pdf.output())
    return data, pdf.pages_count


class _Edition(FPDF):
    def __init__(self, document: Document):
        super().__init__(format="A4")
        self.document = document
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(False, margin=15)
        self.set_creation_date(document.edition)
        self.set_title(f"{document.titre} — {document.details}")
        self.set_creator("amphi")
        self.set_lang("fr-FR")
        self.add_font(FAMILY, "", FONTS / "DejaVuSans.ttf")
        self.add_font(FAMILY, "B", FONTS / "DejaVuSans-Bold.ttf")
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.set_font(FAMILY, "", DETAILS_SIZE)
        self.details = self._wrapped(document.details.split(" · "), " · ")

    def _wrapped(self, parts: list[str], separator: str) -> list[str]:
        """The details line cut between its parts to fit the page, once for every page."""
        room = self.epw - 2 * self.c_margin
        lines = [parts[0]]
        for part in parts[1:]:
            longer = lines[-1] + separator + part
            if _width(self, longer, DETAILS_SIZE) <= room:
                lines[-1] = longer
            else:
                lines[-1] += separator.rstrip()
                lines.append(part)
        return lines

    def header(self) -> None:
        document = self.document
        self.set_font(FAMILY, "B", 15)
        self.cell(0, 8, document.titre, new_x="LMARGIN", new_y="NEXT")
        self.set_font(FAMILY, "", DETAILS_SIZE)
        for line in self.details:
            self.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
        if document.avertissement:
            self.set_font(FAMILY, "B", 10)
            self.set_text_color(*WARNING)
            self.cell(0, 6, document.avertissement, new_x="LMARGIN", new_y="NEXT")
            self.set_text_color(0)
        self.line(MARGIN, self.get_y() + 1, self.w - MARGIN, self.get_y() + 1)
        self.ln(3)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, "", 8)
        head = f" — {self.document.journal}" if self.document.journal else ""
        self.cell(0, 5, f"Édité le {paris(self.document.edition)} (heure de Paris) — amphi{head}")
        self.set_x(MARGIN)
        self.cell(0, 5, f"page {self.page_no()} / {{nb}}", align="R")


def _draw(pdf: _Edition, tableau: Tableau) -> None:
    if tableau.titre:
        pdf.set_font(FAMILY, "B", 12)
        pdf.cell(0, 8, tableau.titre, new_x="LMARGIN", new_y="NEXT")
    _headings(pdf, tableau)
    height = tableau.hauteur
    lefts = _lefts(tableau)
    total = sum(c.largeur for c in tableau.colonnes)
    groups = tableau.groupes or range(len(tableau.lignes))
    head, previous = (), None
    for row, group in zip(tableau.lignes, groups, strict=True):
        if group != previous:
            head, previous = row[: tableau.repeter], group
        if pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()
            _headings(pdf, tableau)
            row = (*head, *row[len(head) :])
        y = pdf.get_y()
        if group % 2:
            pdf.rect(MARGIN, y, total, height, style="F")
        for text, left, colonne in zip(row, lefts, tableau.colonnes, strict=True):
            if text:
                _write(pdf, left, y, colonne, height, text, BODY_SIZE)
        pdf.line(MARGIN, y + height, MARGIN + total, y + height)
        if tableau.grille:
            for x in (*lefts, MARGIN + total):
                pdf.line(x, y, x, y + height)
        pdf.set_y(y + height)


def _headings(pdf: _Edition, tableau: Tableau) -> None:
    """The column headings, then the body's font and shade ready for the rows."""
    pdf.set_font(FAMILY, "B", HEADINGS_SIZE)
    pdf.set_fill_color(*HEADINGS_FILL)
    y = pdf.get_y()
    pdf.rect(MARGIN, y, sum(c.largeur for c in tableau.colonnes), HEADINGS_MM, style="F")
    for left, colonne in zip(_lefts(tableau), tableau.colonnes, strict=True):
        _write(pdf, left, y, colonne, HEADINGS_MM, colonne.titre, HEADINGS_SIZE)
    pdf.set_y(y + HEADINGS_MM)
    pdf.set_font(FAMILY, "", BODY_SIZE)
    pdf.set_fill_color(*ZEBRA)


def _lefts(tableau: Tableau) -> list[float]:
    x, found = MARGIN, []
    for colonne in tableau.colonnes:
        found.append(x)
        x += colonne.largeur
    return found


def _write(
    pdf: _Edition, left: float, top: float, colonne: Colonne, height: float, text: str, size: float
) -> None:
    """Text placed in its cell with `FPDF.text` (a quarter of the cost of `FPDF.cell`, which
    lays out every cell as a paragraph), vertically centred as `cell` would. A long name is
    printed smaller, never cut; too long even at the smallest size, it goes on two lines."""
    room = colonne.largeur - 2 * pdf.c_margin
    natural = _width(pdf, text, size)
    if natural <= room:
        _place(pdf, left, top, colonne, height, text, natural, size)
        return
    if natural * SMALLEST_SIZE / size <= room:
        lines = [text]
        smaller = size * room / natural
    else:
        lines = _halves(text)
        widest = max(_width(pdf, line, size) for line in lines)
        smaller = min(size * room / widest, height / len(lines) / LINE_MM_PER_PT)
    pdf.set_font_size(smaller)
    part = height / len(lines)
    for number, line in enumerate(lines):
        width = _width(pdf, line, smaller)
        _place(pdf, left, top + number * part, colonne, part, line, width, smaller)
    pdf.set_font_size(size)


def _place(
    pdf: _Edition, left: float, top: float, colonne: Colonne, height: float, text: str,
    width: float, size: float,
) -> None:  # fmt: skip
    if colonne.align == "R":
        x = left + colonne.largeur - pdf.c_margin - width
    elif colonne.align == "C":
        x = left + (colonne.largeur - width) / 2
    else:
        x = left + pdf.c_margin
    pdf.text(x, top + height / 2 + BASELINE_EM * size / pdf.k, text)


def _halves(text: str) -> list[str]:
    """The text cut at the space or hyphen nearest its middle (kept whole if it has none)."""
    cuts = [i + 1 for i, c in enumerate(text) if c in " -"]
    if not cuts:
        return [text]
    cut = min(cuts, key=lambda i: abs(len(text) - 2 * i))
    return [text[:cut].rstrip(), text[cut:]]


def _width(pdf: _Edition, text: str, size: float) -> float:
    """What `get_string_width` gives for unshaped text, read straight from the font's advance
    widths: the general path costs as much as drawing the cell, for every cell."""
    advances = pdf.current_font.cw
    return sum(advances[ord(c)] for c in text) * size * 0.001 / pdf.k


REMPLACANT = "□"
"""Printed for a character the shipped font lacks (an emoji in a name): the rest of the name
prints, and the details line says what the square stands for."""


def _printable(pdf: _Edition, document: Document) -> Document:
    """The document with every character the font lacks replaced by REMPLACANT (a name the
    import accepted always prints), said once in its details."""
    cmap = pdf.fonts[FAMILY.lower()].cmap
    replaced = False

    def shown(text: str) -> str:
        nonlocal replaced
        if all(ord(c) in cmap for c in text):
            return text
        replaced = True
        return "".join(c if ord(c) in cmap else REMPLACANT for c in text)

    tableaux = tuple(
        replace(tableau, lignes=[[shown(text) for text in row] for row in tableau.lignes])
        for tableau in document.tableaux
    )
    if not replaced:
        return document
    note = f"{REMPLACANT} : caractère que la police ne sait pas imprimer (emoji…)"
    return replace(document, tableaux=tableaux, details=f"{document.details} · {note}")
