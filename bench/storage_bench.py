"""The storage: the internes file imported into SQLite against a bare `executemany` of the same
rows; a swap and a choice as transactions; a choice as the `amphi appel choisir` process
against a bare Python process that commits one row."""

import asyncio
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.ranking_bench import BUILD, bare_parse
from bench.timing import verdict
from bot.operations import imports as operations_imports
from bot.operations.base import Contexte
from bot.repetition.exemple import generate, to_csv
from ranking.appel import choisir
from ranking.config import parse_config
from ranking.horloge import cadence, estimations, now
from ranking.importer import FIELDS, read_internes
from ranking.ordre import key_label
from ranking.postes import parse_postes
from storage import appel, classement, imports, listes, semestre
from storage.database import Database

CONFIG = """
[semestre]
code = "2026-11"
circonscription = "Île-de-France"

[[listes]]
nom = "MG"
formation = "medecine"
discipline = "Médecine générale"
ordre = 1

[[listes]]
nom = "Psychiatrie"
formation = "medecine"
discipline = "Psychiatrie"
ordre = 2
"""
OPERATIONS = 1000
NEXT = 30  # the internes told that their turn approaches


def fresh(name: str) -> Path:
    path = BUILD / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


INTERNES_FILE = BUILD / "internes_idf_50000.csv"
ALL_COLUMNS = (*FIELDS, "lot_id")


def subdivision_file() -> bytes:
    """50,000 internes of one subdivision (an import takes only the semester's own)."""
    if not INTERNES_FILE.exists():
        BUILD.mkdir(parents=True, exist_ok=True)
        rows = generate(50_000, subdivisions=["Île-de-France"], seed=11)
        INTERNES_FILE.write_bytes(to_csv(rows))
    return INTERNES_FILE.read_bytes()


async def import_file(path: Path, data: bytes) -> float:
    """`amphi import internes --oui` without the process start: read and check the file,
    compare with the base, write, journal, commit."""
    config = parse_config(CONFIG, "config.toml")
    database = await Database.open(path)
    async with database.write() as tx:
        await semestre.sync(tx, config, "bench")
    ctx = Contexte(database, config, "bench")
    start = time.perf_counter()
    fichier = operations_imports.lire("internes", data, "internes.csv", config)
    await operations_imports.appliquer(ctx, fichier)
    end = time.perf_counter()
    await database.close()
    return end - start


def executemany_floor(path: Path, data: bytes) -> float:
    """The same typed rows written by Python's sqlite3 into the same table (same schema,
    indexes and pragmas), one durable transaction: what any import must at least pay."""
    asyncio.run(_schema(path))
    rows = [(*row, 1) for row in imports.stored_rows(read_internes(data, "internes.csv"))]
    connection = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON"):
        connection.execute(f"PRAGMA {pragma}")
    connection.execute(
        "INSERT INTO import_lot (id, nature, source, empreinte, at, auteur, ajouts, "
        "modifications, retraits) VALUES (1, 'internes', 'x', 'x', 'x', 'x', 0, 0, 0)"
    )
    placeholders = ", ".join("?" * len(ALL_COLUMNS))
    start = time.perf_counter()
    connection.execute("BEGIN IMMEDIATE")
    connection.executemany(
        f"INSERT INTO interne ({', '.join(ALL_COLUMNS)}) VALUES ({placeholders})", rows
    )
    connection.execute("COMMIT")
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed


async def _schema(path: Path) -> None:
    database = await Database.open(path)
    await database.close()


async def latencies(path: Path) -> tuple[list[float], ...]:
    config = parse_config(CONFIG, "config.toml")
    database = await Database.open(path)
    postes = "id,terrain,liste,capacite\n" + "".join(
        f"MG-{n},Cabinet {n},MG,3\n" for n in range(1, 2001)
    )
    records = parse_postes(postes.encode(), "postes.csv", ["MG", "Psychiatrie"])
    async with database.write() as tx:
        changes = await imports.postes_changes(tx, records)
        await imports.apply_postes(tx, changes, "postes.csv", postes.encode(), "bench")
    for nom in ("MG", "Psychiatrie"):
        await _final(database, config, nom)
    async with database.write() as tx:
        await appel.ouvrir(tx, await listes.get(tx, "MG"), "bench")
    rng = random.Random(3)
    async with database.read() as tx:
        psy = (await classement.load(tx, await listes.get(tx, "Psychiatrie"))).keys
        mg = (await classement.load(tx, await listes.get(tx, "MG"))).keys
    swaps = []
    order = list(psy)
    for _ in range(OPERATIONS):
        position = rng.randrange(1, len(order) - 1)
        up = rng.random() < 0.5
        start = time.perf_counter()
        async with database.write() as tx:
            liste = await listes.get(tx, "Psychiatrie")
            await classement.deplacer(tx, liste, order[position], up, "bench", now())
        swaps.append(time.perf_counter() - start)
        other = position - 1 if up else position + 1
        order[position], order[other] = order[other], order[position]
    choices, with_clock = [], []
    for number in range(min(OPERATIONS, len(mg))):
        start = time.perf_counter()
        async with database.write() as tx:
            liste = await listes.get(tx, "MG")
            poste = f"MG-{number // 3 + 1}"
            done = await appel.agir(
                tx, liste, lambda a, p=poste: choisir(a, a.appele(), p), "choisir", "bench"
            )
        chosen = time.perf_counter()
        pace = cadence(done.durees) or 60.0  # what the bot does next: the pace, the estimates
        estimations(done.appel, pace, now(), premiers=NEXT)
        choices.append(chosen - start)
        with_clock.append(time.perf_counter() - start)
    commits = []
    async with database.write() as tx:
        await tx.execute("CREATE TABLE plancher (x)")
    for number in range(OPERATIONS):
        start = time.perf_counter()
        async with database.write() as tx:
            await tx.execute("INSERT INTO plancher VALUES (?)", (number,))
        commits.append(time.perf_counter() - start)
    await database.close()
    return commits, swaps, choices, with_clock


