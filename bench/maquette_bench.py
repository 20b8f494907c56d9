"""The maquette on a real base: a choice as the gestionnaire's press makes it (one transaction
through the operations, SQLite file), with Amiens' MG rules and every interne's stages, against
the same choice without them; and `amphi verifier` on a 3,600-interne subdivision."""

import asyncio
import random
import shutil
import statistics
import time

from bench.bot_bench import subdivision
from bench.storage_bench import _final, fresh
from bench.timing import verdict
from bot.operations import appel, imports, verification
from bot.operations.base import Contexte
from bot.repetition.exemple import DUREES_DES, generate, to_csv
from ranking.config import parse_config
from storage.database import Database

INTERNES = 3_600
CHOIX = 150
TYPES = ("SASPAS", "SN1", "SN2", "Libre", "Urgences", "Pédiatrie", "Gynécologie")
CHU = "CHU Amiens-Picardie"
LISTES = """
[semestre]
code = "2026-11"
circonscription = "Amiens"

[[listes]]
nom = "MG"
formation = "medecine"
discipline = "Médecine générale"
ordre = 1
"""
MAQUETTE = """
[[maquettes]]
des = "Médecine générale"
semestres = 8
phases = { socle = 2, approfondissement = 4, consolidation = 2 }

[[maquettes.regles]]
sorte = "au_plus"
types = ["SASPAS"]
nombre = 1
phase = "approfondissement"

[[maquettes.regles]]
sorte = "requis"
types = ["SASPAS", "Libre|SN2"]
phase = "approfondissement"

[[maquettes.regles]]
sorte = "etablissement_au_plus"
etablissement = "CHU Amiens-Picardie"
nombre = 1
"""


def _files() -> tuple[bytes, bytes, bytes]:
    """Internes, the MG list's postes (typed, some at the CHU) and every MG interne's stages,
    one per validated semester."""
    rows = generate(INTERNES, subdivisions=["Amiens"], seed=5, durees=DUREES_DES)
    postes = "id,terrain,liste,capacite,type,etablissement\n" + "".join(
        f"MG-{n},Terrain {n},MG,2,{TYPES[n % len(TYPES)]},{CHU if n % 9 == 0 else ''}\n"
        for n in range(1, 1001)
    )
    rng = random.Random(5)
    stages = ["interne,semestre,terrain,etablissement,type,phase,valide"]
    for row in rows:
        if row["des"] != "Médecine générale":
            continue
        for k in range(int(row["semestres_valides"])):
            year, half = 2022 + (k + 1) // 2, "05" if k % 2 == 0 else "11"
            phase = "socle" if k < 2 else "approfondissement" if k < 6 else "consolidation"
            where = CHU if rng.random() < 0.15 else ""
            stages.append(f"{row['id']},{year}-{half},Terrain S{rng.randrange(400)},{where},"
                          f"{rng.choice(TYPES)},{phase},oui")  # fmt: skip
    return to_csv(rows), postes.encode(), ("\n".join(stages) + "\n").encode()


async def _base() -> str:
    """The subdivision with its stages, MG ranked and final: a file copied for each run."""
    config = parse_config(LISTES + MAQUETTE, "config.toml")
    internes, postes, stages = _files()
    path = fresh("maquette.sqlite3")
    database = await subdivision(path, config, internes)
    ctx = Contexte(database, config, "bench")
    for nature, data in (("postes", postes), ("stages", stages)):
        await imports.appliquer(ctx, imports.lire(nature, data, f"{nature}.csv", config))
    await _final(database, config, "MG")
    await database.close()
    return str(path)


async def _choices(source: str, text: str) -> list[float]:
    """CHOIX choices pressed one after the other, each the first open poste the called interne
    may take; the time of each act (its transaction and the state it returns)."""
    path = fresh("maquette_run.sqlite3")
    shutil.copyfile(source, path)
    config = parse_config(text, "config.toml")
    database = await Database.open(path)
    ctx = Contexte(database, config, "bench")
    state = await appel.ouvrir(ctx, "MG", malgre=True)
    times = []
    for _ in range(CHOIX):
        called = state.appel.appele()
        forbidden = state.interdits.get(called, frozenset())
        poste = next(p for p, n in sorted(state.ouverts.items()) if n > 0 and p not in forbidden)
        start = time.perf_counter()
        _, state = await appel.agir(ctx, "MG", "choisir", called, poste)
        times.append(time.perf_counter() - start)
    await database.close()
    return times


async def _verifier(source: str) -> tuple[float, int]:
    database = await Database.open(source)
    ctx = Contexte(database, parse_config(LISTES + MAQUETTE, "config.toml"), "bench")
    start = time.perf_counter()
    found = await verification.constats(ctx)
    elapsed = time.perf_counter() - start
    await database.close()
    return elapsed, len(found)


def run() -> None:
    source = asyncio.run(_base())
    bare = [asyncio.run(_choices(source, LISTES)) for _ in range(2)]
    ruled = [asyncio.run(_choices(source, LISTES + MAQUETTE)) for _ in range(2)]
    without = min(statistics.median(times) for times in bare)
    with_rules = min(statistics.median(times) for times in ruled)
    checked, findings = min(asyncio.run(_verifier(source)) for _ in range(3))
    print(f"Maquette — subdivision de {INTERNES} internes, liste MG de 1 000 postes typés, "
          "stages validés de chacun, règles d'Amiens")  # fmt: skip
    ratio = with_rules / without
    act_ok = verdict(ratio <= 1.2, "un choix avec maquette / sans (acte réel, base SQLite)",
                     f"{ratio:.2f} ×", "≤ 1,2 ×")  # fmt: skip
    print(f"  un choix (acte du téléphone, transaction SQLite) médiane sans {without * 1000:.1f} ms, "
          f"avec {with_rules * 1000:.1f} ms : {ratio:.2f} × (objectif ≤ 1,2 : {act_ok})")  # fmt: skip
    check_ok = verdict(checked < 1, "amphi verifier, 3 600 internes", f"{checked:.2f} s", "< 1 s")
    print(f"  amphi verifier (toutes les listes)          {checked * 1000:8.0f} ms, "
          f"{findings} constat(s) (objectif < 1 s : {check_ok})")  # fmt: skip
    print()
