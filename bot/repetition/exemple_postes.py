"""The postes file that goes with a sample of internes (`amphi exemple --postes`): for each
[[listes]] of the configuration, enough places for every interne the list holds (counted by the
rule the pré-classement applies), the postes typed and placed in the établissements its
maquettes name, so that a day can be tried without writing one by hand."""

import csv
import io
import re
from collections import Counter
from pathlib import Path

from ranking.config import Config, ListeDef
from ranking.importer import parse_internes
from ranking.perimeter import listes_de, perimetre_de_liste
from ranking.text import fold

CONFIG_EXEMPLE = Path(__file__).resolve().parents[2] / "config.example.toml"
"""The configuration the samples go with (Amiens, its lists, the MG maquette)."""
COLUMNS = ["id", "terrain", "liste", "capacite", "libelle", "type", "etablissement"]
CAPACITES = (2, 1, 3, 1, 2)
"""The places of successive postes: a list has postes of one place and of several."""


def generate_postes(internes_csv: bytes, config: Config) -> list[dict[str, str]]:
    """Postes for each list of `config`: at least one place per interne it holds, a tenth more
    for the choice, types and établissements from the maquettes of its internes' DES."""
    internes = parse_internes(internes_csv, "internes")
    circonscription = config.circonscription or ""
    groups = config.classement.groups
    held = listes_de(
        internes,
        [(liste.nom, perimetre_de_liste(liste.formation, circonscription, liste.discipline,
                                        groups), liste.phase) for liste in config.listes],
        groups,
    )  # fmt: skip
    counts = Counter(nom for noms in held.values() for nom in noms)
    des = {nom: set() for nom in counts}
    for interne in internes:
        for nom in held[interne.id]:
            des[nom].add(interne.des)
    rows: list[dict[str, str]] = []
    prefixes: set[str] = set()
    for liste in sorted(config.listes, key=lambda liste: liste.ordre):
        types, etablissements = _maquette_needs(config, des.get(liste.nom, set()))
        places = counts[liste.nom] + counts[liste.nom] // 10 + 1
        prefix = _prefix(liste, prefixes)
        rows.extend(_postes(liste, prefix, places, types, etablissements, circonscription))
    return rows


def _maquette_needs(config: Config, des: set[str]) -> tuple[list[str], list[str]]:
    """The types and établissements the maquettes of these DES name, in their order."""
    types: list[str] = []
    etablissements: list[str] = []
    for name in sorted(d for d in des if d):
        maquette = config.maquette(name)
        for regle in maquette.regles if maquette else ():
            for kind in (t for entry in regle.types for t in entry):
                if kind not in types:
                    types.append(kind)
            if regle.etablissement and regle.etablissement not in etablissements:
                etablissements.append(regle.etablissement)
    return types, etablissements


def _prefix(liste: ListeDef, taken: set[str]) -> str:
    """A short poste id prefix from the list's name (« MG socle » → MGS, « Chirurgie » →
    CHI), unique."""
    words = [w for w in re.split(r"[^a-z0-9]+", fold(liste.nom)) if w and w not in _PETITS]
    if len(words) == 1:
        base = words[0][:3]
    else:
        base = (words[0] if len(words[0]) <= 3 else words[0][0]) + "".join(w[0] for w in words[1:])
    base = base.upper()
    prefix, number = base, 2
    while prefix in taken:
        prefix, number = f"{base}{number}", number + 1
    taken.add(prefix)
    return prefix


_PETITS = {"et", "de", "des", "du", "la", "le", "les", "en"}


def _postes(liste, prefix, places, types, etablissements, circonscription):
    sites = [*etablissements, *(f"CH {circonscription} {side}" for side in ("Nord", "Sud"))]
    rows, number = [], 0
    while places > 0:
        number += 1
        capacite = min(places, CAPACITES[number % len(CAPACITES)])
        places -= capacite
        site = sites[number % len(sites)]
        kind = types[number % len(types)] if types else ""
        rows.append({
            "id": f"{prefix}-{number:03d}", "terrain": f"{site} — {liste.nom} n°{number}",
            "liste": liste.nom, "capacite": str(capacite), "libelle": f"{liste.nom} n°{number}",
            "type": kind, "etablissement": site,
        })  # fmt: skip
    return rows


def postes_csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")
