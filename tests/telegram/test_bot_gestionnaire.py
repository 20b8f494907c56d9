"""A gestionnaire ranks a list from his phone, through the emulator: import by document (a bad
file first), pré-classement, the levée des ex-aequo, a swap, validation; stale keyboards."""

import asyncio
import csv
import io
import json
import re
import sqlite3

import pdfplumber

from bot.emulateur import Emulateur
from storage import journal as journal_storage
from storage import semestre
from storage.database import Database
from tests import db_setup
from tests.bot_harness import GESTIONNAIRE_ID, bot_running, press
from tests.bot_process import served_bot
from tests.cli_harness import amphi
from tests.conftest import csv_bytes, interne
from tests.telegram.test_appuis import journal_of


async def empty_semester(path) -> None:
    database = await Database.open(path)
    async with database.write() as tx:
        await semestre.sync(tx, db_setup.config(), "test")
    await database.close()


def internes_file() -> bytes:
    rows = [interne(str(i), nom=f"Nom{i}", rin=(1, 2, 2, 4, 5, 6)[i - 1]) for i in range(1, 7)]
    rows.append(interne("7", discipline="Psychiatrie", des="Psychiatrie", rin=1))
    return csv_bytes(rows)


async def test_a_list_ranked_from_the_phone(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    await empty_semester(path)
    async with bot_running(db_setup.config(), path) as bot:
        emu = bot.emulateur
        g = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        before = db_setup.dump(path)
        await emu.envoyer_document(g, "internes.csv", b"id,nom\n1,Dupont\n")
        refused = await emu.reponse(g.id, 0)
        assert refused.text.startswith("Fichier refusé en entier, rien n'est changé")
        assert db_setup.dump(path) == before
        await emu.envoyer_document(g, "internes.csv", internes_file())
        preview = await emu.reponse(g.id, 1)
        assert "Import de internes.csv : 7 ajout(s)" in preview.text
        assert db_setup.dump(path) == before  # nothing before « Appliquer »
        applied = await press(bot, g, preview, "Appliquer", 1)
        assert applied.text == "Import de internes.csv appliqué."
        await emu.envoyer_document(g, "postes.csv", db_setup.postes_csv({"MG": 6, "Psy": 2}))
        await press(bot, g, await emu.reponse(g.id, 3), "Appliquer", 1)

        situation = await bot.dire(g, "/listes")
        fiche = await press(bot, g, situation, "MG", 1)
        fiche = await press(bot, g, fiche, "Lancer le pré-classement", 2)
        assert "2 internes" not in fiche.text
        group = await press(bot, g, fiche, "… Groupe n°1")
        assert "groupe d'ex-aequo n°1" in group.text
        stale = group.boutons  # kept to press later, once the list has changed
        group = await press(bot, g, group, "↓")  # 2 below 3
        assert [t for t, _ in group.boutons if t[0].isdigit()] == [
            "2. Nom3 Prénom (3)",
            "3. Nom2 Prénom (2)",
        ]
        group = await press(bot, g, group, "Valider ce groupe")
        fiche = await press(bot, g, group, "◀ Retour", 1)
        fiche = await press(bot, g, fiche, "Valider la levée", 1)
        final = await press(bot, g, fiche, "Classement final")
        final = await press(bot, g, final, "↓")  # rang 1 and rang 2 swap
        assert [t for t, _ in final.boutons if t[0].isdigit()][:2] == [
            "1. Nom3 Prénom",
            "2. Nom1 Prénom",
        ]
        final = await press(bot, g, final, "Valider le classement")

        snapshot = db_setup.dump(path)
        mallory = emu.utilisateur(3001, "Mallory")
        for _, data in [*final.boutons, *stale, ("", "I:1:1"), ("", "P:1:999")]:
            query = await emu.appuyer(mallory, final, data)
            await emu.attendre(lambda q=query: emu.callbacks[q]["answered"])
            assert emu.callbacks[query]["text"] == "Réservé aux gestionnaires."
        assert db_setup.dump(path) == snapshot

        old = group  # a keyboard of an older version of the list
        old.reply_markup = {
            "inline_keyboard": [[{"text": t, "callback_data": d}] for t, d in stale]
        }
        again = next(d for t, d in stale if t == "↓")  # the first ↓, pressed a second time
        query = await emu.appuyer(g, old, again)
        await emu.attendre(lambda: emu.callbacks[query]["answered"])
        assert emu.callbacks[query]["text"].startswith("Déjà fait : groupe d'ex-aequo n°1")
        assert db_setup.dump(path) == snapshot

    database = await Database.open(path)
    async with database.read() as tx:
        state = await tx.one("SELECT etat, final_valide FROM liste WHERE nom = 'MG'")
        journal = [row[0] for row in await tx.all("SELECT action FROM journal ORDER BY id")]
    await database.close()
    assert tuple(state) == ("final", 1)
    assert "exaequo.ordonner" in journal and "final.valider" in journal


async def test_the_journal_the_pdfs_the_invitations_and_an_interne_s_card(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    database = await db_setup.prepared(path, places=400, open_mg=False)
    async with database.read() as tx:
        some = await tx.value("SELECT id FROM interne WHERE actif ORDER BY id LIMIT 1")
    await database.close()
    async with bot_running(db_setup.config(), path) as bot:
        emu = bot.emulateur
        g = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        for _ in range(12):  # each code is journaled: more entries than a page
            assert (await bot.dire(g, f"/invitation {some}")).text.startswith("Code pour")
        journal = await bot.dire(g, "/journal")
        assert journal.text.count("invitation créée") == 12
        assert journal.text.startswith("Journal — les plus récentes")
        older = await press(bot, g, journal, "◀ plus anciennes")
        assert "page 2" in older.text
        of_mg = await bot.dire(g, "/journal MG")
        assert of_mg.text.startswith("Journal de « MG » — les plus récentes")
        assert "invitation créée" not in of_mg.text
        assert (await bot.dire(g, "/journal Cardio")).text.startswith(
            "Refusé : liste « Cardio » inconnue"
        )

        menu = await bot.dire(g, "/pdf")
        sent = await press(bot, g, menu, "MG : appel", 1)
        assert sent.document["file_name"] == "appel_MG.pdf"
        (tmp_path / "appel.pdf").write_bytes(emu.fichier(sent.document["file_id"]))
        with pdfplumber.open(tmp_path / "appel.pdf") as pdf:
            assert "Liste d'appel — MG" in pdf.pages[0].extract_text()
        sent = await press(bot, g, menu, "MG : émargement", 1)
        (tmp_path / "emargement.pdf").write_bytes(emu.fichier(sent.document["file_id"]))
        with pdfplumber.open(tmp_path / "emargement.pdf") as pdf:
            assert "Liste d'émargement — MG" in pdf.pages[0].extract_text()
        early = await press(bot, g, menu, "MG : résultats", 1)
        assert early.text.startswith("Refusé : ") and "le choix n'est pas ouvert" in early.text

        unknown = (await bot.dire(g, "/invitation 1")).text
        assert unknown == "Refusé : interne 1 inconnu ou inactif : pas d'invitation"
        menu = await bot.dire(g, "/invitations")
        sent = await press(bot, g, menu, "MG", 1)
        rows = list(
            csv.DictReader(io.StringIO(emu.fichier(sent.document["file_id"]).decode("utf-8-sig")))
        )
        assert rows and set(rows[0]) == {"id", "nom", "prenom", "code", "lien"}
        assert len({row["code"] for row in rows}) == len(rows)

        card = (await bot.dire(g, f"/interne {rows[0]['id']}")).text
        assert "Téléphone :" in card and "Compte Telegram : non lié" in card
        lea = emu.utilisateur(1001, "Léa")
        await bot.dire(lea, f"/start {rows[0]['code']}")
        before = db_setup.dump(path)
        for command in (
            "/interne 1",
            "/journal",
            "/pdf",
            "/invitation 2",
            "/invitations",
            "/delier 900",
            "/listes",
        ):
            assert (await bot.dire(lea, command)).text == "Réservé aux gestionnaires.", command
        assert db_setup.dump(path) == before
        unbound = await bot.dire(g, "/delier 1001")
        assert unbound.text.startswith("Compte Telegram 1001 délié")


async def test_monter_descendre_and_a_stage_particulier_by_command(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    database = await db_setup.prepared(path, places=400, open_mg=False)
    async with database.read() as tx:
        order = [row[0] for row in await tx.all(
            "SELECT r.interne_id FROM rang r JOIN liste l ON l.id = r.liste_id "
            "WHERE l.nom = 'MG' ORDER BY r.position LIMIT 3")]  # fmt: skip
    await database.close()
    async with bot_running(db_setup.config(), path) as bot:
        g = bot.emulateur.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        moved = await bot.dire(g, f"/monter {order[2]}")
        assert moved.text == f"« MG » : {order[2]} est maintenant au rang 2."
        down = await bot.dire(g, f"/descendre {order[2]}")
        assert down.text == f"« MG » : {order[2]} est maintenant au rang 3."
        fleche = await bot.dire(g, f"/particulier {order[0]} fleche MG-5")
        assert fleche.text.startswith("Enregistré :") and "MG-5" in fleche.text
        usage = await bot.dire(g, f"/particulier {order[1]} surnombre peut-etre")
        assert usage.text.startswith("Écrire /particulier ID fleche POSTE")
        unknown = await bot.dire(g, "/monter 999999")
        assert unknown.text.startswith("Refusé : 999999 n'est dans aucune liste")


async def test_a_configured_gestionnaire_gets_his_menu_on_start(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    await empty_semester(path)
    async with bot_running(db_setup.config(), path) as bot:
        g = bot.emulateur.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        said = await bot.dire(g, "/start")
        assert said.text.startswith("Vous êtes gestionnaire")
        menus = {
            json.dumps(json.loads(scope), sort_keys=True): [c["command"] for c in commands]
            for scope, commands in bot.emulateur.commandes.items()
        }
        assert "listes" in menus['{"chat_id": 900, "type": "chat"}']
        assert menus['{"type": "default"}'] == ["start", "aide"]


async def test_the_journal_pages_by_size_and_every_entry_is_on_one_page(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    database = await db_setup.prepared(path, places=400, open_mg=False)
    async with database.write() as tx:
        for number in range(45):
            await journal_storage.append(
                tx, "test", "liste.modification", f"entrée {number:02d} " + "x" * 280
            )
    await database.close()
    async with bot_running(db_setup.config(), path) as bot:
        emu = bot.emulateur
        g = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        page = await bot.dire(g, "/journal")
        seen = []
        while True:
            assert len(page.text) <= 4096
            seen += re.findall(r"entrée (\d\d) ", page.text)
            if not any(label == "◀ plus anciennes" for label, _ in page.boutons):
                break
            page = await press(bot, g, page, "◀ plus anciennes")
        assert sorted(seen) == [f"{n:02d}" for n in range(45)] and len(seen) == 45
        latest = await press(bot, g, page, "les plus récentes ▶")
        assert "entrée 44" in latest.text


async def test_invitations_make_no_second_code_and_say_why_none_was_made(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    await (await db_setup.prepared(path, places=400, open_mg=False)).close()
    async with bot_running(db_setup.config(), path) as bot:
        emu = bot.emulateur
        g = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        first = await press(bot, g, await bot.dire(g, "/invitations"), "MG", 1)
        rows = list(
            csv.DictReader(io.StringIO(emu.fichier(first.document["file_id"]).decode("utf-8-sig")))
        )
        assert rows and first.caption.startswith(f"{len(rows)} code(s) d'invitation pour « MG »")
        again = await press(bot, g, await bot.dire(g, "/invitations"), "MG", 1)
        assert again.text.startswith(f"{len(rows)} interne(s) ont déjà un code encore valable")
        psy = await press(bot, g, await bot.dire(g, "/invitations"), "Psy", 1)
        assert psy.text.startswith("Personne n'est encore classé sur « Psy »")
    database = await Database.open(path)
    async with database.read() as tx:
        made = await tx.value("SELECT count(*) FROM invitation")
    await database.close()
    assert made == len(rows)


async def test_an_import_that_could_only_be_refused_offers_nothing_to_apply(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    await (await db_setup.prepared(path, places=400)).close()  # MG being called
    async with bot_running(db_setup.config(), path) as bot:
        emu = bot.emulateur
        g = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        before = db_setup.dump(path)
        await emu.envoyer_document(g, "postes.csv", db_setup.postes_csv({"MG": 300, "Psy": 10}))
        preview = await emu.reponse(g.id, 0)  # MG-151 to MG-200 removed during the call
        assert "⛔ le choix a commencé pour ces postes" in preview.text
        assert preview.text.endswith("Rien n'est proposé à appliquer : corriger le fichier, ou la "
                                     "base d'abord.")  # fmt: skip
        assert not preview.boutons and db_setup.dump(path) == before


async def test_a_stage_particulier_set_changed_and_removed_from_the_interne_card(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    database = await db_setup.prepared(path, places=400, open_mg=False)
    async with database.read() as tx:
        first = await tx.value(
            "SELECT r.interne_id FROM rang r JOIN liste l ON l.id = r.liste_id "
            "WHERE l.nom = 'MG' ORDER BY r.position LIMIT 1"
        )
    await database.close()
    async with bot_running(db_setup.config(), path) as bot:
        g = bot.emulateur.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        card = await bot.dire(g, f"/interne {first}")
        assert "MG : aucun stage particulier" in card.text
        assert "retirer" not in [label for label, _ in card.boutons]
        card = await press(bot, g, card, "MG : surnombre validant")
        assert card.text.startswith("✔ surnombre validant")
        assert "MG : surnombre validant" in card.text
        postes = await press(bot, g, card, "MG : fléché…")
        assert postes.text.startswith("Stage fléché : sur quel poste ? (page 1 / 25)")
        page = await press(bot, g, postes, "▶")
        card = await press(bot, g, page, "MG-9")
        assert "MG : stage fléché sur MG-9" in card.text
        data = dict(card.boutons)
        stale, again = data["non validant"], data["retirer"]
        card = await press(bot, g, card, "retirer")
        assert "MG : aucun stage particulier" in card.text
        query = await bot.emulateur.appuyer(g, card, stale)  # a button of the older card
        await bot.emulateur.attendre(lambda: bot.emulateur.callbacks[query]["answered"])
        assert bot.emulateur.callbacks[query]["text"].startswith("Ce clavier est périmé")
        assert "MG : aucun stage particulier" in card.text
        query = await bot.emulateur.appuyer(g, card, again)  # « retirer » pressed twice
        await bot.emulateur.attendre(lambda: bot.emulateur.callbacks[query]["answered"])
        assert bot.emulateur.callbacks[query]["text"] == "Déjà fait : aucun stage particulier"
        removed = await bot.dire(g, f"/particulier {first} aucun")
        assert removed.text == "Enregistré : aucun stage particulier."
    entries = await journal_of(path, "stage_particulier")
    assert [detail.split(" : ")[1] for _, detail in entries] == [
        "surnombre validant", "stage fléché sur MG-9", "aucun stage particulier",
        "aucun stage particulier",
    ]  # fmt: skip


async def test_verifier_and_etat_from_the_phone(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    await (await db_setup.prepared(path, places=40, open_mg=False)).close()
    async with bot_running(db_setup.config(), path) as bot:
        g = bot.emulateur.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        said = await bot.dire(g, "/verifier MG")
        assert said.text.startswith("Vérification (liste « MG »)")
        unknown = await bot.dire(g, "/verifier Cardio")
        assert unknown.text.startswith("Refusé : ") and "Cardio" in unknown.text
        stranger = bot.emulateur.utilisateur(3001, "Mallory")
        assert (await bot.dire(stranger, "/verifier")).text != said.text
        state = (await bot.dire(g, "/etat")).text.splitlines()
        assert state[0] == "État d'amphi" and state[1].startswith("En marche depuis 0 h 0")
        assert state[2] == "Alertes en attente d'envoi : 0."
        assert state[4].startswith("Aucune sauvegarde encore")
        assert not (await bot.dire(stranger, "/etat")).text.startswith("État")


async def test_verifier_on_the_phone_is_a_summary_and_a_csv_not_a_stream(tmp_path):
    """Through the real `amphi bot`: 80 findings come as one message (counts by kind, the
    first ten) and one CSV holding them all; /appel typed right after is answered at once."""
    (tmp_path / "config.toml").write_text(db_setup.CONFIG, encoding="utf-8")
    rows = [interne(str(i)) for i in range(1, 4)]
    rows += [interne(f"C{i}", des="Cardiologie", discipline="Cardiologie") for i in range(80)]
    (tmp_path / "internes.csv").write_bytes(csv_bytes(rows))
    done = amphi(tmp_path, "import", "internes", "internes.csv", "--oui")
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(tmp_path / "amphi.sqlite3") as connection:
        connection.execute(
            "INSERT INTO compte_telegram (telegram_id, role, interne_id, nom, lie_at) VALUES "
            f"({GESTIONNAIRE_ID}, 'gestionnaire', NULL, 'Mme Durand', '2026-11-20T08:00:00+00:00')"
        )
    emu = Emulateur()
    g = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
    async with served_bot(tmp_path, emu, db_setup.CONFIG) as bot:
        await emu.ecrire(g, "/verifier")
        await emu.ecrire(g, "/appel")
        await emu.attendre(lambda: len(emu.recus(g.id)) >= 3, timeout=30)
        await asyncio.sleep(1.5)  # nothing more comes
        await bot.stop()
    said = emu.recus(g.id)
    assert len(said) == 3, [m.text[:60] for m in said]
    summary = next(m for m in said if (m.text or "").startswith("Vérification"))
    document = next(m for m in said if m.document)
    assert summary.text.startswith("Vérification (toutes les listes) : 80 constat(s).")
    assert "sans liste : 80" in summary.text and "Les 10 premiers :" in summary.text
    assert summary.text.count("• [sans liste]") == 10
    assert document.document["file_name"] == "verification.csv"
    data = emu.files[document.document["file_id"]][1].decode("utf-8-sig")
    found = list(csv.DictReader(io.StringIO(data)))
    assert len(found) == 80 and {row["sorte"] for row in found} == {"sans liste"}
    assert all("C" in row["constat"] for row in found)
    assert [m for m in said if m not in (summary, document)]  # /appel's answer, right behind
