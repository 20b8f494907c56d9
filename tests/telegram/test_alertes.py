"""Alerts of choice day: each bound interne is told the call opening, his turn approaching, his
turn, the place taken for him and the closing, once each, whether the acts come from the bot or
from `amphi appel` in another process, and across a restart of the bot."""

import asyncio
import logging
import sqlite3
from datetime import timedelta

from bot.emulateur import Emulateur
from bot.operations import appel as appel_operations
from bot.operations import comptes
from bot.operations import voeux as voeux_operations
from bot.operations.alertes import Envoi, espacer
from bot.operations.base import Contexte
from ranking.alertes import Alerte, dues
from ranking.appel import Appel, Candidat, choisir
from ranking.classement import Statut
from ranking.horloge import now, paris_minute, timestamp
from storage import classement, listes
from storage.database import Database
from tests import db_setup
from tests.bot_harness import GESTIONNAIRE_ID, bot_running, is_alert, press, press_confirmed
from tests.bot_process import served_bot
from tests.cli_harness import AMPHI


async def amphi_mg(path, *args: str) -> None:
    """`amphi … --liste MG` in another process, the event loop (the bot) running meanwhile."""
    process = await asyncio.create_subprocess_exec(
        AMPHI, *args, "--liste", "MG", "--db", str(path), cwd=path.parent,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, stderr = await process.communicate()
    assert process.returncode == 0, stderr.decode()


def k(name: str) -> tuple[str, Statut]:
    return (name, Statut.STANDARD)


def test_the_alerts_owed_are_named_for_good():
    call = Appel.ouvrir([Candidat(k(c), n) for n, c in enumerate("abcdefghijklmn", 1)], {"P": 20})
    owed = {a.cle: a for a in dues(7, call, ["a", "e", "k"], {"e": (3,)})}
    assert owed["tour:7:a"] == Alerte("tour:7:a", "a", "tour")
    assert "approche:7:e:3" not in owed  # 4 turns away: he asked to be told at 3
    assert owed["approche:7:k:10"].avant == 10 and "approche:7:k:3" not in owed
    call, _ = choisir(call, k("a"), "P")
    owed = {a.cle: a for a in dues(7, call, ["a", "e", "k"], {"e": (3,)})}
    assert owed["approche:7:e:3"].avant == 3
    assert owed["place:7:a:P:choix"].poste == "P" and "tour:7:a" not in owed


def test_one_alert_per_chat_per_second_the_others_wait_in_order():
    pending = [Envoi("a", 1, {}), Envoi("b", 1, {}), Envoi("c", 2, {}), Envoi("d", 3, {})]
    now = espacer(pending, {2: 99.5, 3: 98.0}, 100.0)
    assert [e.cle for e in now.maintenant] == ["a", "d"] and now.ensuite == 0.5
    later = espacer(pending[1:], {1: 100.0}, 101.0)
    assert [e.cle for e in later.maintenant] == ["b", "c", "d"] and later.ensuite is None


async def test_each_alert_once_across_processes_and_a_restart(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    database = await db_setup.prepared(path, places=400, open_mg=False)
    async with database.read() as tx:
        order = [key[0] for key in (await classement.load(tx, await listes.get(tx, "MG"))).keys]
    ctx = Contexte(database, db_setup.config(), "test")
    codes = {rank: await comptes.inviter(ctx, order[rank - 1]) for rank in (1, 5, 12)}
    await database.close()
    (tmp_path / "config.toml").write_text(db_setup.CONFIG, encoding="utf-8")

    async with bot_running(db_setup.config(), path) as bot:
        emu = bot.emulateur
        users = {rank: emu.utilisateur(1000 + rank, f"Rang {rank}") for rank in codes}
        for rank, user in users.items():
            await bot.dire(user, f"/start {codes[rank]}")
        await bot.dire(users[5], "/alertes 10 3")
        await amphi_mg(
            path, "appel", "ouvrir"
        )  # another process: the bot notices it in the database
        await emu.attendre(
            lambda: len(bot.alertes(users[1])) >= 2 and len(bot.alertes(users[5])) >= 2
        )
        assert bot.alertes(users[1])[0].startswith("📣 L'appel de la liste MG est ouvert")
        assert bot.alertes(users[1])[1] == "🔔 MG : c'est votre tour !"
        assert bot.alertes(users[5])[-1] == "⏳ MG : votre tour approche, 4 interne(s) avant vous."
        first = emu.users[1001]
        await amphi_mg(path, "appel", "choisir", order[0], "MG-1")
        await emu.attendre(lambda: len(bot.alertes(first)) == 3)
        assert bot.alertes(first)[2] == "✅ MG : le poste MG-1 est enregistré pour vous."
        await emu.attendre(lambda: len(bot.alertes(users[12])) == 2)
        assert bot.alertes(users[12])[1] == "⏳ MG : votre tour approche, 10 interne(s) avant vous."
        await emu.attendre(lambda: len(bot.alertes(users[5])) == 3)
        assert bot.alertes(users[5])[2] == "⏳ MG : votre tour approche, 3 interne(s) avant vous."
        assert len(bot.alertes(users[1])) == 3 and len(bot.alertes(users[12])) == 2
    async with bot_running(db_setup.config(), path) as bot:  # a restart: nothing sent again
        emu = bot.emulateur
        users = {rank: emu.utilisateur(1000 + rank, "revenu") for rank in codes}
        for key in order[1:4]:  # ranks 2, 3, 4 absent: rank 5 is called
            await amphi_mg(path, "appel", "absent", key)
        await emu.attendre(lambda: bot.alertes(users[5]) == ["🔔 MG : c'est votre tour !"])
        assert bot.alertes(users[1]) == [] and bot.alertes(users[12]) == []


async def test_the_live_board_follows_the_call(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    database = await db_setup.prepared(path, places=400, open_mg=True)
    async with database.read() as tx:
        order = [key[0] for key in (await classement.load(tx, await listes.get(tx, "MG"))).keys]
    await database.close()
    async with bot_running(db_setup.config(), path, tableau=-100) as bot:
        emu = bot.emulateur
        await emu.attendre(lambda: bool(emu.recus(-100)), timeout=10)
        board = emu.recus(-100)[0]
        assert board.text.startswith("Appel en direct — MG (0/400 places prises)")
        assert "Appelé : rang 1" in board.text and f"({order[0]})" in board.text
        g = emu.utilisateur(900, "Mme Durand")
        screen = await bot.dire(g, "/appel")
        screen = await press(bot, g, screen, "MG")
        postes = await press(bot, g, screen, "a choisi…")
        await press(bot, g, postes, "MG-1 ")
        await emu.attendre(lambda: "(1/400 places prises)" in board.text, timeout=10)
        assert len(emu.recus(-100)) == 1 and board.modifications >= 1  # one message, edited

        emu.supprimer(board)  # an administrator cleans the group
        postes = await press(bot, g, await press(bot, g, screen, "a choisi…"), "MG-2")
        await emu.attendre(lambda: bool(emu.recus(-100)), timeout=10)
        assert emu.recus(-100)[0].text.startswith("Appel en direct — MG (2/400 places prises)")
        assert emu.violations == ["editMessageText : 400 Bad Request: message to edit not found"]
        emu.violations.clear()  # the one refused edit that told the bot to post it again

        count = len(emu.recus(-100))
        await emu.ecrire_dans_groupe(g, -100, "/rang")
        await emu.attendre(lambda: len(emu.recus(-100)) > count, timeout=10)
        pointer = emu.recus(-100)[-1].text
        assert pointer.startswith("Les commandes d'amphi se tapent en conversation privée")


REMOTE = db_setup.CONFIG + '\n[appel]\ndelai_secondes = 10\na_distance = ["MG"]\n'


async def test_remote_choice_with_its_time_limit(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    config = db_setup.config(REMOTE)
    database = await db_setup.prepared(path, places=400, open_mg=False)
    async with database.read() as tx:
        order = [key[0] for key in (await classement.load(tx, await listes.get(tx, "MG"))).keys]
    ctx = Contexte(database, config, "test")
    codes = {rank: await comptes.inviter(ctx, order[rank - 1]) for rank in (1, 2)}
    await voeux_operations.enregistrer_prechoix(ctx, order[0], ["MG-7", "MG-3"])
    await database.close()
    async with bot_running(config, path) as bot:
        emu = bot.emulateur
        first, second = emu.utilisateur(1001, "Un"), emu.utilisateur(1002, "Deux")
        await bot.dire(first, f"/start {codes[1]}")
        await bot.dire(second, f"/start {codes[2]}")
        database = await Database.open(path)
        await appel_operations.ouvrir(Contexte(database, config, "Mme Durand"), "MG")
        await database.close()
        await emu.attendre(lambda: "🔔 MG : c'est votre tour !" in bot.alertes(first))
        turn = next(m for m in emu.recus(first.id) if m.text == "🔔 MG : c'est votre tour !")
        postes = await press(bot, first, turn, "Choisir mon poste")
        assert "les postes libres — " in postes.text
        shown = [label for label, _ in postes.boutons]  # his pré-choix first, by their names
        assert shown[:3] == [
            "CHU Amiens — service 7 (CHU) · 2 pl. · MG-7",
            "CHU Amiens — service 3 (CHU) · 2 pl. · MG-3",
            "CHU Amiens — service 1 (CHU) · 2 pl. · MG-1",
        ]
        confirm = await press(bot, first, postes, "MG-1 ")
        done = await press(bot, first, confirm, "Confirmer MG-1")
        assert done.text == "✔ Vous avez choisi CHU Amiens — service 1 (MG-1)."
        await emu.attendre(lambda: "🔔 MG : c'est votre tour !" in bot.alertes(second))
        late = next(m for m in emu.recus(second.id) if m.text == "🔔 MG : c'est votre tour !")
        await emu.attendre(
            lambda: any("vous êtes passé" in t for t in bot.alertes(second)), timeout=20
        )
        refused = await press(bot, second, late, "Choisir mon poste", 1)
        assert refused.text == "Ce n'est plus votre tour : rien n'est enregistré."
        assert "✅ MG : le poste MG-1 est enregistré pour vous." in bot.alertes(first)


async def test_a_thousand_alerted_at_once_at_telegram_s_pace_none_lost_none_twice(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    database = await db_setup.prepared(path, places=400, open_mg=False, internes=3_600)
    await database.close()
    ids = await db_setup.lier_premiers(path, 1_000)
    assert len(ids) == 1_000
    async with bot_running(db_setup.config(), path) as bot:
        emu = bot.emulateur
        users = [emu.utilisateur(10_000 + n, f"Interne {n}") for n in range(len(ids))]
        database = await Database.open(path)
        await appel_operations.ouvrir(Contexte(database, db_setup.config(), "g"), "MG")
        await database.close()

        def opened(user) -> int:
            return sum(t.startswith("📣") for t in bot.alertes(user))

        await emu.attendre(lambda: all(opened(u) >= 1 for u in users), timeout=90)
        await asyncio.sleep(1.5)  # a round more: nothing is sent again
        assert all(opened(u) == 1 for u in users)
        assert emu.trop_vite <= 3  # an odd 429 at the edge of a second is obeyed and retried


async def test_kill_9_in_the_middle_of_the_call_loses_no_alert_and_sends_none_twice(tmp_path):
    """A message is marked sent once Telegram acknowledged it: a kill while it is in flight
    sends it again (rather than lose it, see test_coupure_instant); any other moment changes
    nothing."""
    path = tmp_path / "amphi.sqlite3"
    database = await db_setup.prepared(path, places=400, open_mg=False)
    await database.close()
    ids = await db_setup.lier_premiers(path, 6)
    emulateur = Emulateur()
    users = [emulateur.utilisateur(10_000 + n, f"Interne {n}") for n in range(len(ids))]

    def alerts(user) -> list[str]:
        return [m.text for m in emulateur.recus(user.id) if is_alert(m)]

    async with served_bot(tmp_path, emulateur, db_setup.CONFIG) as bot:
        await amphi_mg(path, "appel", "ouvrir")
        await emulateur.attendre(lambda: all(alerts(u) for u in users), timeout=30)
        await asyncio.sleep(0.5)  # past the instant between Telegram's ack and the mark
        await bot.kill()
        await amphi_mg(path, "appel", "choisir", ids[0], "MG-1")  # while no bot runs
        await bot.start()
        await emulateur.attendre(lambda: len(alerts(users[0])) == 3, timeout=30)
        await asyncio.sleep(2.5)  # a few rounds more: nothing comes twice
        await bot.stop()
    assert alerts(users[0]) == [
        "📣 L'appel de la liste MG est ouvert. /rang pour votre tour.",
        "🔔 MG : c'est votre tour !",
        "✅ MG : le poste MG-1 est enregistré pour vous.",
    ]
    assert alerts(users[1])[-1] == "🔔 MG : c'est votre tour !"
    for user in users:
        texts = alerts(user)
        assert len(texts) == len(set(texts)), texts
    assert emulateur.violations == []


async def test_an_interne_called_again_is_told_each_time_and_old_buttons_stay_old(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    config = db_setup.config(REMOTE.replace("delai_secondes = 10", "delai_secondes = 600"))
    database = await db_setup.prepared(path, places=400, open_mg=False)
    async with database.read() as tx:
        order = [key[0] for key in (await classement.load(tx, await listes.get(tx, "MG"))).keys]
    ctx = Contexte(database, config, "test")
    codes = {rank: await comptes.inviter(ctx, order[rank - 1]) for rank in (1, 2)}
    await appel_operations.ouvrir(ctx, "MG")
    await database.close()
    async with bot_running(config, path) as bot:
        emu = bot.emulateur
        a, b = emu.utilisateur(1001, "Un"), emu.utilisateur(1002, "Deux")
        await bot.dire(a, f"/start {codes[1]}")
        await bot.dire(b, f"/start {codes[2]}")

        def turns(user) -> list:
            return [m for m in emu.recus(user.id) if (m.text or "").startswith("🔔")]

        await emu.attendre(lambda: len(turns(a)) == 1, timeout=10)
        postes = await press(bot, a, turns(a)[0], "Choisir mon poste")
        await press(bot, a, await press(bot, a, postes, "MG-1"), "Confirmer")
        await emu.attendre(lambda: len(turns(b)) == 1, timeout=10)  # B's first call
        g = emu.utilisateur(900, "Mme Durand")
        screen = await press(bot, g, await bot.dire(g, "/appel"), "MG")
        await press_confirmed(bot, g, screen, "annuler le dernier choix")
        undone = (
            "🔔 MG : votre choix a été annulé par le gestionnaire : c'est à nouveau votre tour !"
        )
        await emu.attendre(lambda: any(m.text == undone for m in turns(a)), timeout=10)
        again = next(m for m in turns(a) if m.text == undone)  # his first alert now says his choice
        postes = await press(bot, a, again, "Choisir mon poste")
        await press(bot, a, await press(bot, a, postes, "MG-2"), "Confirmer")
        await emu.attendre(lambda: len(turns(b)) == 2, timeout=10)  # B called a second time
        assert turns(b)[1].text == "🔔 MG : c'est de nouveau votre tour !"
        old = await press(bot, b, turns(b)[0], "Choisir mon poste", 1)
        assert old.text.startswith("Ce bouton est d'un appel précédent")
        postes = await press(bot, b, turns(b)[1], "Choisir mon poste")
        done = await press(bot, b, await press(bot, b, postes, "MG-3"), "Confirmer")
        assert done.text == "✔ Vous avez choisi CHU Amiens — service 3 (MG-3)."
        await emu.attendre(lambda: sum(t.startswith("✅") for t in bot.alertes(a)) == 2, 10)
        places = [t for t in bot.alertes(a) if t.startswith("✅")]
        assert places == [  # his undone place, then the new one: each told once
            "✅ MG : le poste MG-1 est enregistré pour vous.",
            "✅ MG : le poste MG-2 est enregistré pour vous.",
        ]


async def test_after_a_stop_the_gestionnaires_are_told_once(tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="amphi.bot")
    path = tmp_path / "amphi.sqlite3"
    await (await db_setup.prepared(path, places=40)).close()
    emulateur = Emulateur()
    g = emulateur.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
    async with bot_running(db_setup.config(), path, deja=emulateur):
        pass  # a first run: its beat recorded
    assert [m for m in emulateur.recus(g.id) if m.text.startswith("⏸")] == []
    stopped = now() - timedelta(minutes=10)
    with sqlite3.connect(path) as connection:  # as if it had stopped ten minutes ago
        connection.execute("UPDATE service_etat SET vu_at = ?", (timestamp(stopped),))
    async with bot_running(db_setup.config(), path, deja=emulateur):
        await emulateur.attendre(
            lambda: any(m.text.startswith("⏸") for m in emulateur.recus(g.id)), timeout=20
        )
    async with bot_running(db_setup.config(), path, deja=emulateur):  # restarted at once
        await asyncio.sleep(2)
    said = [m.text for m in emulateur.recus(g.id) if m.text.startswith("⏸")]
    assert len(said) == 1, said
    assert (
        said[0].startswith("⏸ amphi était arrêté de ")
        and "alerte(s) sont parties en retard" in said[0]
    )
    logged = [r.getMessage() for r in caplog.records if "était arrêté" in r.getMessage()]
    assert logged == [
        f"amphi était arrêté depuis le {paris_minute(stopped)} : 0 alerte(s) partent en retard"
    ]


async def test_a_stop_does_not_eat_the_remote_chooser_s_time(tmp_path):
    """Called on a list chosen from Telegram, his time ran out while amphi was stopped: at the
    restart he has his whole time again instead of being passed at once."""
    remote = db_setup.CONFIG + '\n[appel]\ndelai_secondes = 10\na_distance = ["MG"]\n'
    config = db_setup.config(remote)
    path = tmp_path / "amphi.sqlite3"
    database = await db_setup.prepared(path, places=400, open_mg=False)
    await database.close()
    ids = await db_setup.lier_premiers(path, 2)
    emulateur = Emulateur()
    first = emulateur.utilisateur(10_000, "Un")
    g = emulateur.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
    async with bot_running(config, path, deja=emulateur):
        pass  # a first run: its beat recorded
    database = await Database.open(path)
    await appel_operations.ouvrir(Contexte(database, config, "Mme Durand"), "MG")
    await database.close()
    with sqlite3.connect(path) as connection:  # amphi stopped ten minutes ago…
        connection.execute(
            "UPDATE service_etat SET vu_at = ?", (timestamp(now() - timedelta(minutes=10)),)
        )
    await asyncio.sleep(10.5)  # …and his 10 seconds ran out meanwhile
    async with bot_running(config, path, deja=emulateur):
        await emulateur.attendre(lambda: "🔔 MG : c'est votre tour !" in _alertes(emulateur, first))
        await asyncio.sleep(2)  # rounds of the sender: he is not passed
        database = await Database.open(path)
        state = await appel_operations.etat(Contexte(database, config, "t"), "MG")
        await database.close()
        assert state.appele.key[0] == ids[0]
        await emulateur.attendre(lambda: any(t.startswith("⏸") for t in _alertes(emulateur, g)))
    notice = next(t for t in _alertes(emulateur, g) if t.startswith("⏸"))
    assert notice.endswith(f"\nMG : le délai de {ids[0]} recommence (10 s).")
    assert not any("vous êtes passé" in t for t in _alertes(emulateur, first))
    with sqlite3.connect(path) as connection:  # his journal (amphi journal --interne) says it
        his = connection.execute(
            "SELECT j.action FROM journal j JOIN journal_interne i ON i.journal_id = j.id "
            "WHERE i.interne_id = ?", (ids[0],),
        ).fetchall()  # fmt: skip
    assert ("appel.reprise",) in his


def _alertes(emulateur: Emulateur, user) -> list[str]:
    return [m.text for m in emulateur.recus(user.id) if is_alert(m)]
