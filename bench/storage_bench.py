"""Issue 3: the national file imported into SQLite; a swap and a choice as transactions."""

import asyncio
import random
import statistics
import time
from pathlib import Path

from bench.ranking_bench import BUILD, bare_parse, national_file
from bench.timing import verdict
from ranking.appel import choisir
from ranking.config import parse_config
from ranking.horloge import cadence, estimations
from ranking.importer import read_internes
from ranking.postes import parse_postes
from storage import appel, classement, imports, listes
from storage.database import Database, now

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


async def import_file(path: Path, data: bytes) -> tuple[float, float]:
    """`amphi import internes --oui` without the process start: read, compare, write.
    Returns the whole time and the time of the database transaction alone."""
    database = await Database.open(path)
    async with database.write() as tx:
        await listes.sync(tx, parse_config(CONFIG, "config.toml"), "bench")
    start = time.perf_counter()
    records = read_internes(data, "internes.csv")
    middle = time.perf_counter()
    async with database.write() as tx:
        changes = await imports.internes_changes(tx, records)
        await imports.apply_internes(tx, changes, "internes.csv", data, "bench")
    end = time.perf_counter()
    await database.close()
    return end - start, end - middle


async def latencies(path: Path) -> tuple[list[float], list[float], list[float]]:
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
        await appel.ouvrir(tx, await listes.get(tx, "MG"), 0, "bench")
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
    await database.close()
    return swaps, choices, with_clock


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
    data = national_file(50_000)
    parse = min(_timed(lambda: bare_parse(data)) for _ in range(5))
    load, write = min(asyncio.run(import_file(fresh("import.sqlite3"), data)) for _ in range(3))
    path = fresh("latences.sqlite3")
    asyncio.run(import_file(path, data))
    swaps, choices, with_clock = asyncio.run(latencies(path))
    ratio = load / parse
    print(
        "Stockage (issue 3) — fichier national de 50 000 internes dans SQLite (WAL, synchronous FULL)"
    )
    print(f"  lecture CSV seule (module csv)            {parse * 1000:8.1f} ms")
    print(f"  import complet (amphi import --oui)       {load * 1000:8.1f} ms")
    print(
        f"    dont transaction SQLite (écart, écriture, fsync) {write * 1000:.1f} ms ({write / parse:.1f} × la lecture)"
    )
    print(
        f"  rapport import / lecture                  {ratio:8.2f} ×  (objectif ≤ 3 : {verdict(ratio <= 3)})"
    )
    for name, values, target in (
        ("échange (monter/descendre)", swaps, None),
        ("choix", choices, 5.0),
        ("choix + cadence + estimations", with_clock, 10.0),
    ):
        median, high = statistics.median(values) * 1000, p99(values) * 1000
        goal = f"  (objectif p99 ≤ {target:.0f} ms : {verdict(high <= target)})" if target else ""
        print(
            f"  {name:<27} sur {len(values)} transactions : médiane {median:.2f} ms, p99 {high:.2f} ms{goal}"
        )
    print()


def _timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start
