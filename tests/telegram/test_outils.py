"""A list's tools from the gestionnaire's phone, through the real bot: results as CSV, the
procurations sheet with phones, who has no Telegram yet, a message to the list, re-opening the
ranking and re-offering the places left, each confirmed, journaled, and refused to others."""

import csv
import io

from bot.operations import appel as appel_operations
from bot.operations import voeux as voeux_operations
from bot.operations.base import Contexte
from storage.database import Database
from tests import db_setup
from tests.bot_harness import GESTIONNAIRE_ID, bot_running, press
from tests.telegram.test_appuis import journal_of


def _semestre(path) -> list[str]:
    """The base as SQL, the alerts' sending marks aside (they land as the sender goes)."""
    return [line for line in db_setup.dump(path).splitlines() if '"notification"' not in line]


async def test_the_card_of_a_called_list_gives_the_gestionnaire_his_tools(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    await (await db_setup.prepared(path, places=400, open_mg=False)).close()
    first, code = await db_setup.premier_de_mg(path)
    database = await Database.open(path)
    ctx = Contexte(database, db_setup.config(), "test")
    await voeux_operations.deposer_procuration(
        ctx, first, "06 12 34 56 78", ["MG-1", "MG-2", "MG-3"], None
    )
    state = await appel_operations.ouvrir(ctx, "MG")
    await appel_operations.agir(ctx, "MG", "absent", state.appel.appele())  # procuration: MG-1
    await database.close()
    async with bot_running(db_setup.config(), path) as bot:
        emu = bot.emulateur
        g = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        lea = emu.utilisateur(1001, "Léa")
        await bot.dire(lea, f"/start {code}")
        card = await press(bot, g, await bot.dire(g, "/listes"), "MG", 1)
        labels = [label for label, _ in card.boutons]
        assert labels == [
            "Résultats (CSV)", "Procurations (téléphones)", "Sans Telegram",
            "Message aux internes…", "Rouvrir le classement…",
        ]  # fmt: skip

        sheet = await press(bot, g, card, "Procurations", 1)
        assert sheet.text.startswith("Procurations — MG (1)")
        assert "06 12 34 56 78" in sheet.text and "vœux : MG-1, MG-2, MG-3" in sheet.text
        unbound = await press(bot, g, card, "Sans Telegram", 1)
        assert unbound.text.startswith("Sans Telegram — MG : ")
        assert first not in unbound.text  # Léa bound hers

        sent = await press(bot, g, card, "Résultats (CSV)", 1)
        assert sent.document["file_name"].endswith(".csv")
        rows = list(
            csv.DictReader(io.StringIO(emu.fichier(sent.document["file_id"]).decode("utf-8-sig")))
        )
        assert (rows[0]["id"], rows[0]["poste"]) == (first, "MG-1")
        assert not any(r["poste"] for r in rows[1:])  # the others are not called yet

        asked = await press(bot, g, card, "Message aux internes…", 1)
        assert asked.text.startswith("Écrivez le message pour les 1 interne(s) de MG")
        preview = await bot.dire(g, "L'appel reprend à 14 h, salle 2 <b>")
        assert (
            "📨 MG — message du gestionnaire :\n\nL'appel reprend à 14 h, salle 2 <b>"
            in preview.text
        )
        count = len(emu.recus(lea.id))
        done = await press(bot, g, preview, "Envoyer à 1", 1)
        assert done.text.startswith("✔ Message envoyé à 1 interne(s)")
        await emu.attendre(lambda: len(emu.recus(lea.id)) > count)
        assert emu.recus(lea.id)[count].text.endswith("L'appel reprend à 14 h, salle 2 <b>")

        mallory = emu.utilisateur(3001, "Mallory")
        before = _semestre(path)
        for _, data in card.boutons:
            query = await emu.appuyer(lea, card, data)
            await emu.attendre(lambda q=query: emu.callbacks[q]["answered"])
            assert emu.callbacks[query]["text"] == "Réservé aux gestionnaires."
            query = await emu.appuyer(mallory, card, data)
            await emu.attendre(lambda q=query: emu.callbacks[q]["answered"])
        assert _semestre(path) == before

        held = await press(bot, g, card, "Rouvrir", 1)  # refused at once while a place is held
        assert held.text.startswith("Refusé : liste « MG » : 1 choix déjà enregistré(s)")
        database = await Database.open(path)
        ctx = Contexte(database, db_setup.config(), "test")
        await appel_operations.agir(ctx, "MG", "annuler")
        await database.close()
        stale = await press(bot, g, await press(bot, g, card, "Rouvrir"), "droit au remords")
        query = await emu.appuyer(g, stale, stale.boutons[0][1])  # drawn before the message
        await emu.attendre(lambda: emu.callbacks[query]["answered"])
        assert emu.callbacks[query]["text"].startswith("Ce clavier est périmé")
        assert stale.text == "MG — choix ouvert"  # the card as it now is, nothing done
        motifs = await press(bot, g, stale, "Rouvrir le classement…")
        confirm = await press(bot, g, motifs, "droit au remords")
        assert confirm.text.startswith(
            "❓ À confirmer : rouvrir le classement de « MG » (droit au remords) : son appel"
        )
        data = next(d for t, d in confirm.boutons if t.startswith("Confirmer"))
        reopened = await press(bot, g, confirm, "Confirmer")
        assert reopened.text.startswith("✔ classement de « MG » rouvert (droit au remords)")
        query = await emu.appuyer(g, reopened, data)  # the confirmation pressed again
        await emu.attendre(lambda: emu.callbacks[query]["answered"])
        assert emu.callbacks[query]["text"].startswith("Déjà fait")
    assert len(await journal_of(path, "classement.rouvrir")) == 1
    assert len(await journal_of(path, "message.liste")) == 1


async def test_a_closed_list_re_offers_its_places_from_the_phone(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    database = await db_setup.prepared(path, places=400, internes=40)
    ctx = Contexte(database, db_setup.config(), "test")
    state = await appel_operations.etat(ctx, "MG")
    while (key := state.appel.appele()) is not None:
        poste = next(p for p, n in state.ouverts.items() if n == 2)
        _, state = await appel_operations.agir(ctx, "MG", "choisir", key, poste)
    await appel_operations.agir(ctx, "MG", "clore")
    await database.close()
    async with bot_running(db_setup.config(), path) as bot:
        emu = bot.emulateur
        g = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        card = await press(bot, g, await bot.dire(g, "/listes"), "MG", 1)
        targets = await press(bot, g, card, "Ré-offrir les places restantes…")
        assert [t for t, _ in targets.boutons] == ["vers Psy", "◀ Retour"]
        confirm = await press(bot, g, targets, "vers Psy")
        assert confirm.text.startswith("❓ À confirmer : les places restantes de « MG »")
        done = await press(bot, g, confirm, "Confirmer")
        assert (
            done.text.startswith("✔ ") and "poste(s) de « MG » réofferts sur « Psy »" in done.text
        )
        again = await press(bot, g, await press(bot, g, done, "Ré-offrir"), "vers Psy")
        refused = await press(bot, g, again, "Confirmer", 1)
        assert "déjà été réoffertes" in refused.text
    assert len(await journal_of(path, "appel.reoffrir")) == 1
