"""The room's page in a real headless Chromium, served by the real `amphi bot`: an interne
chooses from his phone through the bot, the laptop records the next choices with `amphi appel`
(one while the bot restarts after a kill), and the open page shows each within moments, never
reloaded."""

import pytest

from bot.emulateur import Emulateur
from bot.operations import appel as appel_operations
from bot.operations.base import Contexte
from storage.database import Database
from tests import db_setup
from tests.bot_process import port_libre, served_bot, tap
from tests.cli_harness import portable
from tests.conftest import liste_simple
from tests.web.navigateur import ABSENT, CHROMIUM, Navigateur

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason=ABSENT)
REMOTE = db_setup.CONFIG + '\n[appel]\ndelai_secondes = 600\na_distance = ["MG"]\n'
APPELE = "document.querySelector('.appele').innerText"


async def test_the_page_in_chromium_follows_the_bot_and_the_laptop(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    (tmp_path / "config.toml").write_text(REMOTE, encoding="utf-8")
    await liste_simple(path, db_setup.config(REMOTE), 30, 60)
    await db_setup.lier_premiers(path, 1)
    port = port_libre()
    emu = Emulateur()
    first = emu.utilisateur(10_000, "Interne 1")
    async with served_bot(tmp_path, emu, REMOTE + f"\n[web]\nport = {port}\n") as bot:
        database = await Database.open(path)
        await appel_operations.ouvrir(Contexte(database, db_setup.config(REMOTE), "g"), "MG")
        await database.close()
        async with Navigateur() as navigateur:
            await navigateur.ouvrir(f"http://127.0.0.1:{port}/")
            await navigateur.attendre(f"{APPELE}.includes('rang 1 — Nom1 Prénom')")
            await navigateur.lire("window.jamaisRechargee = true")

            await emu.attendre(lambda: any(m.text.startswith("🔔") for m in emu.recus(first.id)))
            turn = next(m for m in emu.recus(first.id) if m.text.startswith("🔔"))
            picker = await tap(emu, first, turn, "Choisir mon poste")
            confirm = await tap(emu, first, picker, "CHU Amiens — service 4")
            await tap(emu, first, confirm, "Confirmer MG-4")  # through the bot
            await navigateur.attendre(f"{APPELE}.includes('rang 2 — Nom2 Prénom')", timeout=5)
            assert "Nom1 Prénom" in await navigateur.lire(
                "document.querySelector('table.derniers').innerText"
            )

            await portable(path, "choisir", "2", "MG-4")  # the laptop: MG-4 is now full
            await navigateur.attendre(f"{APPELE}.includes('rang 3 — Nom3 Prénom')", timeout=5)
            await bot.restart()  # kill -9 and started again: the page reconnects by itself
            await portable(path, "choisir", "3", "MG-9")
            await navigateur.attendre(f"{APPELE}.includes('rang 4 — Nom4 Prénom')", timeout=15)
            assert await navigateur.lire("window.jamaisRechargee") is True
            full = await navigateur.lire(
                "[...document.querySelectorAll('tr.plein td:first-child')].map(c => c.innerText)"
            )
            assert full == ["MG-4"]
            assert await navigateur.lire("getComputedStyle(document.querySelector('tr.plein td'))"
                                         ".textDecorationLine") == "line-through"  # fmt: skip

            await navigateur.ouvrir(f"http://127.0.0.1:{port}/projecteur")
            await navigateur.attendre(f"{APPELE}.includes('rang 4')")
            assert await navigateur.lire("document.body.scrollWidth <= window.innerWidth")
            await navigateur.photo(tmp_path / "projecteur.png")
        await bot.stop()
    assert (tmp_path / "projecteur.png").read_bytes().startswith(b"\x89PNG")
    assert emu.violations == []
