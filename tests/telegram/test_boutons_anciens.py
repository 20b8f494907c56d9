"""Buttons on screens before an upgrade: each press of the call screen, of « Forcer hors
maquette » and of the remote picker now has its own declared kind. A press of the format amphi
wrote before is answered as a stale button and does nothing; a call screen followed before the
upgrade still follows the call."""

from hypothesis import given
from hypothesis import strategies as st

from bot.operations import appel as appel_operations
from bot.operations.base import Contexte
from bot.telegram import distance, ecran_appel, hors_maquette
from bot.telegram.textes import commun
from storage.database import Database
from tests import db_setup
from tests.bot_harness import GESTIONNAIRE_ID, bot_running, press


async def test_a_press_of_the_previous_format_is_answered_as_stale_and_changes_nothing(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    await (await db_setup.prepared(path, places=400)).close()
    before = _sans_saisies(db_setup.dump(path))
    async with bot_running(db_setup.config(), path) as bot:
        emu = bot.emulateur
        g = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        screen = await press(bot, g, await bot.dire(g, "/appel"), "MG")
        liste, version = screen.boutons[0][1].split(":")[1:3]
        older = (
            f"A:{liste}:{version}:3:0:0",  # « MG-1 » for the called interne
            f"A:{liste}:{version}:5:0:0",  # « appliquer la procuration », confirmed
            f"A:{liste}:{version}:0:0:0",  # « ↻ Rafraîchir »
            f"H:{liste}:{version}:0:0:-1",  # « Forcer hors maquette… »
            f"R:{liste}:1:2:0",  # an interne's « Confirmer MG-1 »
        )
        for data in older:
            query = await emu.appuyer(g, screen, data)
            await emu.attendre(lambda q=query: emu.callbacks[q]["answered"])
            assert emu.callbacks[query]["text"] == commun.BOUTON_PERIME, data
        assert not any("Erreur interne" in (m.text or "") for m in emu.recus(g.id))
    assert _sans_saisies(db_setup.dump(path)) == before


def _sans_saisies(dump: str) -> str:
    """The base but the bot's kept chat data (which screens it follows)."""
    return "\n".join(line for line in dump.splitlines() if "telegram_donnees" not in line)


async def test_a_screen_followed_before_the_upgrade_still_follows_the_call(tmp_path):
    """Its view was kept in the chat's data as amphi wrote it then (a tuple of opcodes)."""
    path = tmp_path / "amphi.sqlite3"
    await (await db_setup.prepared(path, places=400)).close()
    async with bot_running(db_setup.config(), path) as bot:
        emu = bot.emulateur
        g = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        screen = await press(bot, g, await bot.dire(g, "/appel"), "MG")
        postes = await press(bot, g, screen, "a choisi…")
        followed = bot.application.chat_data[postes.chat["id"]].ecrans
        liste = next(iter(followed))
        message_id, version, _ = followed[liste]
        followed[liste] = (message_id, version, (2, 0, 0))  # « a choisi… », page 1, as before
        database = await Database.open(path)
        ctx = Contexte(database, db_setup.config(), "test")
        state = await appel_operations.etat(ctx, "MG")
        await appel_operations.agir(ctx, "MG", "absent", state.appel.appele())
        await database.close()
        await emu.attendre(lambda: "Appelé : rang 2 " in postes.text, timeout=10)
        assert postes.text.startswith("↻ ")
        assert not any("Erreur interne" in (m.text or "") for m in emu.recus(g.id))


@given(st.text(max_size=80))
def test_each_handler_reads_any_data_without_raising_and_only_what_it_writes(data):
    for famille in (ecran_appel.APPEL, hors_maquette.HORS, distance.DISTANCE):
        read = famille.lire(data)
        assert read is None or read.sorte(**read._asdict()) == data
