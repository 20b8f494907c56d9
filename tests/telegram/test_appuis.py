"""A press is one unit of work: checked against the version its screen was drawn from inside the
act's own transaction, never applied to someone else; pressed twice, done once and told so;
forged or malformed, answered politely. Through the real bot stack where a person presses."""

import asyncio
import re

from hypothesis import given
from hypothesis import strategies as st

from bot.operations import appel, comptes
from bot.operations.appel import Appui
from bot.operations.base import Contexte
from bot.telegram.clavier import Sorte, sortes
from ranking.errors import DejaFait, Perime, Refused
from storage.database import Database
from tests import db_setup
from tests.bot_harness import (
    GESTIONNAIRE_ID,
    bot_running,
    names,
    press,
    press_confirmed,
    two_call_screens,
)
from tests.cli_harness import AMPHI


async def journal_of(path, action: str) -> list[tuple[str, str]]:
    database = await Database.open(path)
    async with database.read() as tx:
        rows = await tx.all(
            "SELECT auteur, detail FROM journal WHERE action = ? ORDER BY id", (action,)
        )
    await database.close()
    return [tuple(row) for row in rows]


async def test_two_presses_racing_on_one_screen_apply_once_never_to_the_next_interne(tmp_path):
    """Two connections (two processes' worth) press « absent » on the same screen at once."""
    path = tmp_path / "amphi.sqlite3"
    await (await db_setup.prepared(path, places=400)).close()
    first, second = await Database.open(path), await Database.open(path)
    config = db_setup.config()
    shown = await appel.ecran(Contexte(first, config, "telegram:1"), 1)
    called = shown.etat.appele.key[0]
    outcomes = await asyncio.gather(
        appel.appuyer(Contexte(first, config, "telegram:1"), 1, shown.version, Appui("absent")),
        appel.appuyer(Contexte(second, config, "telegram:2"), 1, shown.version, Appui("absent")),
        return_exceptions=True,
    )
    await first.close()
    await second.close()
    assert sum(isinstance(o, tuple) for o in outcomes) == 1
    assert sum(isinstance(o, Perime) for o in outcomes) == 1
    absents = await journal_of(path, "appel.absent")
    assert len(absents) == 1 and called in absents[0][1]


