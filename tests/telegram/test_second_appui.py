"""The call screen under a second tap, through the real `amphi bot` process and the emulator:
a double tap is two presses ~150 ms apart, the second on the keyboard as the first redrew it,
at the same row and the same place across it (a row of one button spans the screen). No act
is ever done by it; the acts ask first, naming whom they concern; a search typed for one
interne is not applied to the next; the end of a list still takes a latecomer; and a remote
chooser whose place the gestionnaire recorded meanwhile is told which."""

import asyncio
import sqlite3
import time

import pytest

from bot.emulateur import Emulateur, Message, Utilisateur
from bot.operations import appel as appel_operations
from bot.operations import comptes, voeux
from bot.operations.base import Contexte
from ranking.classement import Statut
from storage.database import Database
from tests import db_setup
from tests.bot_harness import names
from tests.bot_process import served_bot, tap
from tests.cli_harness import portable
from tests.conftest import csv_bytes, interne

REMOTE = db_setup.CONFIG + '\n[appel]\ndelai_secondes = 600\na_distance = ["MG"]\n'
ECART = 0.15
"""Seconds between the two presses of a double tap."""


async def double_tap(emu: Emulateur, user: Utilisateur, message: Message, label: str) -> str:
    """Press `label`, then, once the bot redrew the keyboard and ECART after the first press,
    whatever now sits at the same place: the label the second press landed on."""
    rows = message.reply_markup["inline_keyboard"]
    row, col = next((r, c) for r, buttons in enumerate(rows)
                    for c, b in enumerate(buttons) if names(b["text"], label))  # fmt: skip
    across = (col + 0.5) / len(rows[row])
    started = time.monotonic()
    await tap(emu, user, message, label)
    await asyncio.sleep(max(0.0, started + ECART - time.monotonic()))
    now = message.reply_markup["inline_keyboard"]
    assert row < len(now), "nothing under the finger"
    under = now[row][min(int(across * len(now[row])), len(now[row]) - 1)]
    edits = message.modifications
    await emu.appuyer(user, message, under["callback_data"])
    await emu.attendre(lambda: message.modifications > edits, timeout=15)
    return under["text"]


def journal(path, action: str) -> list[str]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT detail FROM journal WHERE action = ?", (action,))
        return [row[0] for row in rows]


async def semestre(path, places: list[int], count: int = 10, procurations=(), remote=False):
    """MG alone: `count` internes ranked by id (Nom1 Prénom…), postes MG-1… of these
    capacities; procurations (interne, voeux) given; a gestionnaire's invitation code."""
    config = db_setup.config(REMOTE if remote else db_setup.CONFIG)
    database = await Database.open(path)
    postes = "id,terrain,liste,capacite,type\n" + "".join(
        f"MG-{n},CHU Amiens — service {n},MG,{size},CHU\n" for n, size in enumerate(places, 1)
    )
    rows = csv_bytes([interne(str(n)) for n in range(1, count + 1)])
    await db_setup.import_all(database, config, rows, postes.encode())
    await db_setup.rank_to_final(database, config, "MG")
    ctx = Contexte(database, config, "Mme Durand")
    for who, wishes in procurations:
        await voeux.deposer_procuration(ctx, who, "06 12 34 56 78", wishes, None)
    code = await comptes.inviter(ctx, None)
    return database, ctx, code


async def call_screen(bot_emu: Emulateur, g: Utilisateur, code: str) -> Message:
    await bot_emu.ecrire(g, f"/start {code}")
    await bot_emu.attendre(lambda: len(bot_emu.recus(g.id)) >= 1, timeout=30)
    count = len(bot_emu.recus(g.id))
    await bot_emu.ecrire(g, "/appel")
    menu = await bot_emu.reponse(g.id, count, timeout=15)
    return await tap(bot_emu, g, menu, "MG")


def standard(rang: int) -> tuple[str, Statut]:
    return (str(rang), Statut.STANDARD)


