"""Choices made at the same instant in two amphis called side by side (remote choice): the round
that tells the next internes and edits the call screens comes after both, so each list's next
interne is told in that one round (none waits for a round begun without his list's choice)."""

import asyncio

from bot.operations import appel as appel_operations
from bot.operations.base import Contexte
from storage import listes, semestre
from tests import db_setup
from tests.bot_harness import bot_running, press

DEUX = (
    db_setup.CONFIG.replace("ordre = 1", 'ordre = 1\namphi = "MG"').replace(
        "ordre = 2", 'ordre = 2\namphi = "Psy"'
    )
    + '\n[appel]\ndelai_secondes = 600\na_distance = ["MG", "Psy"]\n'
)  # two amphis: their lists are called side by side
TOUR = "c'est votre tour !"


async def _two_lists_open(path) -> dict[str, list[int]]:
    """MG and Psy ranked and open, their first two internes bound: Telegram ids by list."""
    config = db_setup.config(DEUX)
    database = await db_setup.prepared(path, places=400, open_mg=False)
    await db_setup.rank_to_final(database, config, "Psy")
    ids: dict[str, list[int]] = {}
    async with database.write() as tx:
        await semestre.sync(tx, config, "test")  # the lists in their own amphis
        for n, nom in enumerate(("MG", "Psy")):
            rows = await tx.all(
                "SELECT interne_id FROM rang WHERE liste_id = ? AND NOT sortant ORDER BY position",
                ((await listes.get(tx, nom)).id,),
            )
            first = list(dict.fromkeys(row[0] for row in rows))[:2]
            ids[nom] = [10_000 + 10 * n + k for k in range(2)]
            await tx.executemany(
                "INSERT INTO compte_telegram (telegram_id, role, interne_id, nom, lie_at) "
                "VALUES (?, 'interne', ?, NULL, '2026-11-20T08:00:00+00:00')",
                list(zip(ids[nom], first, strict=True)),
            )
    ctx = Contexte(database, config, "Mme Durand")
    for nom in ("MG", "Psy"):
        await appel_operations.ouvrir(ctx, nom)
    await database.close()
    return ids


async def test_two_choices_at_once_are_both_recorded_before_the_next_internes_are_told(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    ids = await _two_lists_open(path)
    async with bot_running(db_setup.config(DEUX), path) as bot:
        emu = bot.emulateur
        users = {
            nom: [emu.utilisateur(i, f"Interne {i}") for i in pair] for nom, pair in ids.items()
        }

        def turn(user):
            return next((m for m in emu.recus(user.id) if TOUR in (m.text or "")), None)

        confirms = {}
        for nom, (called, _) in users.items():
            await emu.attendre(lambda u=called: turn(u) is not None, timeout=15)
            postes = await press(bot, called, turn(called), "Choisir mon poste")
            confirms[nom] = await press(bot, called, postes, postes.boutons[0][0])
        before = {nom: m.modifications for nom, m in confirms.items()}
        order: list[str] = []

        def seen() -> bool:  # asked after each call the bot makes: the order is exact
            for nom, (_, following) in users.items():
                if confirms[nom].modifications > before[nom] and f"choisi {nom}" not in order:
                    order.append(f"choisi {nom}")
                if turn(following) is not None and f"prévenu {nom}" not in order:
                    order.append(f"prévenu {nom}")
            return len(order) == 4

        await asyncio.gather(*(
            emu.appuyer(users[nom][0], m, next(d for t, d in m.boutons if t.startswith("Confirmer")))
            for nom, m in confirms.items()
        ))  # fmt: skip
        await emu.attendre(seen, timeout=15)
        assert sorted(order[:2]) == ["choisi MG", "choisi Psy"], order
        assert all(confirms[nom].text.startswith("✔ Vous avez choisi") for nom in confirms)


async def test_over_a_slow_network_one_interne_is_not_kept_waiting_for_another(tmp_path):
    """Telegram 0.4 s away: each press costs its answer and its edit, two round trips. Two
    internes confirming at the same instant are answered together, not one after the other."""
    path = tmp_path / "amphi.sqlite3"
    ids = await _two_lists_open(path)
    async with bot_running(db_setup.config(DEUX), path, latence=0.4) as bot:
        emu = bot.emulateur
        called = {nom: emu.utilisateur(pair[0], f"Interne {pair[0]}") for nom, pair in ids.items()}

        def turn(user):
            return next((m for m in emu.recus(user.id) if TOUR in (m.text or "")), None)

        confirms = {}
        for nom, user in called.items():
            await emu.attendre(lambda u=user: turn(u) is not None, timeout=15)
            postes = await press(bot, user, turn(user), "Choisir mon poste")
            confirms[nom] = await press(bot, user, postes, postes.boutons[0][0])
        answered: dict[str, float] = {}
        loop = asyncio.get_running_loop()

        def seen() -> bool:
            for nom, m in confirms.items():
                if nom not in answered and m.text.startswith("✔ Vous avez choisi"):
                    answered[nom] = loop.time()
            return len(answered) == 2

        await asyncio.gather(*(
            emu.appuyer(called[nom], m, next(d for t, d in m.boutons if t.startswith("Confirmer")))
            for nom, m in confirms.items()
        ))  # fmt: skip
        await emu.attendre(seen, timeout=15)
        gap = abs(answered["MG"] - answered["Psy"])
        assert gap < 0.4, f"le second a attendu {gap:.2f} s de plus"
