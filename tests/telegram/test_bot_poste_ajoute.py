"""A poste added during the call by the postes file sent to the real `amphi bot` (its own
process, on the emulator): « Appliquer » is offered, the poste is offered to the next interne
choosing from his phone, and a « Confirmer » drawn before the addition still names the poste
it showed."""

from bot.emulateur import Emulateur, Message, Utilisateur
from bot.operations import comptes
from bot.operations.base import Contexte
from storage.database import Database
from tests import db_setup
from tests.bot_process import served_bot, tap
from tests.cli_harness import portable
from tests.conftest import liste_simple

REMOTE = db_setup.CONFIG + '\n[appel]\ndelai_secondes = 600\na_distance = ["MG"]\n'
AJOUT = b"MG-3bis,Cabinet Corbie,MG,1,SASPAS\n"
"""Between MG-3 and MG-4 in natural order: a button naming MG-4 by its index must not move."""


async def _next(emu: Emulateur, user: Utilisateur, condition, timeout: float = 20) -> Message:
    await emu.attendre(lambda: any(condition(m) for m in emu.recus(user.id)), timeout=timeout)
    return [m for m in emu.recus(user.id) if condition(m)][-1]


def _turn(message: Message) -> bool:
    return message.text == "🔔 MG : c'est votre tour !"


async def test_a_poste_added_by_the_file_sent_to_the_bot_is_offered_and_moves_no_button(
    tmp_path,
):
    path = tmp_path / "amphi.sqlite3"
    config = db_setup.config(REMOTE)
    await liste_simple(path, config, 30, 60)  # MG-1 to MG-30, two places each
    await db_setup.lier_premiers(path, 2)
    database = await Database.open(path)
    code = await comptes.inviter(Contexte(database, config, "test"), None)
    await database.close()
    emu = Emulateur()
    first, second = emu.utilisateur(10_000, "Interne 1"), emu.utilisateur(10_001, "Interne 2")
    g = emu.utilisateur(900, "Mme Durand")
    async with served_bot(tmp_path, emu, REMOTE):
        await emu.ecrire(g, f"/start {code}")
        await emu.reponse(g.id, 0, timeout=20)
        await portable(path, "ouvrir")
        picker = await tap(emu, first, await _next(emu, first, _turn), "Choisir mon poste")
        confirm = await tap(emu, first, picker, "CHU Amiens — service 4")
        assert "(MG-4)" in confirm.text

        sent = len(emu.recus(g.id))
        await emu.envoyer_document(g, "postes.csv", db_setup.postes_csv({"MG": 60}) + AJOUT)
        preview = await emu.reponse(g.id, sent, timeout=20)
        assert "MG-3bis" in preview.text and "Cabinet Corbie" in preview.text, preview.text
        apply = next(data for label, data in preview.boutons if label == "Appliquer")
        await emu.appuyer(g, preview, apply)
        await _next(emu, g, lambda m: m.text == "Import de postes.csv appliqué.")

        done = await tap(emu, first, confirm, "Confirmer MG-4")  # drawn before the addition
        assert done.text.startswith("✔ Vous avez choisi") and "(MG-4)" in done.text, done.text

        picker = await tap(emu, second, await _next(emu, second, _turn), "Choisir mon poste")
        typed = len(emu.recus(second.id))
        await emu.ecrire(second, "corbie")  # the typed search finds it
        found = await emu.reponse(second.id, typed, timeout=20)
        assert [label for label, _ in found.boutons if label.endswith(" · MG-3bis")], found.boutons
        confirm = await tap(emu, second, found, "MG-3bis")
        done = await tap(emu, second, confirm, "Confirmer MG-3bis")
        assert "Cabinet Corbie" in done.text and "(MG-3bis)" in done.text, done.text

    database = await Database.open(path)
    async with database.read() as tx:
        taken = await tx.all("SELECT interne_id, poste_id FROM choix ORDER BY id")
        added = await tx.all(
            "SELECT j.detail FROM journal j JOIN liste l ON l.id = j.liste_id "
            "WHERE j.action = 'poste.ajout' AND l.nom = 'MG'"
        )
    await database.close()
    assert [tuple(row) for row in taken] == [("1", "MG-4"), ("2", "MG-3bis")]
    assert [row[0] for row in added] == [
        "poste MG-3bis (Cabinet Corbie) ajouté pendant l'appel de « MG » : 1 place(s)"
    ]
