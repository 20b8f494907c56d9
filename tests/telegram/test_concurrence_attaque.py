"""Attacks on the bot handling the chats side by side (each chat's updates in order): presses of
two people on one call at the same instant, a crowd at once, one user's fast steps among
others, the board's group beside private chats. Through the real PTB stack and the emulator;
what a user would notice: one act applied and the other told politely, everyone answered once,
the next interne told, no « Erreur interne »."""

import asyncio
import sqlite3

from bot.emulateur import Emulateur, Message
from bot.operations import appel, comptes
from bot.operations.base import Contexte
from bot.telegram.textes.alertes import MARQUES_ALERTE
from bot.telegram.textes.erreurs import ERREUR_INTERNE
from storage.database import Database
from tests import db_setup
from tests.bot_harness import GESTIONNAIRE_ID, bot_running, names, press, two_call_screens
from tests.bot_process import served_bot, tap
from tests.cli_harness import AMPHI

REMOTE = db_setup.CONFIG + '\n[appel]\ndelai_secondes = 600\na_distance = ["MG"]\n'
TOUR = "c'est votre tour !"
PERIME = "⚠ Ce clavier est périmé"


def journal(path, action: str) -> list[str]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "SELECT detail FROM journal WHERE action = ? ORDER BY id", (action,)
        )
        return [row[0] for row in rows]


def data_of(message: Message, label: str) -> str:
    return next(d for text, d in message.boutons if names(text, label))


class Historique:
    """Every text each watched message shows, in order (asked after each call the bot makes)."""

    def __init__(self, *messages: Message):
        self.messages = messages
        self.textes: list[list[str]] = [[m.text] for m in messages]

    def voir(self) -> None:
        for seen, message in zip(self.textes, self.messages, strict=True):
            if seen[-1] != message.text:
                seen.append(message.text)


def sans_erreur(emu, *users) -> None:
    for user in users:
        texts = [m.text or "" for m in emu.recus(user.id)]
        assert not any(ERREUR_INTERNE in t or "Traceback" in t for t in texts), texts


async def _gestionnaire_invite(path, count: int = 1) -> list[str]:
    """MG open with 400 places; invitation codes for `count` gestionnaires."""
    database = await db_setup.prepared(path, places=400)
    ctx = Contexte(database, db_setup.config(), "test")
    codes = [await comptes.inviter(ctx, None) for _ in range(count)]
    await database.close()
    return codes


async def test_two_gestionnaires_choosing_for_the_same_interne_at_once_apply_one(tmp_path):
    """Both on the postes of the same screen version, each presses a poste at the same
    instant: one choice recorded, the other told its keyboard is outdated, never applied to
    the next interne; both answered, no internal error."""
    path = tmp_path / "amphi.sqlite3"
    (second_code,) = await _gestionnaire_invite(path)
    async with bot_running(db_setup.config(), path) as bot:
        emu = bot.emulateur
        g1, g2, mine, his = await two_call_screens(bot, second_code)
        await press(bot, g1, mine, "a choisi…")
        await press(bot, g2, his, "a choisi…")
        seen = Historique(mine, his)
        edits = (mine.modifications, his.modifications)
        queries = await asyncio.gather(
            emu.appuyer(g1, mine, data_of(mine, "MG-1")),
            emu.appuyer(g2, his, data_of(his, "MG-2")),
        )

        def done() -> bool:
            seen.voir()
            return all(emu.callbacks[q]["answered"] for q in queries) and (
                mine.modifications > edits[0] and his.modifications > edits[1]
            )

        await emu.attendre(done, timeout=10)
        firsts = [texts[1] for texts in seen.textes]
        assert sum(t.startswith("✔") for t in firsts) == 1, firsts
        assert sum(t.startswith(PERIME) for t in firsts) == 1, firsts
        sans_erreur(emu, g1, g2)
    assert len(journal(path, "appel.choisir")) == 1


