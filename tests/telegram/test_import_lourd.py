"""Files sent to the real `amphi bot` that take long to read, or that unzip to far more than a
table: read beside the bot's event loop (another user is answered meanwhile); an XLSX that
unzips beyond what amphi reads is refused from its archive's directory at once, in French,
naming the file, the bot's memory kept low."""

import asyncio
import io
import time
import zipfile

from openpyxl import Workbook

from bot.emulateur import Emulateur
from tests import db_setup
from tests.bot_process import served_bot
from tests.conftest import COLUMNS, interne
from tests.telegram.test_second_appui import semestre

MO = 1024 * 1024


def _workbook(rows: list[list[str]]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def bombe(megaoctets: int) -> bytes:
    """A real postes workbook whose sheet holds `megaoctets` MB of spaces (written a megabyte
    at a time: a few hundred kB once zipped)."""
    source = zipfile.ZipFile(io.BytesIO(_workbook([["id", "terrain", "liste", "capacite"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            if not item.filename.startswith("xl/worksheets/"):
                archive.writestr(item, data)
                continue
            head, tail = data.split(b"<sheetData>", 1)
            with archive.open(item.filename, "w") as part:
                part.write(head + b"<sheetData>")
                for _ in range(megaoctets):
                    part.write(b" " * MO)
                part.write(tail)
    return out.getvalue()


def _pic_memoire(pid: int) -> int:
    """The process's peak resident memory, in bytes."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        line = next(line for line in status if line.startswith("VmHWM"))
    return int(line.split()[1]) * 1024


async def _gestionnaire(emu: Emulateur, g, code: str) -> int:
    """The gestionnaire bound by his invitation: how many messages he holds."""
    await emu.ecrire(g, f"/start {code}")
    await emu.attendre(lambda: len(emu.recus(g.id)) >= 1, timeout=30)
    return len(emu.recus(g.id))


async def test_an_xlsx_unzipping_beyond_a_table_is_refused_at_once_naming_the_file(tmp_path):
    database, _, code = await semestre(tmp_path / "amphi.sqlite3", [2] * 4, count=6)
    await database.close()
    piegee = bombe(300)
    assert len(piegee) < MO
    emu = Emulateur()
    g = emu.utilisateur(777, "Mme Durand")
    async with served_bot(tmp_path, emu, db_setup.CONFIG) as bot:
        held = await _gestionnaire(emu, g, code)
        sent = time.monotonic()
        await emu.envoyer_document(g, "postes.xlsx", piegee)
        refused = await emu.reponse(g.id, held, timeout=60)
        took = time.monotonic() - sent
        peak = _pic_memoire(bot.process.pid)
        await bot.stop()
    assert refused.text.startswith("Fichier refusé en entier, rien n'est changé"), refused.text
    assert "postes.xlsx : fichier XLSX qui se décompresse en 300 Mo, au-delà des 256 Mo" in (
        refused.text
    )
    assert took < 3, took
    assert peak < 200 * MO, peak


async def test_another_user_is_answered_while_a_big_file_is_read(tmp_path):
    """A file of 15 000 internes takes seconds to read: meanwhile, another user's /aide is
    answered at once, and the file's preview comes after."""
    database, _, code = await semestre(tmp_path / "amphi.sqlite3", [2] * 4, count=6)
    await database.close()
    rows = [interne(str(n)) for n in range(1, 15_001)]
    data = _workbook([COLUMNS, *([row[c] for c in COLUMNS] for row in rows)])
    emu = Emulateur()
    g = emu.utilisateur(777, "Mme Durand")
    other = emu.utilisateur(778, "Autre")
    async with served_bot(tmp_path, emu, db_setup.CONFIG) as bot:
        held = await _gestionnaire(emu, g, code)
        await emu.envoyer_document(g, "internes.xlsx", data)
        await asyncio.sleep(1)  # its reading has begun
        asked = time.monotonic()
        await emu.ecrire(other, "/aide")
        await emu.attendre(lambda: len(emu.recus(other.id)) > 0, timeout=120)
        answered = time.monotonic() - asked
        still_reading = len(emu.recus(g.id)) == held
        preview = await emu.reponse(g.id, held, timeout=120)
        await bot.stop()
    assert still_reading and answered < 2, answered
    assert "Import de internes.xlsx" in preview.text, preview.text
    assert emu.violations == []
