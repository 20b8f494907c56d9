"""The [[maquettes]] of the configuration (règles §6): per DES its length, its phases and its
rules, each fault named with where it is."""

from ranking.errors import Problem
from ranking.maquette import Maquette, Regle, Sorte
from ranking.text import fold

KEYS: dict[str, frozenset[str] | None] = {
    "maquettes": frozenset({"des", "semestres", "phases", "regles"}),
    "maquettes.phases": None,
    "maquettes.regles": frozenset(
        {"sorte", "types", "nombre", "phase", "etablissement", "libelle"}
    ),
}
SORTES = ", ".join(s.value for s in Sorte)


def maquettes(raw: object, problems: list[Problem]) -> dict[str, Maquette]:
    """By folded DES name."""
    if not isinstance(raw, list):
        problems.append(Problem("[[maquettes]] : une suite de tables [[maquettes]] est attendue"))
        return {}
    found: dict[str, Maquette] = {}
    for number, table in enumerate(raw, start=1):
        where = f"[[maquettes]] n°{number}"
        if not isinstance(table, dict):
            problems.append(Problem(f"{where} : une table est attendue"))
            continue
        maquette = _maquette(table, where, problems)
        if maquette is None:
            continue
        if fold(maquette.des) in found:
            problems.append(Problem(f"[[maquettes]] : DES « {maquette.des} » en double"))
        found[fold(maquette.des)] = maquette
    return found


def _entier(value: object, minimum: int, maximum: int) -> int | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and minimum <= value <= maximum
    return value if ok else None


def _maquette(table: dict, where: str, problems: list[Problem]) -> Maquette | None:
    faults = len(problems)
    des = table.get("des")
    if not isinstance(des, str) or not des.strip():
        problems.append(Problem(f"{where} : des obligatoire (« Médecine générale »)"))
        des = ""
    else:
        where = f"[[maquettes]] « {des} »"
    semestres = _entier(table.get("semestres"), 1, 20)
    if semestres is None:
        problems.append(Problem(f"{where} : semestres : la durée du DES (entier de 1 à 20)"))
    phases = table.get("phases", {})
    lengths = []
    if not isinstance(phases, dict):
        problems.append(Problem(f"{where} : phases : une table {{ socle = 2, … }} est attendue"))
        phases = {}
    for name, length in phases.items():
        if _entier(length, 1, 20) is None:
            problems.append(Problem(f"{where} : phases.{name} : un nombre de semestres (1 à 20)"))
        else:
            lengths.append((fold(name), length))
    if semestres and lengths and sum(n for _, n in lengths) != semestres:
        problems.append(
            Problem(
                f"{where} : les phases font {sum(n for _, n in lengths)} semestres, le DES "
                f"{semestres}"
            )
        )
    rules = table.get("regles", [])
    if not isinstance(rules, list):
        problems.append(Problem(f"{where} : regles : une suite de tables [[maquettes.regles]]"))
        rules = []
    regles = [_regle(rule, f"{where}, règle n°{n}", {p for p, _ in lengths}, problems)
              for n, rule in enumerate(rules, start=1)]  # fmt: skip
    if len(problems) > faults:
        return None
    return Maquette(des.strip(), semestres, tuple(lengths), tuple(r for r in regles if r))


def _regle(table: object, where: str, phases: set[str], problems: list[Problem]) -> Regle | None:
    if not isinstance(table, dict):
        problems.append(Problem(f"{where} : une table est attendue"))
        return None
    sorte = next((s for s in Sorte if s.value == table.get("sorte")), None)
    if sorte is None:
        problems.append(Problem(f"{where} : sorte « {table.get('sorte')} » inconnue ({SORTES})"))
        return None
    types = table.get("types", [])
    if not isinstance(types, list) or not all(isinstance(t, str) and t.strip() for t in types):
        problems.append(Problem(f'{where} : types : une liste (["SASPAS", "Libre|SN2"])'))
        types = []
    groups = tuple(tuple(k.strip() for k in t.split("|") if k.strip()) for t in types)
    if sorte in (Sorte.AU_PLUS, Sorte.REQUIS) and not groups:
        problems.append(Problem(f"{where} : types obligatoires pour la sorte {sorte.value}"))
    nombre = _entier(table.get("nombre", 1), 0, 50)
    if nombre is None:
        problems.append(Problem(f"{where} : nombre : un entier de 0 à 50"))
    phase = table.get("phase")
    if phase is not None and fold(str(phase)) not in phases:
        problems.append(Problem(f"{where} : phase « {phase} » absente de phases"))
    if sorte is Sorte.REQUIS and phase is None:
        problems.append(Problem(f"{where} : phase obligatoire pour la sorte requis"))
    etablissement = table.get("etablissement")
    if sorte is Sorte.ETABLISSEMENT and not (isinstance(etablissement, str) and etablissement):
        problems.append(Problem(f"{where} : etablissement obligatoire pour cette sorte"))
    libelle = table.get("libelle")
    if libelle is not None and not isinstance(libelle, str):
        problems.append(Problem(f"{where} : libelle : un texte"))
    return Regle(sorte, groups, nombre or 0, fold(str(phase)) if phase else None,
                 etablissement, libelle)  # fmt: skip
