"""The editions: a 2,000-row liste d'appel, from the stored base to the PDF, against fpdf2 writing the
same rows as a bare table (same font, one bordered `cell` per value, no layout). The floor (each
value placed with `text`, nothing else) is printed too: the layout draws with `text` as well."""

import asyncio
import time
from dataclasses import replace
from datetime import UTC, datetime

from fpdf import FPDF

from bench.storage_bench import CONFIG, _final, fresh
from bench.timing import measure, verdict
from bot.editions.documents import Document
from bot.editions.rendu import FONTS, rendre
from bot.operations import editions as edition_builders
from bot.repetition.exemple import generate, to_csv
from ranking.config import parse_config
from ranking.importer import read_internes
from storage import imports, listes, semestre
from storage.database import Database

ROWS = 2_000
MOMENT = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)


async def _stored_list() -> tuple[Database, object]:
    """A subdivision base (Île-de-France, ~2,400 MG internes) ranked to its final order."""
    config = parse_config(CONFIG, "config.toml")
    data = to_csv(generate(7_000, subdivisions=["Île-de-France"], seed=11))
    database = await Database.open(fresh("editions.sqlite3"))
    async with database.write() as tx:
        await semestre.sync(tx, config, "bench")
    async with database.write() as tx:
        changes = await imports.internes_changes(tx, read_internes(data, "internes.csv"))
        await imports.apply_internes(tx, changes, "internes.csv", data, "bench", config.classement)
    await _final(database, config, "MG")
    return database, config


async def _document(database: Database, config) -> tuple[Document, float]:
    start = time.perf_counter()
    async with database.read() as tx:
        liste = await listes.get(tx, "MG")
        document, _ = await edition_builders.liste_appel(tx, liste, config, MOMENT)
    return document, time.perf_counter() - start


def _bare(rows) -> bytes:
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", FONTS / "DejaVuSans.ttf")
    pdf.set_font("DejaVu", size=10)
    pdf.add_page()
    for row in rows:
        for text in row:
            pdf.cell(23.75, 7, text, border=1)
        pdf.ln()
    return bytes(pdf.output())


def _floor(rows) -> bytes:
    """The least fpdf2 can do: each value placed with `text`, pages cut, nothing else."""
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", FONTS / "DejaVuSans.ttf")
    pdf.set_font("DejaVu", size=10)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    y = 10.0
    for row in rows:
        if y > 280:
            pdf.add_page()
            y = 10.0
        for column, text in enumerate(row):
            pdf.text(11 + 23.75 * column, y + 4.6, text)
        y += 7
    return bytes(pdf.output())


async def _figures() -> tuple[int, float, dict[str, tuple[float, float]]]:
    database, config = await _stored_list()
    try:
        document, read = min(
            [await _document(database, config) for _ in range(3)], key=lambda r: r[1]
        )
    finally:
        await database.close()
    [tableau] = document.tableaux
    rows = tableau.lignes[:ROWS]
    document = replace(document, tableaux=(replace(tableau, lignes=rows),))
    return (
        len(tableau.lignes),
        read,
        measure(
            {
                "bare": lambda: _bare(rows),
                "floor": lambda: _floor(rows),
                "edition": lambda: rendre(document),
            },
            repeat=5,
        ),
    )


def run() -> None:
    stored, read, figures = asyncio.run(_figures())
    bare, floor, edition = (figures[name][0] for name in ("bare", "floor", "edition"))
    ratio = edition / bare
    whole = read + edition
    print(f"Éditions — liste d'appel de {ROWS} lignes, A4, DejaVu Sans")
    print(f"  fpdf2 seul, tableau brut (une cellule par valeur) {bare * 1000:8.1f} ms")
    print(f"  fpdf2 seul, texte seul (text(), plancher)   {floor * 1000:8.1f} ms")
    print(f"  liste d'appel mise en page                  {edition * 1000:8.1f} ms")
    mise_en_page_ok = verdict(
        ratio <= 1.5, "liste d'appel PDF / tableau brut", f"{ratio:.2f} ×", "≤ 1,5 ×"
    )
    print(
        f"  rapport mise en page / tableau brut         {ratio:8.2f} ×  (objectif ≤ 1,5 : {mise_en_page_ok})"
    )
    print(f"  lecture de la base ({stored} internes classés)  {read * 1000:8.1f} ms")
    edition_ok = verdict(
        whole <= 1, "édition complète (lecture + PDF)", f"{whole * 1000:.0f} ms", "≤ 1 s"
    )
    print(
        f"  édition complète (lecture + PDF)            {whole * 1000:8.1f} ms  (objectif ≤ 1 s : {edition_ok})"
    )
    print()