async def _final(database: Database, config, nom: str) -> None:
    async with database.write() as tx:
        await classement.run_preclassement(tx, await listes.get(tx, nom), config.classement, "b")
    async with database.write() as tx:
        liste = await listes.get(tx, nom)
        ordre = await classement.load(tx, liste)
        for group in ordre.groupes:
            members = sorted(group.membres, key=ordre.keys.index)
            await classement.ordonner(tx, liste, group.numero, members, "b", now())
        if ordre.groupes:
            await classement.valider_exaequo(tx, await listes.get(tx, nom), "b", now())
        await classement.valider_final(tx, await listes.get(tx, nom), "b")


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98]


def run() -> None:
    data = subdivision_file()
    floor = min(executemany_floor(fresh("plancher.sqlite3"), data) for _ in range(3))
    parse = min(_timed(lambda: bare_parse(data)) for _ in range(3))
    load = min(asyncio.run(import_file(fresh("import.sqlite3"), data)) for _ in range(3))
    path = fresh("latences.sqlite3")
    asyncio.run(import_file(path, to_csv(generate(7_000, subdivisions=["Île-de-France"], seed=11))))
    commits, swaps, choices, with_clock = asyncio.run(latencies(path))
    bare, with_asyncio, imported, alone, process = process_figures(path)
    ratio = load / floor
    print("Stockage — fichier de 50 000 internes d'une subdivision dans SQLite (WAL, FULL)")
    print(f"  plancher : sqlite3.executemany des mêmes lignes {floor * 1000:8.1f} ms")
    print(f"  import complet (lecture, contrôle, écart, écriture) {load * 1000:8.1f} ms")
    import_ok = verdict(
        ratio <= 1.5, "import de 50 000 internes / plancher", f"{ratio:.2f} ×", "≤ 1,5 ×"
    )
    print(
        f"  rapport import / plancher                 {ratio:8.2f} ×  (objectif ≤ 1,5 : {import_ok})"
    )
    print(f"  plancher : module csv seul, sans contrôle      {parse * 1000:8.1f} ms")
    print(
        f"  rapport import / (csv seul + executemany) {load / (parse + floor):8.2f} ×"
        "  (lire le fichier et l'écrire : le vrai plancher d'un import)"
    )
    for name, values, target in (
        ("plancher : une ligne validée", commits, None),
        ("échange (monter/descendre)", swaps, None),
        ("choix", choices, 5.0),
        ("choix + cadence + estimations", with_clock, 10.0),
    ):
        median, high = statistics.median(values) * 1000, p99(values) * 1000
        transaction_ok = (
            verdict(
                high <= target, f"transaction {name}", f"p99 {high:.1f} ms", f"≤ {target:.0f} ms"
            )
            if target
            else ""
        )
        goal = f"  (objectif p99 ≤ {target:.0f} ms : {transaction_ok})" if target else ""
        print(
            f"  {name:<27} sur {len(values)} transactions : médiane {median:.2f} ms, p99 {high:.2f} ms{goal}"
        )
    ratio = process / with_asyncio
    print("  un choix en ligne de commande (processus, bytecode en cache, médiane)")
    print(f"    plancher : Python ouvre la base et valide une ligne     {bare * 1000:6.1f} ms")
    print(
        f"    plancher asyncio : le même avec asyncio et aiosqlite   {with_asyncio * 1000:6.1f} ms"
    )
    print(f"    importer seulement ce qu'importe la commande            {imported * 1000:6.1f} ms"
          f"  ({imported / with_asyncio:.2f} × le plancher asyncio)")  # fmt: skip
    print(f"    le même, la base ouverte et l'acte seul (sa transaction)  {alone * 1000:6.1f} ms"
          f"  ({alone / with_asyncio:.2f} × le plancher asyncio)")  # fmt: skip
    print(f"    « amphi appel choisir » (subdivision de 7 000 internes)  {process * 1000:6.1f} ms"
          f"  ({(process - alone) * 1000:.1f} ms au-dessus de l'acte seul : arguments,"
          " configuration portée dans la base, état imprimé)")  # fmt: skip
    processus_ok = verdict(
        ratio <= 2, "« amphi appel choisir » / plancher asyncio", f"{ratio:.2f} ×", "≤ 2 ×"
    )
    print(
        f"    rapport choix / plancher asyncio   {ratio:6.2f} ×  (objectif ≤ 2 : {processus_ok} ;"
        f" {process / bare:.2f} × le plancher sans asyncio)"
    )
    print()


