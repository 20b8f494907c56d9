"""The call engine: the pré-choix simulation and a whole call, on a 2,000-interne list."""

import random
import time

from bench.timing import verdict
from ranking.appel import Appel, Candidat, absent, choisir
from ranking.classement import Statut
from ranking.simulation import simuler

INTERNES = 2_000
WISHES = 10


def _list(seed: int = 7) -> tuple[list[Candidat], dict[str, int], dict]:
    rng = random.Random(seed)
    capacites = {f"P{n:04d}": rng.choice((1, 1, 2, 3)) for n in range(900)}
    postes = list(capacites)
    candidats = [Candidat((f"I{n:05d}", Statut.STANDARD), n + 1) for n in range(INTERNES)]
    voeux = {c.key: rng.sample(postes[: 300 + c.rang // 4], WISHES) for c in candidats}
    return candidats, capacites, voeux


def run() -> None:
    candidats, capacites, voeux = _list()
    start = time.perf_counter()
    simuler(candidats, capacites, voeux)
    simulation = time.perf_counter() - start
    appel = Appel.ouvrir(candidats, capacites)
    steps = []
    while (key := appel.appele()) is not None:
        begin = time.perf_counter()
        wish = next((w for w in voeux[key] if appel.libres(w) > 0), None)
        appel, _ = choisir(appel, key, wish) if wish else absent(appel, key)
        steps.append(time.perf_counter() - begin)
    steps.sort()
    print(
        f"Appel (moteur) — liste de {INTERNES} internes, {WISHES} vœux chacun, {len(capacites)} postes"
    )
    simulation_ok = verdict(
        simulation < 1, "simulation du pré-choix", f"{simulation * 1000:.0f} ms", "< 1 s"
    )
    print(
        f"  simulation du pré-choix                   {simulation * 1000:8.1f} ms  (objectif < 1 s : {simulation_ok})"
    )
    print(f"  un acte de l'appel (moteur pur, sans base) médiane {steps[len(steps) // 2] * 1000:.2f} ms, "
          f"p99 {steps[int(len(steps) * 0.99)] * 1000:.2f} ms")  # fmt: skip
    print()
