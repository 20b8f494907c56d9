"""The change of semester (règles §7) on a 3,600-interne subdivision (Amiens' MG maquette, every
MG interne's stages, the list called and closed, every interne bound to Telegram): building the
next semester, archive copy included, against the floor « a copy of the same base with SQLite's
backup API » measured in the same run; then the running bot across the switch: a gestionnaire's
message planned to the whole list just before it, each received once, each interne carried one
« nouveau semestre » message, nothing left unsent."""

import asyncio
import shutil
import sqlite3
import time
from pathlib import Path

from bench import maquette_bench
from bench.ranking_bench import BUILD
from bench.storage_bench import fresh
from bench.timing import verdict
from bot.emulateur import GLOBAL_RATE, Emulateur
from bot.emulateur.http import port_of, servir
from bot.operations import alertes, semestres
from bot.operations import appel as appel_operations
from bot.operations.base import Contexte
from bot.operations.config import TelegramConfig
from bot.telegram.application import construire
from ranking.config import parse_config
from ranking.cycle import Etat
from ranking.horloge import now, timestamp
from storage import listes
from storage.database import Database

CONFIG = maquette_bench.LISTES + maquette_bench.MAQUETTE
ESSAIS = 3
OBJECTIF = 2.0
COMMENCE = "Le semestre d'été 2027 commence"
LIES = 1_000
"""Internes bound when the bot runs across the switch: each gets two messages, at Telegram's
30 a second (alertes_bench measures that pace; here: nothing lost, nothing twice)."""


async def _closed() -> Path:
    """The maquette bench's subdivision, MG called (each called interne a place, in order, by
    SQL: a fixture, not a day) and closed; every interne bound (Telegram id 10 000 + n)."""
    BUILD.mkdir(parents=True, exist_ok=True)
    source = await maquette_bench._base()
    path = fresh("semestre.sqlite3")
    shutil.copyfile(source, path)
    config = parse_config(CONFIG, "config.toml")
    database = await Database.open(path)
    await appel_operations.ouvrir(Contexte(database, config, "bench"), "MG", malgre=True)
    async with database.write() as tx:
        liste = await listes.get(tx, "MG")
        called = await tx.all(
            "SELECT interne_id FROM rang WHERE liste_id = ? AND NOT sortant ORDER BY position",
            (liste.id,),
        )
        postes = await tx.all(
            "SELECT id, capacite FROM poste WHERE liste_id = ? ORDER BY rowid", (liste.id,)
        )
        places = [poste for poste, capacite in postes for _ in range(capacite)]
        at = timestamp(now())
        await tx.executemany(
            "INSERT INTO choix (liste_id, interne_id, poste_id, nature, at, auteur) "
            "VALUES (?, ?, ?, 'choix', ?, 'bench')",
            [(liste.id, interne, poste, at)
             for interne, poste in zip(dict.fromkeys(r[0] for r in called), places,
                                        strict=False)],
        )  # fmt: skip
        await tx.execute("UPDATE appel_etat SET clos_at = ? WHERE liste_id = ?", (at, liste.id))
        await listes.set_state(tx, liste, Etat.CHOIX_CLOS)
        internes = [row[0] for row in await tx.all("SELECT id FROM interne ORDER BY rowid")]
        await tx.executemany(
            "INSERT INTO compte_telegram (telegram_id, role, interne_id, nom, lie_at) "
            "VALUES (?, 'interne', ?, NULL, ?)",
            [(10_000 + n, interne, at) for n, interne in enumerate(internes)],
        )
    await database.close()
    return path


def _copy(source: Path, name: str) -> Path:
    """A fresh copy of the closed semester (nothing left of a previous run beside it)."""
    target = fresh(name)
    for old in target.parent.glob(f"{target.stem}-*.sqlite3"):
        old.unlink()
    shutil.rmtree(target.parent / "sauvegardes", ignore_errors=True)
    shutil.copyfile(source, target)
    return target


def _floor(source: Path) -> float:
    """The copy the switch cannot do without: the same base through SQLite's backup API."""
    target = fresh("semestre_plancher.sqlite3")
    start = time.perf_counter()
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    elapsed = time.perf_counter() - start
    dst.close()
    src.close()
    return elapsed


async def _build(source: Path) -> tuple[float, float, tuple[str, ...]]:
    """Seconds of the preview and of the switch, and what the switch said it did."""
    path = _copy(source, "semestre_run.sqlite3")
    database = await Database.open(path)
    ctx = Contexte(database, parse_config(CONFIG, "config.toml"), "bench")
    start = time.perf_counter()
    seen = await semestres.apercu(ctx)
    previewed = time.perf_counter() - start
    start = time.perf_counter()
    done = await semestres.construire(ctx, seen.jeton, "bench")
    built = time.perf_counter() - start
    await database.close()
    return previewed, built, done.lignes