PROCESSES = 15
BARE_COMMIT = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("PRAGMA journal_mode = WAL")
connection.execute("PRAGMA synchronous = FULL")
connection.execute("BEGIN IMMEDIATE")
connection.execute("CREATE TABLE IF NOT EXISTS plancher (x)")
connection.execute("INSERT INTO plancher VALUES (1)")
connection.execute("COMMIT")
"""


ASYNC_COMMIT = """
import asyncio, sys
import aiosqlite

async def main():
    async with aiosqlite.connect(sys.argv[1], isolation_level=None) as connection:
        await connection.execute("PRAGMA journal_mode = WAL")
        await connection.execute("PRAGMA synchronous = FULL")
        await connection.execute("BEGIN IMMEDIATE")
        await connection.execute("CREATE TABLE IF NOT EXISTS plancher (x)")
        await connection.execute("INSERT INTO plancher VALUES (1)")
        await connection.execute("COMMIT")

asyncio.run(main())
"""


ACT_ALONE = """
import asyncio, sys
from pathlib import Path
import bot.cli, bot.cli.appel
from bot.operations import appel
from bot.operations.base import Contexte
from bot.operations.config import load_config
from bot.operations.rows import row_key
from storage.database import Database

async def main():
    config = load_config(sys.argv[2])
    database = await Database.open(Path(sys.argv[1]))
    try:
        await appel.agir(Contexte(database, config, "b"), "MG", "choisir", row_key(sys.argv[3]),
                         sys.argv[4])
    finally:
        await database.close()

asyncio.run(main())
"""
"""The floor of `amphi appel choisir`: what it imports, its configuration read, the base opened,
the act's transaction (the choice and the call's state after it) — no arguments parsed, no
configuration brought to the base, nothing printed."""


def process_figures(path: Path) -> tuple[float, float, float, float, float]:
    """Median wall times: the bare process, the same with asyncio and aiosqlite, a process that
    only imports what `amphi appel choisir` imports, the same opening the base and doing the
    act alone, and `amphi appel choisir` itself, for the next called internes of the open MG
    list (the act alone and the command take turns)."""
    config = BUILD / "bench_config.toml"
    config.write_text(CONFIG, encoding="utf-8")
    called = asyncio.run(_next_called(path, 2 * (PROCESSES + 1)))
    amphi = Path(sys.executable).with_name("amphi")
    scratch = str(fresh("plancher_processus.sqlite3"))
    bare, with_asyncio, imported, alone, chosen = [], [], [], [], []
    for (key, poste), (next_key, next_poste) in zip(called[::2], called[1::2], strict=True):
        bare.append(_wall([sys.executable, "-c", BARE_COMMIT, scratch]))
        with_asyncio.append(_wall([sys.executable, "-c", ASYNC_COMMIT, scratch]))
        imported.append(_wall([sys.executable, "-c", "import bot.cli, bot.cli.appel"]))
        alone.append(_wall([sys.executable, "-c", ACT_ALONE, str(path), str(config), key, poste]))
        command = ["appel", "choisir", next_key, next_poste, "--liste", "MG", "--db", str(path)]
        chosen.append(_wall([str(amphi), *command, "--config", str(config), "--auteur", "b"]))
    figures = (bare, with_asyncio, imported, alone, chosen)
    return tuple(statistics.median(times[1:]) for times in figures)


async def _next_called(path: Path, count: int) -> list[tuple[str, str]]:
    database = await Database.open(path)
    try:
        async with database.read() as tx:
            current = await appel.charger(tx, await listes.get(tx, "MG"))
    finally:
        await database.close()
    called = []
    for _ in range(count):
        key = current.appele()
        poste = next(p for p in current.capacites if current.libres(p) > 0)
        current, _ = choisir(current, key, poste)
        called.append((key_label(key), poste))
    return called


def _wall(command: list[str]) -> float:
    """Wall time of a process, its bytecode cached as after an installation."""
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=environment)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{command[:3]} : {done.stderr}")
    return elapsed


def _timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start
