"""The ranking part of amphi's TOML configuration, parsed from text (the caller reads the file)."""

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from ranking import config_maquette
from ranking.errors import InvalidInput, Problem
from ranking.maquette import Maquette
from ranking.model import Formation, Phase, Semestre
from ranking.perimeter import DisciplineGroups
from ranking.text import fold


class Methode(StrEnum):
    IMOTEP = "imotep"
    POURCENTAGE = "pourcentage"

    @property
    def label(self) -> str:
        return "IMOtEP" if self is Methode.IMOTEP else "pourcentage de positionnement"


@dataclass(frozen=True, slots=True)
class ClassementConfig:
    groups: DisciplineGroups = field(default_factory=DisciplineGroups)
    methode: Methode = Methode.IMOTEP
    effectifs_nationaux: Mapping[int, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ListeDef:
    """A liste d'appel: a perimeter (optionally one phase), called at `ordre` on choice day."""

    nom: str
    formation: Formation
    discipline: str | None
    phase: Phase | None
    ordre: int
    amphi: str | None = None
    """The amphi it is called in (config `amphi`); None: its formation's."""

    @property
    def amphi_nom(self) -> str:
        """Lists of one amphi are called one after another; amphis run side by side."""
        return self.amphi or self.formation.value


@dataclass(frozen=True, slots=True)
class Config:
    classement: ClassementConfig = field(default_factory=ClassementConfig)
    semestre: Semestre | None = None
    circonscription: str | None = None
    listes: tuple[ListeDef, ...] = ()
    delai_secondes: int | None = None
    autres: Mapping[str, dict] = field(default_factory=dict)
    a_distance: frozenset[str] = frozenset()
    """Lists whose internes choose from Telegram when called (their time limit then runs)."""
    maquettes: Mapping[str, Maquette] = field(default_factory=dict)
    """Each DES's maquette, by folded DES name (none: nothing is checked)."""

    def maquette(self, des: str | None) -> Maquette | None:
        return self.maquettes.get(fold(des)) if des else None


DELAI = (10, 86_400)
"""[appel] delai_secondes: from 10 seconds to a day."""
ORDRE = (1, 1_000)
EFFECTIF = (1, 1_000_000)
"""A promotion's national size: as many as the ranks a file may hold."""


def _entier(value: object, minimum: int, maximum: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and minimum <= value <= maximum


def _court(value: object) -> str:
    """A value quoted back: a number of 400 digits is not printed whole."""
    shown = str(value)
    return shown if len(shown) <= 24 else shown[:24] + "…"


def _milliers(number: int) -> str:
    return f"{number:_}".replace("_", " ")


# The keys each table may hold; None: free keys (years, group names).
KEYS: dict[str, frozenset[str] | None] = {
    "semestre": frozenset({"code", "circonscription"}),
    "listes": frozenset({"nom", "formation", "discipline", "phase", "ordre", "amphi"}),
    "classement": frozenset({"methode", "effectifs_nationaux"}),
    "classement.effectifs_nationaux": None,
    "disciplines": frozenset({"groupes"}),
    "disciplines.groupes": None,
    "appel": frozenset({"delai_secondes", "a_distance"}),
    **config_maquette.KEYS,
}


def parse_config(
    text: str, source: str, autres: Mapping[str, frozenset[str]] | None = None
) -> Config:
    """The whole configuration: ranking rules, the semester and its listes d'appel. `autres`
    names the tables other parts of amphi read, with their keys; any other key is an error."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidInput(source, [_toml_problem(str(error))]) from None
    except ValueError:  # an integer of thousands of digits, refused by Python itself
        raise InvalidInput(source, [Problem("nombre de plus de 4 300 chiffres")]) from None
    autres = autres or {}
    problems: list[Problem] = _unknown_keys(document, text, {**KEYS, **autres})
    classement = _classement(document, problems, text)
    semestre_table = _table(document, "semestre", problems)
    semestre = circonscription = None
    if semestre_table:
        semestre, circonscription = _semestre(semestre_table, problems)
    listes = _listes(document.get("listes", []), problems, text)
    delai = _table(document, "appel", problems).get("delai_secondes")
    if delai is not None and not _entier(delai, *DELAI):
        problems.append(Problem(
            f"[appel] delai_secondes : « {_court(delai)} » (nombre entier de secondes, de "
            f"{DELAI[0]} à {_milliers(DELAI[1])} : 24 heures)",
            _line(text, "appel", "delai_secondes"),
        ))  # fmt: skip
        delai = None
    remote = _table(document, "appel", problems).get("a_distance", [])
    names = {liste.nom for liste in listes}
    if not isinstance(remote, list) or not all(isinstance(n, str) and n in names for n in remote):
        problems.append(
            Problem('[appel] a_distance : liste de noms de [[listes]] attendue (ex. ["MG"])')
        )
        remote = []
    if listes and not semestre_table:
        problems.append(Problem("[[listes]] sans [semestre] : indiquer code et circonscription"))
    found = config_maquette.maquettes(document.get("maquettes", []), problems)
    if problems:
        raise InvalidInput(source, problems)
    extra = {name: document[name] for name in autres if isinstance(document.get(name), dict)}
    return Config(
        classement, semestre, circonscription, listes, delai, extra, frozenset(remote), found
    )


def _unknown_keys(
    document: dict, text: str, keys: Mapping[str, frozenset[str] | None]
) -> list[Problem]:
    """Every key the configuration does not know, with its line: a typo (`phse` for `phase`)
    must not silently widen a list to every phase."""
    problems = []
    tables = sorted(name for name in keys if "." not in name)
    for name, value in document.items():
        if name not in keys:
            problems.append(_unknown(name, "au premier niveau", tables, _line(text, None, name)))
            continue
        if isinstance(value, dict):
            problems += _unknown_in(value, name, None, text, keys)
        elif isinstance(value, list) and name in keys:
            for index, table in enumerate(value):
                if isinstance(table, dict):
                    problems += _unknown_in(table, name, index, text, keys)
    return problems


def _unknown_in(
    table: dict, name: str, index: int | None, text: str, keys: Mapping
) -> list[Problem]:
    allowed = keys.get(name)
    if allowed is None:
        return []
    where = f"[[{name}]] n°{index + 1}" if index is not None else f"[{name}]"
    problems = []
    for key, value in table.items():
        if key not in allowed:
            line = _line(text, name, key, index)
            problems.append(_unknown(key, f"dans {where}", sorted(allowed), line))
        elif isinstance(value, dict):
            problems += _unknown_in(value, f"{name}.{key}", None, text, keys)
        elif isinstance(value, list) and f"{name}.{key}" in keys:
            for table in value:
                if isinstance(table, dict):
                    problems += _unknown_in(table, f"{name}.{key}", None, text, keys)
    return problems


def _unknown(key: str, where: str, known: list[str], line: int | None) -> Problem:
    import difflib  # only to name a mistyped key

    close = difflib.get_close_matches(key, known, n=1)
    hint = f" ; vouliez-vous dire « {close[0]} » ?" if close else ""
    return Problem(f"clé « {key} » inconnue {where} (clés possibles : {', '.join(known)}){hint}",
                   line)  # fmt: skip


_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]")


def _line(text: str, table: str | None, key: str, index: int | None = None) -> int | None:
    """Where `key` is written: in table `table` (its `index`-th occurrence for [[table]]), at
    the top when `table` is None; a table written as a header ([name]) is found by it too."""
    setting = re.compile(rf"""^\s*["']?{re.escape(key)}["']?\s*[=.]""")
    current, seen = None, -1
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            current = header[2].replace('"', "").replace("'", "").replace(" ", "")
            if table is None and (current == key or current.startswith(f"{key}.")):
                return number
            if current == table and header[1] == "[[":
                seen += 1
            continue
        in_table = current == table and (index is None or seen == index)
        if (in_table or (table is None and current is None)) and setting.match(line):
            return number
    return None


def _classement(document: dict, problems: list[Problem], text: str) -> ClassementConfig:
    """Read discipline groups, the method and national sizes per promotion."""
    disciplines = _table(document, "disciplines", problems)
    classement = _table(document, "classement", problems)
    groups = _groups(disciplines.get("groupes", {}), problems)
    methode = _methode(classement.get("methode", Methode.IMOTEP.value), problems)
    effectifs = _effectifs(classement.get("effectifs_nationaux", {}), problems, text)
    return ClassementConfig(DisciplineGroups(groups), methode, effectifs)


def _semestre(table: dict, problems: list[Problem]) -> tuple[Semestre | None, str | None]:
    semestre = circonscription = None
    try:
        semestre = Semestre.parse(str(table.get("code", "")), "[semestre] code")
    except InvalidInput as error:
        problems.extend(error.problems)
    circonscription = table.get("circonscription")
    if not isinstance(circonscription, str) or not circonscription.strip():
        problems.append(Problem('[semestre] circonscription : obligatoire (ex. "Amiens")'))
        circonscription = None
    return semestre, circonscription


def _listes(raw: object, problems: list[Problem], text: str) -> tuple[ListeDef, ...]:
    if not isinstance(raw, list):
        problems.append(Problem("[[listes]] : une suite de tables [[listes]] est attendue"))
        return ()
    listes = []
    for number, table in enumerate(raw, start=1):
        where = f"[[listes]] n°{number}"
        if not isinstance(table, dict):
            problems.append(Problem(f"{where} : une table est attendue"))
            continue
        liste = _liste(table, where, problems, _line(text, "listes", "ordre", number - 1))
        if liste is not None:
            listes.append(liste)
    _unique(listes, problems)
    return tuple(sorted(listes, key=lambda liste: liste.ordre))


def _liste(
    table: dict, where: str, problems: list[Problem], ordre_line: int | None
) -> ListeDef | None:
    faults = len(problems)
    nom = table.get("nom")
    if not isinstance(nom, str) or not nom.strip():
        problems.append(Problem(f"{where} : nom obligatoire"))
    else:
        where = f"[[listes]] « {nom} »"
    formation = next((f for f in Formation if f.value == fold(str(table.get("formation")))), None)
    if formation is None:
        problems.append(
            Problem(
                f"{where} : formation « {table.get('formation')} » inconnue "
                "(medecine, pharmacie ou odontologie)"
            )
        )
    discipline = table.get("discipline")
    if formation is Formation.MEDECINE and not discipline:
        problems.append(Problem(f"{where} : discipline obligatoire en médecine"))
    if formation is not None and not formation.by_discipline and discipline:
        problems.append(
            Problem(f"{where} : la {formation.label} n'a qu'un classement, retirer discipline")
        )
    phase = table.get("phase")
    if phase is not None and fold(str(phase)) not in {p.value for p in Phase}:
        problems.append(
            Problem(
                f"{where} : phase « {phase} » inconnue (socle, approfondissement ou consolidation)"
            )
        )
    ordre = table.get("ordre")
    if not _entier(ordre, *ORDRE):
        problems.append(Problem(
            f"{where} : ordre d'appel (entier de 1 à {ORDRE[1]}) obligatoire", ordre_line
        ))  # fmt: skip
    amphi = table.get("amphi")
    if amphi is not None and (not isinstance(amphi, str) or not amphi.strip()):
        problems.append(Problem(f"{where} : amphi : un nom entre guillemets (« MG »)"))
    if len(problems) > faults:
        return None
    return ListeDef(
        nom.strip(), formation, discipline, Phase(fold(phase)) if phase else None, ordre,
        amphi.strip() if amphi and amphi.strip() != formation.value else None,
    )  # fmt: skip


def _unique(listes: list[ListeDef], problems: list[Problem]) -> None:
    for attribute, label in (("nom", "nom"), ("ordre", "ordre d'appel")):
        seen: dict[object, str] = {}
        for liste in listes:
            value = getattr(liste, attribute)
            key = fold(value) if isinstance(value, str) else value
            if key in seen:
                twice = f"« {seen[key]} » et « {liste.nom} »"
                problems.append(Problem(f"[[listes]] {label} « {value} » en double : {twice}"))
            seen[key] = liste.nom


def _table(document: dict, name: str, problems: list[Problem]) -> dict:
    value = document.get(name, {})
    if isinstance(value, dict):
        return value
    problems.append(Problem(f"« {name} » doit être une table [{name}]"))
    return {}


def _toml_problem(message: str) -> Problem:
    where = re.search(r"line (\d+), column (\d+)", message)
    if where:
        return Problem(f"syntaxe TOML invalide à la ligne {where[1]}, colonne {where[2]}")
    return Problem("syntaxe TOML invalide")


def _groups(raw: object, problems: list[Problem]) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, dict):
        problems.append(Problem("[disciplines.groupes] doit être une table nom = [disciplines]"))
        return {}
    groups: dict[str, tuple[str, ...]] = {}
    owner: dict[str, str] = {}
    for name, members in raw.items():
        if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
            problems.append(
                Problem(f"[disciplines.groupes] « {name} » : une liste de disciplines est attendue")
            )
            continue
        for member in members:
            if fold(member) in owner:
                problems.append(
                    Problem(
                        f"[disciplines.groupes] la discipline « {member} » est dans deux groupes : "
                        f"« {owner[fold(member)]} » et « {name} »"
                    )
                )
            owner[fold(member)] = name
        groups[name] = tuple(members)
    return groups


def _methode(raw: object, problems: list[Problem]) -> Methode:
    try:
        return Methode(fold(str(raw)))
    except ValueError:
        problems.append(
            Problem(f"[classement] methode : « {raw} » inconnue (imotep ou pourcentage)")
        )
        return Methode.IMOTEP


def _effectifs(raw: object, problems: list[Problem], text: str) -> dict[int, int]:
    if not isinstance(raw, dict):
        problems.append(
            Problem("[classement.effectifs_nationaux] doit être une table année = effectif")
        )
        return {}
    sizes = {}
    for year, size in raw.items():
        if not (year.isdigit() and len(year) == 4):
            problems.append(
                Problem(f"[classement.effectifs_nationaux] « {year} » n'est pas une année")
            )
        elif not _entier(size, *EFFECTIF):
            problems.append(Problem(
                f"[classement.effectifs_nationaux] {year} : « {_court(size)} » n'est pas un "
                f"effectif (nombre entier de 1 à {_milliers(EFFECTIF[1])})",
                _line(text, "classement.effectifs_nationaux", year),
            ))  # fmt: skip
        else:
            sizes[int(year)] = size
    return sizes
