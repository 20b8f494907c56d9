"""A small subdivision in a real SQLite file: config, internes, postes, ranked lists.

Used by the storage tests and by the writer processes they start (tests/writers.py).
"""

import io
import sqlite3
from pathlib import Path

from bot.operations import comptes
from bot.operations.base import Contexte
from bot.repetition.exemple import generate, to_csv
from ranking.config import Config, parse_config
from ranking.horloge import now
from ranking.importer import read_internes
from ranking.postes import parse_postes
from storage import appel, classement, imports, listes, semestre
from storage.database import Database

CONFIG = """
[semestre]
code = "2026-11"
circonscription = "Amiens"

[[listes]]
nom = "MG"
formation = "medecine"
discipline = "Médecine générale"
ordre = 1

[[listes]]
nom = "Psy"
formation = "medecine"
discipline = "Psychiatrie"
ordre = 2
"""
AUTEUR = "test"


def config(text: str = CONFIG) -> Config:
    return parse_config(text, "config.toml")


def internes_rows(count: int = 600, seed: int = 5) -> list[dict[str, str]]:
    return generate(count, subdivisions=["Amiens"], seed=seed)


def internes_csv(count: int = 600, seed: int = 5) -> bytes:
    return to_csv(internes_rows(count, seed))


def postes_csv(places: dict[str, int], per_poste: int = 2) -> bytes:
    """`places[liste]` places in postes of `per_poste` places each (one smaller if needed)."""
    lines = ["id,terrain,liste,capacite,type"]
    for liste, total in places.items():
        number = 0
        while total > 0:
            number += 1
            size = min(per_poste, total)
            lines.append(f"{liste}-{number},CHU Amiens — service {number},{liste},{size},CHU")
            total -= size
    return ("\n".join(lines) + "\n").encode()


async def import_all(
    database: Database, cfg: Config, internes: bytes, postes: bytes | None
) -> None:
    async with database.write() as tx:
        await semestre.sync(tx, cfg, AUTEUR)
    records = read_internes(internes, "internes.csv")
    async with database.write() as tx:
        changes = await imports.internes_changes(tx, records)
        await imports.apply_internes(tx, changes, "internes.csv", internes, AUTEUR, cfg.classement)
    if postes is not None:
        records = parse_postes(postes, "postes.csv", [liste.nom for liste in cfg.listes])
        async with database.write() as tx:
            changes = await imports.postes_changes(tx, records)
            await imports.apply_postes(tx, changes, "postes.csv", postes, AUTEUR)


async def rank_to_final(database: Database, cfg: Config, nom: str, validate: bool = True) -> None:
    """Pré-classement, every tie group in its displayed order, levée, final validated."""
    async with database.write() as tx:
        await classement.run_preclassement(tx, await listes.get(tx, nom), cfg.classement, AUTEUR)
    async with database.write() as tx:
        liste = await listes.get(tx, nom)
        ordre = await classement.load(tx, liste)
        for group in ordre.groupes:
            members = sorted(group.membres, key=ordre.keys.index)
            await classement.ordonner(tx, liste, group.numero, members, AUTEUR, now())
            liste = await listes.get(tx, nom)
        if ordre.groupes:
            await classement.valider_exaequo(tx, liste, AUTEUR, now())
        if validate:
            await classement.valider_final(tx, await listes.get(tx, nom), AUTEUR)


async def open_choice(database: Database, nom: str) -> None:
    async with database.write() as tx:
        await appel.ouvrir(tx, await listes.get(tx, nom), AUTEUR)


_RANKED: dict[tuple[int, int], bytes] = {}
"""The base `prepared` makes before the call opens, by (places, internes), per test worker."""


async def prepared(
    path: Path, places: int = 40, open_mg: bool = True, internes: int = 600
) -> Database:
    """MG ranked and open for choice with `places` places; Psy imported only. The import and
    the ranking run once per (places, internes) and test worker; a later base is their copy
    (the call is opened afresh: its time starts now)."""
    key = (places, internes)
    if key in _RANKED and not path.exists():
        path.write_bytes(_RANKED[key])
        database = await Database.open(path)
    else:
        database = await _ranked(path, places, internes)
    if open_mg:
        await open_choice(database, "MG")
    return database


async def _ranked(path: Path, places: int, internes: int) -> Database:
    fresh = not path.exists()
    cfg = config()
    database = await Database.open(path)
    await import_all(database, cfg, internes_csv(internes), postes_csv({"MG": places, "Psy": 10}))
    await rank_to_final(database, cfg, "MG")
    if not fresh:
        return database
    await database.close()
    if not any(Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-shm", "-journal")):
        _RANKED[(places, internes)] = path.read_bytes()
    return await Database.open(path)


async def lier_premiers(path: Path, count: int) -> list[str]:
    """Bind the first `count` internes called in MG directly in the base (a fixture, not a
    flow), Telegram ids 10 000, 10 001…; sortants are called in their destination list, not
    here."""
    database = await Database.open(path)
    async with database.write() as tx:
        liste = await listes.get(tx, "MG")
        rows = await tx.all(
            "SELECT interne_id FROM rang WHERE liste_id = ? AND NOT sortant ORDER BY position",
            (liste.id,),
        )
        ids = list(dict.fromkeys(row[0] for row in rows))[:count]
        await tx.executemany(
            "INSERT INTO compte_telegram (telegram_id, role, interne_id, nom, lie_at) "
            "VALUES (?, 'interne', ?, NULL, '2026-11-20T08:00:00+00:00')",
            [(10_000 + n, interne) for n, interne in enumerate(ids)],
        )
    await database.close()
    return ids


EN_ATTENTE = (
    'INSERT INTO "import_attente"',
    "INSERT INTO \"sqlite_sequence\" VALUES('import_attente'",
    'INSERT INTO "service_etat"',
)


def dump(path: Path) -> str:
    """The whole semester as SQL text: equal dumps, nothing changed. Imports waiting for
    « Appliquer » are work in progress kept for a restart, and the running bot's heartbeat is
    the service's, not the semester: left out."""
    connection = sqlite3.connect(path)
    try:
        buffer = io.StringIO()
        for line in connection.iterdump():
            if not line.startswith(EN_ATTENTE):
                buffer.write(line + "\n")
        return buffer.getvalue()
    finally:
        connection.close()


async def premier_de_mg(path: Path) -> tuple[str, str]:
    """The first interne called in MG, and an invitation code for him."""
    database = await Database.open(path)
    async with database.read() as tx:
        first = (await classement.load(tx, await listes.get(tx, "MG"))).keys[0][0]
    code = await comptes.inviter(Contexte(database, config(), "test"), first)
    await database.close()
    return first, code
