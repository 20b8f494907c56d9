"""Writer processes for the crash and concurrency tests: `python -m tests.writers MODE DB SEED`.

Each acknowledged write is printed (and flushed) only after its transaction has committed:
a line on stdout is a promise the database must keep, even after a SIGKILL.
"""

import asyncio
import random
import sys

from ranking.appel import annuler, choisir
from ranking.errors import Refused
from ranking.horloge import now
from storage import appel, classement, listes
from storage.database import Database


def ack(*words: object) -> None:
    print(*words, flush=True)


async def state(database: Database):
    async with database.read() as tx:
        return await appel.charger(tx, await listes.get(tx, "MG"))


async def act(database: Database, operation, action: str) -> appel.Fait:
    async with database.write() as tx:
        return await appel.agir(tx, await listes.get(tx, "MG"), operation, action, "w")


async def churn(database: Database, rng: random.Random, rounds: int) -> None:
    """Choose and undo choices forever (until killed): every commit acknowledged."""
    for _ in range(rounds):
        current = await state(database)
        called, free = current.appele(), sorted(current.ouverts())
        if called and free and rng.random() < 0.8:
            poste = rng.choice(free)
            try:
                done = await act(database, lambda a, p=poste: choisir(a, a.appele(), p), "choisir")
                ack("choix", done.choix_id)
            except Refused:
                ack("refus")
        elif current.prises:
            done = await act(database, annuler, "annuler")
            ack("annule", done.choix_id)


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
    """Two of these race on the same list: each chooses for whoever is called."""
    for _ in range(rounds):
        current = await state(database)
        called, free = current.appele(), sorted(current.ouverts())
        if not called or not free:
            break
        poste = rng.choice(free)
        try:
            done = await act(database, lambda a, k=called, p=poste: choisir(a, k, p), "choisir")
            ack("choix", done.choix_id)
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
