"""A day run from the phone alone: 150 internes and 100 postes in one list, a second gestionnaire
following on his phone, a laptop beside. Postes are found by typing their name, each screen
follows the call, the irreversible acts are confirmed, a called interne's procuration is read on
the screen before « absent… » applies it. Every place is checked at the end."""

import asyncio
import os
import re

from bot.operations import comptes
from bot.operations import voeux as voeux_operations
from bot.operations.base import Contexte
from storage.database import Database
from tests import db_setup
from tests.bot_harness import bot_running, press, press_confirmed, two_call_screens
from tests.cli_harness import AMPHI
from tests.conftest import csv_bytes, interne

INTERNES, POSTES = 150, 100
PROCURATIONS = {r: (f"MG-{100 - n}", f"MG-{99 - n}", f"MG-{98 - n}")
                for n, r in enumerate(range(12, INTERNES, 20))}  # fmt: skip
"""Rang → voeux: among the last postes, which nobody before them takes."""
LAPTOP = set(range(9, INTERNES, 25))
"""Rangs chosen with `amphi appel choisir` on the laptop."""
APPELE = re.compile(r"Appelé : rang (\d+) .*\((\w+)\)")


def poste_for(rang: int) -> str:
    """What the rang-th interne chooses in the room: the postes in order, two places each."""
    return f"MG-{(rang - 1) // 2 + 1}"


async def _prepare(path) -> str:
    """The list ranked (rang = id), postes imported, procurations given; a code for the second
    gestionnaire."""
    rows = [interne(str(n)) for n in range(1, INTERNES + 1)]
    database = await Database.open(path)
    config = db_setup.config()
    await db_setup.import_all(database, config, csv_bytes(rows), db_setup.postes_csv({"MG": 200}))
    await db_setup.rank_to_final(database, config, "MG")
    ctx = Contexte(database, config, "test")
    for rang, wishes in PROCURATIONS.items():
        await voeux_operations.deposer_procuration(
            ctx, str(rang), "06 12 34 56 78", list(wishes), None
        )
    code = await comptes.inviter(ctx, None)
    await database.close()
    return code


async def _laptop(tmp_path, *args: str) -> None:
    process = await asyncio.create_subprocess_exec(
        AMPHI, "appel", *args, "--liste", "MG", "--db", str(tmp_path / "amphi.sqlite3"),
        cwd=tmp_path, env={**os.environ, "AMPHI_AUTEUR": "M. Portable"},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, stderr = await process.communicate()
    assert process.returncode == 0, stderr.decode()


def called(screen) -> int | None:
    found = APPELE.search(screen.text or "")
    return int(found.group(1)) if found else None


async def test_a_day_of_150_internes_and_100_postes_run_from_the_phone(tmp_path):
    (tmp_path / "config.toml").write_text(db_setup.CONFIG, encoding="utf-8")
    path = tmp_path / "amphi.sqlite3"
    code = await _prepare(path)
    expected: dict[str, str] = {}
    async with bot_running(db_setup.config(), path, rythme_par_chat=20) as bot:  # a day in a minute
        emu = bot.emulateur
        g1, g2, screen, _ = await two_call_screens(bot, code)
        screen = await press(bot, g1, screen, "Ouvrir le choix")
        undone = False
        while (rang := called(screen)) is not None:
            if rang in PROCURATIONS:
                wishes = PROCURATIONS[rang]
                assert (
                    f"Procuration (vœux libres, dans son ordre) : {', '.join(wishes)}"
                    in screen.text
                )
                assert "téléphone 06 12 34 56 78" in screen.text
                screen = await press_confirmed(bot, g1, screen, "absent")
                assert "procuration" in screen.text.splitlines()[0]
                expected[str(rang)] = wishes[0]
            elif rang in LAPTOP:
                await _laptop(tmp_path, "choisir", str(rang), poste_for(rang))
                await emu.attendre(lambda s=screen, r=rang: called(s) != r, timeout=10)
                assert screen.text.startswith("↻ "), screen.text  # followed, the act named
                expected[str(rang)] = poste_for(rang)
            else:
                number = poste_for(rang).split("-")[1]
                found = await bot.dire(g1, f"amiens service {number}")
                assert found.text.startswith(f"🔎 « amiens service {number} » : 1 poste(s).")
                screen = await press(bot, g1, found, poste_for(rang))
                assert f"prend le poste {poste_for(rang)}" in screen.text.splitlines()[0]
                expected[str(rang)] = poste_for(rang)
            if rang == 50 and not undone:  # the last choice undone, then made again
                undone = True
                screen = await press_confirmed(bot, g1, screen, "annuler le dernier choix")
                assert called(screen) == 50
                del expected["50"]
            if rang % 30 == 0:  # the second gestionnaire's screen has followed
                now = called(screen)
                await emu.attendre(lambda n=now: called(emu.dernier(g2.id)) == n, timeout=5)
        assert "Choix clos" not in screen.text
        screen = await press_confirmed(bot, g1, screen, "clore la liste")
        assert "Choix clos." in screen.text
        await emu.attendre(lambda: "Choix clos." in (emu.dernier(g2.id).text or ""), timeout=5)
        assert not emu.violations

    database = await Database.open(path)
    async with database.read() as tx:
        held = {row[0]: row[1] for row in await tx.all(
            "SELECT interne_id, poste_id FROM choix WHERE annule_at IS NULL")}  # fmt: skip
        over = await tx.all(
            "SELECT p.id FROM poste p WHERE p.capacite < (SELECT count(*) FROM choix c "
            "WHERE c.poste_id = p.id AND c.annule_at IS NULL)"
        )
        undo = await tx.value("SELECT count(*) FROM journal WHERE action = 'appel.annuler'")
    await database.close()
    expected["50"] = poste_for(50)
    assert held == expected and len(held) == INTERNES
    assert not over and undo == 1