async def test_a_double_tap_never_applies_the_next_interne_s_procuration(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    database, ctx, code = await semestre(
        path, [2] * 12, procurations=[("2", ["MG-3", "MG-4", "MG-5"])]
    )
    await appel_operations.ouvrir(ctx, "MG")
    await database.close()
    emu = Emulateur()
    g = emu.utilisateur(777, "Mme Durand")
    async with served_bot(tmp_path, emu, db_setup.CONFIG) as bot:
        screen = await call_screen(emu, g, code)
        assert not [t for t, _ in screen.boutons if "procuration" in t]  # 1 gave none
        second = await double_tap(emu, g, screen, "a choisi…")  # not the first poste: back
        assert second == "◀ Retour" and "Appelé : rang 1 " in screen.text
        await tap(emu, g, screen, "a choisi…")
        second = await double_tap(emu, g, screen, "MG-1")  # then, where MG-1 was: …
        assert second == "appliquer la procuration…"
        assert screen.text.splitlines()[:2] == [
            "❓ À confirmer : Appliquer la procuration de 2 Nom2 Prénom ?",
            "→ 2 Nom2 Prénom prendra « CHU Amiens — service 3 (CHU) » (MG-3).",
        ]
        assert journal(path, "appel.procuration") == []
        third = await double_tap(emu, g, screen, "Confirmer")  # its Confirm, then again there
        assert third != "Confirmer" and journal(path, "appel.procuration") == [
            "2 prend le poste MG-3 (par procuration)"
        ]
        assert third == "absent…" and "Appelé : rang 3 " in screen.text  # asked, not done
        await tap(emu, g, screen, "◀ Retour")  # 3 gave none: no way to apply one is offered
        assert "Appelé : rang 3 " in screen.text and "Pas de procuration." in screen.text
        assert not [t for t, _ in screen.boutons if "procuration" in t]
        await bot.stop()
    assert journal(path, "appel.choisir") == ["1 prend le poste MG-1"]
    assert len(journal(path, "appel.procuration")) == 1


async def test_a_double_tap_never_declares_the_one_waited_for_injoignable(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    database, ctx, code = await semestre(
        path, [1] * 12, procurations=[("4", ["MG-1", "MG-2", "MG-3"])]
    )
    await appel_operations.ouvrir(ctx, "MG")
    for rang in (1, 2, 3):  # 4's wishes all taken
        await appel_operations.agir(ctx, "MG", "choisir", standard(rang), f"MG-{rang}")
    await database.close()
    emu = Emulateur()
    g = emu.utilisateur(777, "Mme Durand")
    async with served_bot(tmp_path, emu, db_setup.CONFIG) as bot:
        screen = await call_screen(emu, g, code)
        second = await double_tap(emu, g, screen, "absent…")
        assert second == "◀ Retour" and journal(path, "appel.absent") == []
        await tap(emu, g, screen, "absent…")
        assert screen.text.startswith("❓ À confirmer : Marquer absent 4 Nom4 Prénom ?")
        second = await double_tap(emu, g, screen, "Confirmer")  # where « injoignable… » comes
        assert second == "injoignable…"
        assert journal(path, "appel.absent") == [
            "4 absent, aucun vœu de sa procuration n'est libre : l'appeler"
        ]
        assert screen.text.startswith("❓ À confirmer : Déclarer injoignable 4 Nom4 Prénom ?")
        assert "En attente d'appel téléphonique : rang 4 " in screen.text
        assert journal(path, "appel.injoignable") == []
        await tap(emu, g, screen, "Confirmer")
        assert journal(path, "appel.injoignable") == [
            "4 injoignable, passé : il choisira à son arrivée"
        ]
        await bot.stop()


async def test_a_search_is_forgotten_once_the_call_moves_on(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    database, ctx, code = await semestre(path, [2] * 12)
    await appel_operations.ouvrir(ctx, "MG")
    await database.close()
    emu = Emulateur()
    g = emu.utilisateur(777, "Mme Durand")
    async with served_bot(tmp_path, emu, db_setup.CONFIG) as bot:
        screen = await call_screen(emu, g, code)
        await tap(emu, g, screen, "a choisi…")
        count = len(emu.recus(g.id))
        await emu.ecrire(g, "service 7")
        found = await emu.reponse(g.id, count, timeout=15)
        assert found.text.startswith("🔎 « service 7 » : 1 poste(s).")
        assert "Choix de : rang 1 Nom1 Prénom (1)" in found.text
        await tap(emu, g, found, "MG-7")
        assert "Appelé : rang 2 " in found.text
        await tap(emu, g, found, "a choisi…")  # for 2: every poste, not « service 7 »
        assert found.text.startswith("🔎 Tapez un mot du nom ou du type d'un poste")
        assert "Choix de : rang 2 Nom2 Prénom (2)" in found.text
        assert len([t for t, _ in found.boutons if " · MG-" in t]) == 8
        await bot.stop()


async def test_the_end_of_a_list_still_takes_a_latecomer_and_office_names_whom(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    database, ctx, code = await semestre(path, [2] * 4, count=3)
    await appel_operations.ouvrir(ctx, "MG")
    await appel_operations.agir(ctx, "MG", "absent", standard(1))
    for rang in (2, 3):
        await appel_operations.agir(ctx, "MG", "choisir", standard(rang), f"MG-{rang}")
    await database.close()
    emu = Emulateur()
    g = emu.utilisateur(777, "Mme Durand")
    async with served_bot(tmp_path, emu, db_setup.CONFIG) as bot:
        screen = await call_screen(emu, g, code)
        assert "Absents sans poste : 1" in screen.text
        labels = [t for t, _ in screen.boutons]
        assert "arrivée d'un absent…" in labels and "affecter d'office…" in labels
        await tap(emu, g, screen, "affecter d'office…")
        await tap(emu, g, screen, "rang 1 ")
        assert "Affecter d'office : rang 1 Nom1 Prénom (1)" in screen.text
        await tap(emu, g, screen, "◀ Retour")
        await tap(emu, g, screen, "arrivée d'un absent…")
        await tap(emu, g, screen, "rang 1 ")
        assert "1 arrivé" in screen.text.splitlines()[0] and "Appelé : rang 1 " in screen.text
        await tap(emu, g, screen, "a choisi…")
        await tap(emu, g, screen, "MG-4")
        assert journal(path, "appel.choisir")[-1] == "1 prend le poste MG-4"
        await bot.stop()


@pytest.mark.parametrize("tapped", ["Confirmer MG-2", "MG-2"])
async def test_a_remote_choice_after_the_gestionnaire_recorded_another_place(tmp_path, tapped):
    """The interne taps « Confirmer MG-2 », or MG-2 on the postes' list, after the gestionnaire
    recorded MG-8 for him: he is told so, not « Votre choix est enregistré : MG-8 »."""
    path = tmp_path / "amphi.sqlite3"
    database, _, _ = await semestre(path, [2] * 12, remote=True)
    await database.close()
    await db_setup.lier_premiers(path, 1)
    emu = Emulateur()
    first = emu.utilisateur(10_000, "Interne 1")
    async with served_bot(tmp_path, emu, REMOTE) as bot:
        await portable(path, "ouvrir")
        await emu.attendre(lambda: any(m.text.startswith("🔔") for m in emu.recus(first.id)), 30)
        turn = next(m for m in emu.recus(first.id) if m.text.startswith("🔔"))
        shown = await tap(emu, first, turn, "Choisir mon poste")
        if tapped.startswith("Confirmer"):
            shown = await tap(emu, first, shown, "MG-2")
        await portable(path, "choisir", "1", "MG-8")  # the gestionnaire, meanwhile
        told = await tap(emu, first, shown, tapped)
        assert told.text == (
            "✔ Le gestionnaire a enregistré MG-8 pour vous (CHU Amiens — service 8) ; "
            "MG-2 reste libre"
        )
        await bot.stop()
    assert journal(path, "appel.choisir") == ["1 prend le poste MG-8"]
