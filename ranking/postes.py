"""Import of the postes file (règles §2): places offered in each liste d'appel."""

from collections.abc import Iterable
from dataclasses import dataclass

from ranking import cells
from ranking.errors import InvalidInput, Problem
from ranking.text import canonique as canonique  # where `storage.voeux` reads it
from ranking.text import fold, forme_lue

REQUIRED_COLUMNS = ("id", "terrain", "liste", "capacite")


@dataclass(frozen=True, slots=True)
class Poste:
    id: str
    terrain: str
    liste: str
    capacite: int
    libelle: str | None = None
    type: str | None = None
    etablissement: str | None = None
    agrement: str | None = None
    """« DES ; DES:phase … » as written, normalised (None: every DES of the list)."""


MAX_CAPACITE = 1000


def _capacite(value: str) -> int:
    if value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_CAPACITE:
        return int(value)
    raise cells.Bad(
        f"« {cells.shown(value)} » n'est pas une capacité (nombre entier de places, de 1 à "
        f"{MAX_CAPACITE})"
    )


PHASES = ("socle", "approfondissement", "consolidation")


def _agrement(value: str) -> str:
    """« Médecine générale ; Pédiatrie:socle »: each DES, optionally with one phase."""
    entries = [entry.strip() for entry in value.split(";") if entry.strip()]
    for entry in entries:
        des, _, phase = entry.partition(":")
        if not des.strip() or (phase and fold(phase) not in PHASES):
            raise cells.Bad(
                f"« {cells.shown(entry)} » n'est pas un agrément (un DES, ou DES:phase avec "
                f"la phase {', '.join(PHASES)} ; plusieurs séparés par « ; »)"
            )
    return " ; ".join(
        f"{des.strip()}:{fold(phase)}" if phase else des.strip()
        for des, _, phase in (entry.partition(":") for entry in entries)
    )


_PARSERS = {
    "id": cells.text,
    "terrain": cells.text,
    "liste": cells.text,
    "capacite": _capacite,
    "libelle": cells.text,
    "type": cells.text,
    "etablissement": cells.text,
    "agrement": _agrement,
}


def parse_postes(data: bytes, source: str, listes: Iterable[str]) -> tuple[Poste, ...]:
    """Parse a CSV or XLSX postes file; each poste's liste must be a declared liste d'appel."""
    table = cells.read_body(data, source, REQUIRED_COLUMNS, "poste")
    columns, problems = cells.read_columns(table, _PARSERS, REQUIRED_COLUMNS)
    problems += _casse(columns.column("id"), columns.lines)
    known = {fold(nom): nom for nom in listes}
    names = ", ".join(known.values()) or "aucune liste déclarée"
    spelled = []
    for line, liste in zip(columns.lines, columns.column("liste"), strict=True):
        if liste is not None and fold(liste) not in known:
            problems.append(
                Problem(
                    f"liste « {cells.shown(liste)} » inconnue (listes : {names})", line, "liste"
                )
            )
        spelled.append(known.get(fold(liste or "")))
    if problems:
        raise InvalidInput(source, sorted(problems, key=lambda p: p.line or 0))
    values = [columns.column(name) for name in ("id", "terrain")]
    optional = ("capacite", "libelle", "type", "etablissement", "agrement")
    values += [spelled, *(columns.column(name) for name in optional)]
    return tuple(Poste(*row) for row in zip(*values, strict=True))


def _casse(ids: list, lines: tuple[int, ...]) -> list[Problem]:
    """A poste's id is typed in any case (`mga-030` is MGA-030): two ids of a file that differ
    only by their capitals, or by the form of a character (« MG-Ａ », full width, is « MG-A »
    to a reader), would be one poste read, two in the base. Each id stays as written."""
    first: dict[str, tuple[str, int]] = {}
    problems = []
    for poste, line in zip(ids, lines, strict=True):
        if poste is None:
            continue
        seen = first.setdefault(forme_lue(poste), (poste, line))
        if seen[0] != poste:
            how = (
                "par les majuscules"
                if seen[0].casefold() == poste.casefold()
                else "par la forme de caractères qui se lisent pareil (pleine chasse, ligature…)"
            )
            problems.append(
                Problem(
                    f"l'identifiant « {poste} » ne diffère de « {seen[0]} » (ligne {seen[1]}) que "
                    f"{how} : deux postes doivent se distinguer autrement",
                    line,
                    "id",
                )
            )
    return problems