async def test_a_gestionnaire_and_the_interne_s_own_confirm_at_once_record_one_choice(tmp_path):
    """The interne confirms his poste from afar at the instant the gestionnaire records
    another for him: one choice in the journal; the interne is told which one holds."""
    path = tmp_path / "amphi.sqlite3"
    await (await db_setup.prepared(path, places=400)).close()
    await db_setup.lier_premiers(path, 1)
    async with bot_running(db_setup.config(REMOTE), path) as bot:
        emu = bot.emulateur
        interne = emu.utilisateur(10_000, "Interne 1")
        g = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        await emu.attendre(lambda: any(TOUR in (m.text or "") for m in emu.recus(interne.id)))
        turn = next(m for m in emu.recus(interne.id) if TOUR in (m.text or ""))
        postes = await press(bot, interne, turn, "Choisir mon poste")
        confirm = await press(bot, interne, postes, "MG-2")
        screen = await press(bot, g, await bot.dire(g, "/appel"), "MG")
        await press(bot, g, screen, "a choisi…")
        seen = Historique(confirm, screen)
        edits = (confirm.modifications, screen.modifications)
        queries = await asyncio.gather(
            emu.appuyer(interne, confirm, data_of(confirm, "Confirmer")),
            emu.appuyer(g, screen, data_of(screen, "MG-8")),
        )

        def done() -> bool:
            seen.voir()
            return all(emu.callbacks[q]["answered"] for q in queries) and (
                confirm.modifications > edits[0] and screen.modifications > edits[1]
            )

        await emu.attendre(done, timeout=10)
        choisi = journal(path, "appel.choisir")
        assert len(choisi) == 1, choisi
        told = seen.textes[0][1]
        if choisi[0].endswith("MG-2"):
            assert told.startswith("✔ Vous avez choisi"), told
            assert seen.textes[1][1].startswith(PERIME), seen.textes[1]
        else:
            assert told.startswith("✔ Le gestionnaire a enregistré MG-8 pour vous"), told
        sans_erreur(emu, interne, g)


async def test_a_crowd_at_once_is_answered_once_each_and_the_call_moves_on(tmp_path):
    """100 internes type /rang at the same instant while the gestionnaire records a choice:
    each answered exactly once, the next interne told his turn, and nothing of the crowd is
    held once it is answered (the per-chat turns are forgotten)."""
    path = tmp_path / "amphi.sqlite3"
    await (await db_setup.prepared(path, places=400)).close()
    await db_setup.lier_premiers(path, 100)
    async with bot_running(db_setup.config(REMOTE), path) as bot:
        emu = bot.emulateur
        crowd = [emu.utilisateur(10_000 + n, f"Interne {n}") for n in range(100)]
        g = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        screen = await press(bot, g, await bot.dire(g, "/appel"), "MG")
        await press(bot, g, screen, "a choisi…")
        await emu.attendre(lambda: any(TOUR in (m.text or "") for m in emu.recus(crowd[0].id)))
        before = {u.id: len(bot.answers(u, 0)) for u in crowd}
        edits = screen.modifications
        await asyncio.gather(
            *(emu.ecrire(u, "/rang") for u in crowd[:50]),
            emu.appuyer(g, screen, data_of(screen, "MG-1")),
            *(emu.ecrire(u, "/rang") for u in crowd[50:]),
        )

        def everyone() -> bool:
            return screen.modifications > edits and all(
                len(bot.answers(u, before[u.id])) >= 1 for u in crowd
            )

        await emu.attendre(everyone, timeout=14)
        await emu.attendre(lambda: any(TOUR in (m.text or "") for m in emu.recus(crowd[1].id)))
        await asyncio.sleep(0.3)  # a second answer would have come by now
        for u in crowd:
            answers = bot.answers(u, before[u.id])
            assert len(answers) == 1, (u.id, [m.text for m in answers])
        assert screen.text.startswith("✔"), screen.text
        sans_erreur(emu, g, *crowd)
        assert bot.application.update_processor._verrous == {}
    assert len(journal(path, "appel.choisir")) == 1