async def test_a_press_racing_amphi_appel_in_another_process_never_hits_the_next(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    (tmp_path / "config.toml").write_text(db_setup.CONFIG, encoding="utf-8")
    await (await db_setup.prepared(path, places=400)).close()
    for _ in range(3):
        database = await Database.open(path)
        ctx = Contexte(database, db_setup.config(), "telegram:900")
        shown = await appel.ecran(ctx, 1)
        called = shown.etat.appele.key[0]
        process = await asyncio.create_subprocess_exec(
            AMPHI, "appel", "absent", called, "--liste", "MG", "--db", str(path),
            cwd=tmp_path, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        try:
            said, _ = await appel.appuyer(ctx, 1, shown.version, Appui("absent"))
            assert called in said
        except Perime:
            pass
        await process.communicate()
        await database.close()
    everyone = [detail for _, detail in await journal_of(path, "appel.absent")]
    assert len(everyone) == 3 and len(set(everyone)) == 3  # three internes, each marked once


async def test_a_call_act_pressed_twice_is_done_once_and_told_so(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    await (await db_setup.prepared(path, places=400)).close()
    async with bot_running(db_setup.config(), path) as bot:
        emu = bot.emulateur
        g = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        screen = await press(bot, g, await bot.dire(g, "/appel"), "MG")
        postes = await press(bot, g, screen, "a choisi…")
        data = next(d for t, d in postes.boutons if names(t, "MG-1"))
        first = await emu.appuyer(g, postes, data)
        await emu.attendre(lambda: emu.callbacks[first]["answered"])
        edits = postes.modifications
        second = await emu.appuyer(g, postes, data)  # the same button, a second tap
        await emu.attendre(lambda: emu.callbacks[second]["answered"])
        await emu.attendre(lambda: postes.modifications > edits)
        assert postes.text.startswith("✔ Déjà fait : ") and "prend le poste MG-1" in postes.text
        assert "1 place(s) prise(s)" in postes.text
        assert not any("Erreur interne" in (m.text or "") for m in emu.recus(g.id))
    assert len(await journal_of(path, "appel.choisir")) == 1


async def test_a_stale_press_of_another_gestionnaire_is_refused_and_redrawn(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    database = await db_setup.prepared(path, places=400)
    second_code = await comptes.inviter(Contexte(database, db_setup.config(), "test"), None)
    await database.close()
    async with bot_running(db_setup.config(), path) as bot:
        g1, g2, mine, his = await two_call_screens(bot, second_code)
        await press(bot, g1, mine, "annuler le dernier choix")  # nothing to undo: refused
        await press_confirmed(bot, g1, mine, "absent")
        undo = await press(bot, g2, his, "annuler le dernier choix")
        assert undo.text.startswith("⚠ Ce clavier est périmé")
    assert await journal_of(path, "appel.annuler") == []


async def test_appliquer_pressed_twice_and_after_a_restart_applies_that_import_once(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    await (await db_setup.prepared(path, places=400, open_mg=False)).close()
    postes = db_setup.postes_csv({"MG": 401, "Psy": 10})
    async with bot_running(db_setup.config(), path) as bot:
        emu = bot.emulateur
        g = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        await emu.envoyer_document(g, "postes.csv", postes)
        preview = await emu.reponse(g.id, 0)
        data = next(d for t, d in preview.boutons if t == "Appliquer")
        applied = await press(bot, g, preview, "Appliquer", 1)
        assert applied.text == "Import de postes.csv appliqué."
    async with bot_running(db_setup.config(), path) as bot:  # the bot restarted
        emu = bot.emulateur
        g = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        await emu.envoyer_document(g, "postes.csv", db_setup.postes_csv({"MG": 402, "Psy": 10}))
        newer = await emu.reponse(g.id, 0)
        assert [d for t, d in newer.boutons if t == "Appliquer"] != [data]
        query = await emu.appuyer(g, newer, data)  # the old preview's button, pressed again
        await emu.attendre(lambda: emu.callbacks[query]["answered"])
        assert emu.callbacks[query]["text"] == "L'import de postes.csv est déjà appliqué"
    assert len(await journal_of(path, "import.postes")) == 2  # the setup's, then this one


async def test_forged_and_malformed_data_and_arguments_are_answered_politely(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    await (await db_setup.prepared(path, places=400)).close()
    before = db_setup.dump(path)
    async with bot_running(db_setup.config(), path) as bot:
        emu = bot.emulateur
        g = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        menu = await bot.dire(g, "/appel")
        for forged in ("A:1:²:0:0:0", "A:1:0:99:0:0", "A:1:0", "C:1:0:0:1:99999", "I:²:1",
                       "A:" + "9" * 20 + ":0:0:0:0", "R:1:2:3", "zz"):  # fmt: skip
            query = await emu.appuyer(g, menu, forged)
            await emu.attendre(lambda q=query: emu.callbacks[q]["answered"])
        said = [m.text for m in emu.recus(g.id)]
        assert not any("Erreur interne" in text for text in said)
        for typed in ("/monter <b>x</b>", "/descendre 1/XX", "/delier ²", "/delier 1e9"):
            answer = (await bot.dire(g, typed)).text
            assert answer.startswith("Écrire /"), (typed, answer)
        assert not any("Fichier refusé" in (m.text or "") for m in emu.recus(g.id))
    assert db_setup.dump(path) == before


def test_two_kinds_of_button_cannot_share_a_prefix():
    assert "A" in sortes()
    try:
        Sorte("A", "x")
    except ValueError as error:
        assert "préfixe" in str(error)
    else:
        raise AssertionError("a second kind with prefix A was accepted")


@given(st.text(max_size=80))
def test_reading_any_data_never_raises(data):
    for sorte in sortes().values():
        read = sorte.lire(data)
        assert read is None or sorte(**read._asdict()) == data


async def test_an_interne_s_confirm_pressed_twice_is_told_it_is_recorded(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    await (await db_setup.prepared(path, places=400, open_mg=False)).close()
    _, code = await db_setup.premier_de_mg(path)
    async with bot_running(db_setup.config(), path) as bot:
        emu = bot.emulateur
        lea = emu.utilisateur(1001, "Léa")
        await bot.dire(lea, f"/start {code}")
        for typed in ("/alertes ²", "/alertes 1e3", "/alertes 1 2 3 4"):
            assert (await bot.dire(lea, typed)).text.startswith("Écrire /alertes suivi de")
        picker = await bot.dire(lea, "/prechoix")
        voeu = next(d for t, d in picker.boutons if names(t, "MG-1"))
        for _ in range(2):  # a voeu pressed twice is added once; no refused edit
            query = await emu.appuyer(lea, picker, voeu)
            await emu.attendre(lambda q=query: emu.callbacks[q]["answered"])
        summary = await press(bot, lea, picker, "Terminer", 1)
        assert summary.text.count("MG-1") == 1
        confirm = next(d for t, d in summary.boutons if t == "Confirmer")
        done = await press(bot, lea, summary, "Confirmer", 1)
        assert "enregistré" in done.text.lower()
        query = await emu.appuyer(lea, summary, confirm)
        await emu.attendre(lambda: emu.callbacks[query]["answered"])
        assert emu.callbacks[query]["text"].startswith("C'est déjà enregistré")
    assert len(await journal_of(path, "prechoix")) == 1


def test_a_refusal_is_a_refusal():
    assert issubclass(Perime, Refused) and issubclass(DejaFait, Refused)


async def test_undo_close_and_absent_ask_a_second_press_and_the_first_changes_nothing(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    await (await db_setup.prepared(path, places=400)).close()
    async with bot_running(db_setup.config(), path) as bot:
        g = bot.emulateur.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        screen = await press(bot, g, await bot.dire(g, "/appel"), "MG")
        screen = await press(bot, g, await press(bot, g, screen, "a choisi…"), "MG-1 ")
        before = db_setup.dump(path)
        asked = await press(bot, g, screen, "annuler le dernier choix…")
        first, then = asked.text.splitlines()[:2]
        assert re.fullmatch(r"❓ À confirmer : Annuler le dernier choix, celui de \d+ \S+ \S+ \?",
                            first), first  # fmt: skip
        assert then.endswith(" rendra « CHU Amiens — service 1 (CHU) » (MG-1).")
        assert [label for label, _ in asked.boutons] == [
            "Confirmer : annuler le dernier choix",
            "◀ Retour",
        ]
        back = await press(bot, g, asked, "◀ Retour")
        assert "1 place(s) prise(s)" in back.text and db_setup.dump(path) == before
        asked = await press(bot, g, back, "absent…")
        assert asked.text.startswith("❓ À confirmer : ") and "absent, passé" in asked.text
        assert db_setup.dump(path) == before
        done = await press(bot, g, asked, "Confirmer")
        assert done.text.startswith("✔ ") and "absent, passé" in done.text.splitlines()[0]
    assert len(await journal_of(path, "appel.absent")) == 1
    assert await journal_of(path, "appel.annuler") == []


async def test_every_open_call_screen_follows_the_call_whoever_moves_it(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    (tmp_path / "config.toml").write_text(db_setup.CONFIG, encoding="utf-8")
    database = await db_setup.prepared(path, places=400)
    second_code = await comptes.inviter(Contexte(database, db_setup.config(), "test"), None)
    shown = await appel.ecran(Contexte(database, db_setup.config(), "test"), 1)
    first_called, second_called = shown.etat.appele.key[0], shown.etat.suivants[0][0].key[0]
    await database.close()
    async with bot_running(db_setup.config(), path) as bot:
        emu = bot.emulateur
        g1, g2, mine, his = await two_call_screens(bot, second_code)
        assert "Appelé : rang 1 " in his.text and "↻ Rafraîchir" in dict(his.boutons)
        edits = his.modifications
        await press_confirmed(bot, g1, mine, "absent")  # g2 presses nothing
        await emu.attendre(lambda: his.modifications > edits, timeout=5)
        assert his.text.startswith(f"↻ {first_called} absent") and "Appelé : rang 2 " in his.text
        assert mine.text.startswith("✔ ")  # the presser's own screen says what he did

        process = await asyncio.create_subprocess_exec(  # the laptop, in another process
            AMPHI, "appel", "absent", second_called, "--liste", "MG", "--db", str(path),
            cwd=tmp_path, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        _, stderr = await process.communicate()
        assert process.returncode == 0, stderr.decode()
        for screen in (mine, his):
            await emu.attendre(lambda s=screen: "Appelé : rang 3 " in s.text, timeout=5)
            assert screen.text.startswith(f"↻ {second_called} absent")
        stale = await press(bot, g2, his, "↻ Rafraîchir")  # the button a worried hand presses
        assert "Appelé : rang 3 " in stale.text


async def test_a_restarted_bot_follows_the_open_call_screens_without_a_press(tmp_path):
    """A gestionnaire's screen open before a restart is edited when the call moves after it
    (the laptop's act during the stop included), as if the bot had never stopped."""
    path = tmp_path / "amphi.sqlite3"
    (tmp_path / "config.toml").write_text(db_setup.CONFIG, encoding="utf-8")
    database = await db_setup.prepared(path, places=400)
    shown = await appel.ecran(Contexte(database, db_setup.config(), "test"), 1)
    first_called = shown.etat.appele.key[0]
    await database.close()
    async with bot_running(db_setup.config(), path) as bot:
        emu = bot.emulateur
        g1 = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        screen = await press(bot, g1, await bot.dire(g1, "/appel"), "MG")
        assert "Appelé : rang 1 " in screen.text
    process = await asyncio.create_subprocess_exec(  # the laptop, while the bot is stopped
        AMPHI, "appel", "absent", first_called, "--liste", "MG", "--db", str(path),
        cwd=tmp_path, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, stderr = await process.communicate()
    assert process.returncode == 0, stderr.decode()
    async with bot_running(db_setup.config(), path, deja=emu):  # restarted: nothing pressed
        await emu.attendre(lambda: "Appelé : rang 2 " in screen.text, timeout=5)
        assert screen.text.startswith(f"↻ {first_called} absent")
