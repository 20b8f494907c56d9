"""Writer processes for the crash and concurrency tests: `python -m tests.writers MODE DB SEED`.

Each acknowledged write is printed (and flushed) only after its transaction has committed:
a line on stdout is a promise the database must keep, even after a SIGKILL.
"""

import asyncio
import random
import sys

from ranking.errors import Refused
from storage import choix, classement, listes
from storage.database import Database, now


def ack(*words: object) -> None:
    print(*words, flush=True)


async def places_left(database: Database) -> list[str]:
    async with database.read() as tx:
        rows = await tx.all(
            "SELECT p.id, p.capacite - (SELECT count(*) FROM choix c WHERE c.poste_id = p.id "
            "AND c.annule_at IS NULL AND c.nature NOT LIKE 'surnombre%') AS libres "
            "FROM poste p JOIN liste l ON l.id = p.liste_id WHERE l.nom = 'MG'"
        )
    return [row["id"] for row in rows if row["libres"] > 0]


async def churn(database: Database, rng: random.Random, rounds: int) -> None:
    """Choose and cancel choices forever (until killed): every commit acknowledged."""
    async with database.read() as tx:
        liste = await listes.get(tx, "MG")
        keys = (await classement.load(tx, liste)).keys
    for _ in range(rounds):
        async with database.read() as tx:
            active = await choix.en_cours(tx, liste)
        placed = {c.interne_id for c in active}
        waiting = [key[0] for key in keys if key[0] not in placed]
        free = await places_left(database)
        if waiting and free and rng.random() < 0.8:
            try:
                async with database.write() as tx:
                    made = await choix.enregistrer(
                        tx, liste, waiting[0], rng.choice(free), "choix", "w"
                    )
                ack("choix", made.id)
            except Refused:
                ack("refus")
        elif active:
            victim = rng.choice(active)
            async with database.write() as tx:
                await choix.annuler(tx, liste, victim.id, "w")
            ack("annule", victim.id)


async def swaps(database: Database, rng: random.Random, rounds: int) -> None:
    for _ in range(rounds):
        async with database.read() as tx:
            liste = await listes.get(tx, "MG")
            keys = (await classement.load(tx, liste)).keys
        key = rng.choice(keys)
        try:
            async with database.write() as tx:
                liste = await listes.get(tx, "MG")
                await classement.deplacer(tx, liste, key, rng.random() < 0.5, "w", now())
            ack("echange")
        except Refused:
            ack("refus")


async def choices(database: Database, rng: random.Random, rounds: int) -> None:
    async with database.read() as tx:
        liste = await listes.get(tx, "MG")
        keys = list((await classement.load(tx, liste)).keys)
    rng.shuffle(keys)
    for key in keys[:rounds]:
        free = await places_left(database)
        if not free:
            break
        try:
            async with database.write() as tx:
                made = await choix.enregistrer(tx, liste, key[0], rng.choice(free), "choix", "w")
            ack("choix", made.id)
        except Refused:
            ack("refus")


async def main(mode: str, path: str, seed: int, rounds: int) -> None:
    database = await Database.open(path)
    try:
        work = {"churn": churn, "swaps": swaps, "choices": choices}[mode]
        await work(database, random.Random(seed), rounds)
    finally:
        await database.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