async def test_one_user_s_fast_steps_are_taken_in_order_among_other_users(tmp_path):
    """Telegram 0.2 s away. An interne types /prechoix, a search, presses a voeu and
    « Terminer », each without waiting for the bot's answer, while twenty others type /rang:
    each step meets the conversation as the step before left it (the search filters the
    picker, the summary holds the voeu), and /annuler typed at once ends it."""
    path = tmp_path / "amphi.sqlite3"
    await (await db_setup.prepared(path, places=400, open_mg=False)).close()
    await db_setup.lier_premiers(path, 21)
    async with bot_running(db_setup.config(), path, latence=0.2) as bot:
        emu = bot.emulateur
        lea, *others = [emu.utilisateur(10_000 + n, f"Interne {n}") for n in range(21)]
        crowd = [emu.ecrire(u, "/rang") for u in others]
        await asyncio.gather(emu.ecrire(lea, "/prechoix"), *crowd[:10])
        await asyncio.gather(emu.ecrire(lea, "service 7"), *crowd[10:])
        await emu.attendre(lambda: len(emu.recus(lea.id)) >= 2, timeout=10)
        found = emu.recus(lea.id)[1]
        assert (
            [t for t, _ in found.boutons if "MG-" in t]
            == [t for t, _ in found.boutons if "service 7" in t]
            != []
        ), found.boutons  # the search met the conversation: only the matching postes
        await emu.appuyer(lea, found, data_of(found, "MG-7"))
        await emu.appuyer(lea, found, data_of(found, "Terminer"))
        await emu.ecrire(lea, "/annuler")
        await emu.attendre(lambda: len(emu.recus(lea.id)) >= 4, timeout=10)
        summary, ended = emu.recus(lea.id)[2:4]
        assert "(MG-7)" in summary.text and summary.text.startswith("Votre pré-choix"), summary
        assert ended.text == "Rien n'est enregistré.", ended.text
        await emu.attendre(lambda: all(bot.answers(u, 0) for u in others), timeout=10)
        sans_erreur(emu, lea, *others)


async def test_sigterm_amid_a_crowd_answers_or_leaves_each_act_and_applies_none_twice(tmp_path):
    """The real `amphi bot` stopped (SIGTERM) while forty internes' /rang and two gestionnaires'
    presses on the same screen are in hand: each press answered, one choice recorded, and
    after a restart nothing is applied again; no traceback in the log."""
    path = tmp_path / "amphi.sqlite3"
    codes = await _gestionnaire_invite(path, 2)
    await db_setup.lier_premiers(path, 40)
    emu = Emulateur()
    crowd = [emu.utilisateur(10_000 + n, f"Interne {n}") for n in range(40)]
    async with served_bot(tmp_path, emu, db_setup.CONFIG) as bot:
        g1 = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        g2 = emu.utilisateur(901, "M. Petit")
        screens = []
        for g, code in zip((g1, g2), codes, strict=True):
            await emu.ecrire(g, f"/start {code}")
            await emu.attendre(lambda g=g: bool(emu.recus(g.id)), timeout=30)
            count = len(emu.recus(g.id))
            await emu.ecrire(g, "/appel")
            screen = await tap(emu, g, await emu.reponse(g.id, count), "MG")
            screens.append(await tap(emu, g, screen, "a choisi…"))
        queries = await asyncio.gather(
            *(emu.ecrire(u, "/rang") for u in crowd[:20]),
            emu.appuyer(g1, screens[0], data_of(screens[0], "MG-1")),
            emu.appuyer(g2, screens[1], data_of(screens[1], "MG-2")),
            *(emu.ecrire(u, "/rang") for u in crowd[20:]),
        )
        presses = [q for q in queries if isinstance(q, str)]
        await emu.attendre(lambda: len(emu.recus(crowd[0].id)) >= 1, timeout=10)
        await bot.stop()  # most of the crowd and both presses still in hand
        assert bot.process.returncode == 0
        assert len(journal(path, "appel.choisir")) == 1  # what was in hand was finished
        assert all(emu.callbacks[q]["answered"] for q in presses)
        firsts = sorted(s.text[:1] for s in screens)
        assert firsts == ["⚠", "✔"], [s.text for s in screens]
        await bot.start()
        log = tmp_path / "bot.log"
        while log.read_text(encoding="utf-8").count("amphi bot prêt") < 2:
            await asyncio.sleep(0.05)
        await asyncio.sleep(1.0)  # long enough for anything handled again to be answered again
        await bot.stop()
        for u in crowd:  # /rang answered once; each alert (the call opened…) sent once
            texts = [m.text for m in emu.recus(u.id)]
            assert len([t for t in texts if not t.startswith(MARQUES_ALERTE)]) == 1, texts
            assert len(set(texts)) == len(texts), texts
    assert len(journal(path, "appel.choisir")) == 1
    logged = (tmp_path / "bot.log").read_text(encoding="utf-8")
    english = [line for line in logged.splitlines() if "Application" in line or "Error" in line]
    assert english == [], english