async def _switch(source: Path) -> dict[str, float | int]:
    """The bot running, LIES internes of MG bound (those at the end of their DES among them);
    a gestionnaire's message to the list planned, then the switch at once."""
    path = _copy(source, "semestre_bot.sqlite3")
    config = parse_config(CONFIG, "config.toml")
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(
            "DELETE FROM compte_telegram WHERE telegram_id NOT IN (SELECT c.telegram_id "
            "FROM compte_telegram c JOIN rang r ON r.interne_id = c.interne_id "
            "JOIN interne i ON i.id = c.interne_id WHERE NOT r.sortant "
            "ORDER BY i.semestres_valides >= 7 DESC, r.position LIMIT ?)",
            (LIES,),
        )
    bound = [row[0] for row in connection.execute("SELECT telegram_id FROM compte_telegram")]
    connection.close()
    emulateur = Emulateur()  # Telegram's limits: 30 messages a second
    users = {telegram_id: emulateur.utilisateur(telegram_id, "Interne") for telegram_id in bound}
    runner = await servir(emulateur, 0)
    base = f"http://127.0.0.1:{port_of(runner)}"
    application = construire(config, TelegramConfig(emulateur.token, f"{base}/bot"), path)

    def count(telegram_id: int, prefix: str) -> int:
        return sum(prefix in (m.text or "") for m in emulateur.recus(telegram_id))

    def received() -> int:
        return sum(len(emulateur.recus(telegram_id)) for telegram_id in users)

    try:
        async with application:
            await application.post_init(application)
            await application.start()
            try:
                database = await Database.open(path)
                ctx = Contexte(database, config, "bench")
                async with database.read() as tx:
                    liste_id = (await listes.get(tx, "MG")).id
                await alertes.diffuser(ctx, liste_id, "Résultats affichés en salle.")
                async with database.read() as tx:
                    messaged = {row[0] for row in await tx.all(
                        "SELECT telegram_id FROM notification WHERE cle LIKE 'message:%'")}  # fmt: skip
                seen = await semestres.apercu(ctx)
                start = time.perf_counter()
                await semestres.construire(ctx, seen.jeton, "bench")
                built = time.perf_counter() - start
                async with database.read() as tx:
                    carried = {row[0] for row in await tx.all(
                        "SELECT telegram_id FROM compte_telegram WHERE role = 'interne'")}  # fmt: skip

                owed = messaged & carried  # a leaver's account and pending alerts go with him

                def done() -> bool:
                    return all(count(t, COMMENCE) for t in carried) and all(
                        count(t, "📨") for t in owed
                    )

                while not done():  # until everything came, or nothing more for 30 s
                    before = received()
                    try:
                        await emulateur.attendre(done, timeout=30)
                    except TimeoutError:
                        if received() == before:
                            break
                delivered = time.perf_counter() - start
                await asyncio.sleep(2.5)  # rounds more: nothing comes twice
                async with database.read() as tx:
                    unsent = await tx.value(
                        "SELECT count(*) FROM notification WHERE envoyee_at IS NULL"
                    )
                await database.close()
            finally:
                await application.stop()
                await application.post_shutdown(application)
    finally:
        await runner.cleanup()
    return {
        "construit": built, "livre": delivered, "messages": len(messaged), "dus": len(owed),
        "reportes": len(carried), "ecartes": len(set(bound) - carried),
        "perdus": sum(count(t, "📨") == 0 for t in owed)
        + sum(count(t, COMMENCE) == 0 for t in carried),
        "doubles": sum(count(t, "📨") > 1 or count(t, COMMENCE) > 1 for t in users),
        "fin_prevenus": sum(count(t, COMMENCE) > 0 for t in set(bound) - carried),
        "non_envoyees": unsent,
    }  # fmt: skip


def run() -> None:
    source = asyncio.run(_closed())
    floor = min(_floor(source) for _ in range(ESSAIS))
    runs = [asyncio.run(_build(source)) for _ in range(ESSAIS)]
    previewed = min(r[0] for r in runs)
    built = min(r[1] for r in runs)
    print(f"Semestre suivant — subdivision de {maquette_bench.INTERNES} internes (maquette d'Amiens, "
          "stages de chacun, liste MG close, tous liés à Telegram)")  # fmt: skip
    for line in runs[0][2]:
        print(f"  | {line}")
    print(f"  plancher : copie de la base par l'API de sauvegarde de SQLite {floor * 1000:7.0f} ms")
    print(f"  aperçu (amphi semestre suivant, sans --oui)              {previewed * 1000:7.0f} ms")
    ok = verdict(built <= OBJECTIF, "semestre suivant construit, 3 600 internes (archive comprise)",
                 f"{built:.2f} s ({built / floor:.1f} × la copie seule)", "≤ 2 s")  # fmt: skip
    print(f"  construit, archive comprise                              {built * 1000:7.0f} ms  "
          f"({built / floor:.1f} × le plancher ; objectif ≤ 2 s : {ok})")  # fmt: skip
    figures = asyncio.run(_switch(source))
    clean = (figures["perdus"] == 0 and figures["doubles"] == 0
             and figures["non_envoyees"] == 0 and figures["fin_prevenus"] == 0)  # fmt: skip
    said = verdict(clean, "le bot au passage de semestre : message planifié juste avant",
                   f"{figures['perdus']} perdu(s), {figures['doubles']} en double, "
                   f"{figures['non_envoyees']} non envoyé(s)", "aucun perdu ni en double")  # fmt: skip
    sent = figures["dus"] + figures["reportes"]
    print(f"  le bot en service, {LIES} internes liés : un message du gestionnaire à "
          f"{figures['messages']} d'entre eux planifié juste avant le passage (construit en "
          f"{figures['construit'] * 1000:.0f} ms)")  # fmt: skip
    print(f"    {figures['reportes']} interne(s) reporté(s) prévenu(s) du nouveau semestre, "
          f"{figures['ecartes']} en fin d'internat ({figures['fin_prevenus']} prévenu(s), leurs "
          "alertes en attente effacées avec leur compte) ; "
          f"les {sent} messages reçus {figures['livre']:.1f} s après le passage (plancher de "
          f"Telegram {sent} / {GLOBAL_RATE} = {sent / GLOBAL_RATE:.1f} s)")  # fmt: skip
    print(
        f"    perdus {figures['perdus']}, en double {figures['doubles']}, non envoyés "
        f"{figures['non_envoyees']}  (objectif : aucun : {said})"
    )
    print()
