"""The ranking part of amphi's TOML configuration, parsed from text (the caller reads the file)."""

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from ranking.errors import InvalidInput, Problem
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


def parse_config(text: str, source: str) -> ClassementConfig:
    """Read discipline groups, the method and national sizes per promotion."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidInput(source, [_toml_problem(str(error))]) from None
    problems: list[Problem] = []
    disciplines = _table(document, "disciplines", problems)
    classement = _table(document, "classement", problems)
    groups = _groups(disciplines.get("groupes", {}), problems)
    methode = _methode(classement.get("methode", Methode.IMOTEP.value), problems)
    effectifs = _effectifs(classement.get("effectifs_nationaux", {}), problems)
    if problems:
        raise InvalidInput(source, problems)
    return ClassementConfig(DisciplineGroups(groups), methode, effectifs)


def _table(document: dict, name: str, problems: list[Problem]) -> dict:
    value = document.get(name, {})
    if isinstance(value, dict):
        return value
    problems.append(Problem(f"« {name} » doit être une table [{name}]"))
    return {}


def _toml_problem(message: str) -> Problem:
    where = re.search(r"line (\d+), column (\d+)", message)
    if where:
        return Problem(
            f"syntaxe TOML invalide à la ligne {where[1]}, colonne {where[2]} ({message})"
        )
    return Problem(f"syntaxe TOML invalide ({message})")


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


def _effectifs(raw: object, problems: list[Problem]) -> dict[int, int]:
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
        elif not isinstance(size, int) or isinstance(size, bool) or size < 1:
            problems.append(
                Problem(
                    f"[classement.effectifs_nationaux] {year} : « {size} » n'est pas un effectif "
                    "(nombre entier à partir de 1)"
                )
            )
        else:
            sizes[int(year)] = size
    return sizes