async def test_one_chat_flooding_while_telegram_holds_its_answer_holds_no_one_else(tmp_path):
    """One chat's answer hangs at Telegram (as the board's group's do at its 20 messages a
    minute) while that chat sends 300 more updates: another interne's /rang is still answered
    at once, not after the flood."""
    path = tmp_path / "amphi.sqlite3"
    await (await db_setup.prepared(path, places=400)).close()
    await db_setup.lier_premiers(path, 1)
    async with bot_running(db_setup.config(), path) as bot:
        emu = bot.emulateur
        flooder = emu.utilisateur(7_000, "Pressé")
        lea = emu.utilisateur(10_000, "Léa")
        shown = await bot.dire(flooder, "/aide")
        held: list[str] = []

        def first_answer(method: str, params: dict) -> bool:
            if method.lower() != "answercallbackquery":
                return False
            held.append(held[0] if held else params["callback_query_id"])
            return params["callback_query_id"] == held[0]

        emu.retenir(first_answer)
        await asyncio.gather(*(emu.appuyer(flooder, shown, f"inconnu:{n}") for n in range(300)))
        await emu.attendre(lambda: bool(emu.retenus), timeout=5)
        try:
            answer = await asyncio.wait_for(bot.dire(lea, "/rang"), 3)
        finally:
            emu.relacher()
        assert "Rang d'appel" in answer.text, answer.text
        emu.violations.clear()  # the held answer, refused once let go


async def test_a_press_and_amphi_appel_at_the_same_instant_apply_one_act_to_the_called(tmp_path):
    """The gestionnaire's phone records a poste for the interne called while the laptop's
    `amphi appel absent` for the same interne lands at the same instant (four times, the
    laptop a little later each time): one act for that interne, never one for the next; the
    phone told « périmé » when the laptop won, the laptop refused in French when the phone
    did."""
    path = tmp_path / "amphi.sqlite3"
    (tmp_path / "config.toml").write_text(db_setup.CONFIG, encoding="utf-8")
    await (await db_setup.prepared(path, places=400)).close()
    async with bot_running(db_setup.config(), path) as bot:
        emu = bot.emulateur
        g = emu.utilisateur(GESTIONNAIRE_ID, "Mme Durand")
        screen = await press(bot, g, await bot.dire(g, "/appel"), "MG")
        for n, delay in enumerate((0.05, 0.1, 0.15, 0.2), 1):
            database = await Database.open(path)
            called = (await appel.ecran(Contexte(database, db_setup.config(), "t"), 1)).etat
            await database.close()
            called = called.appele.key[0]
            postes = await press(bot, g, screen, "a choisi…")
            edits = postes.modifications
            laptop = await asyncio.create_subprocess_exec(
                AMPHI, "appel", "absent", called, "--liste", "MG", "--db", str(path),
                cwd=tmp_path, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            )  # fmt: skip
            await asyncio.sleep(delay)  # the laptop's command starting
            await emu.appuyer(g, postes, data_of(postes, f"MG-{n}"))
            _, said = await laptop.communicate()
            await emu.attendre(lambda p=postes, e=edits: p.modifications > e, timeout=10)
            acts = journal(path, "appel.choisir")[-1:] + journal(path, "appel.absent")[-1:]
            mine = [a for a in acts if a.startswith(called)]
            assert len(journal(path, "appel.choisir")) + len(journal(path, "appel.absent")) == n
            assert len(mine) == 1, (called, acts)
            if laptop.returncode:
                assert postes.text.startswith("✔"), postes.text
                assert "Traceback" not in said.decode() and said.decode().startswith("refusé : "), (
                    said
                )
            else:
                assert postes.text.startswith(PERIME), postes.text
            screen = postes
        sans_erreur(emu, g)
