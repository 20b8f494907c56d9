"""Import of the internes file (règles §2): every fault is collected, the file refused whole."""

from dataclasses import dataclass
from itertools import compress, count
from operator import itemgetter, not_

from ranking import cells
from ranking.bulk import bulk
from ranking.cells import Columns
from ranking.errors import InvalidInput, Problem
from ranking.model import FIELDS, Concours, Formation, Interne, Phase, Semestre
from ranking.table import Table
from ranking.text import fold, fold_key

REQUIRED_COLUMNS = (
    "id",
    "nom",
    "prenom",
    "formation",
    "des",
    "circonscription",
    "promotion",
    "concours",
    "rang_concours",
    "semestres_valides",
)

_FORMATIONS = {fold(f.value): f for f in Formation}
_CONCOURS = {fold(c.value): c for c in Concours} | {
    "ecni": Concours.ECN,
    "edn ecos": Concours.EDN,
    "europeen": Concours.EUR,
    "medecine du travail": Concours.MT,
    "etranger": Concours.ETR,
}
_PHASES = {fold(p.value): p for p in Phase}


_PARSERS = {
    "id": cells.text,
    "nom": cells.text,
    "prenom": cells.text,
    "formation": cells.one_of(_FORMATIONS, "une formation (medecine, pharmacie ou odontologie)"),
    "des": cells.text,
    "circonscription": cells.text,
    "promotion": cells.year,
    "concours": cells.one_of(_CONCOURS, "un concours (ECN, EDN, EUR, MT ou ETR)", fold_key),
    "rang_concours": cells.rank,
    "semestres_valides": cells.count,
    "discipline": cells.text,
    "rin": cells.positive_number,
    "ri3": cells.positive_number,
    "hors_discipline": cells.text,
    "phase": cells.one_of(_PHASES, "une phase (socle, approfondissement ou consolidation)"),
    "telephone": cells.text,
    "email": cells.text,
    "actif": cells.yes_no,
}


@dataclass(frozen=True, slots=True)
class InternesFile:
    """A validated internes file, kept column by column; rows are built only when needed."""

    source: str
    columns: Columns

    def __len__(self) -> int:
        return len(self.columns.lines)

    def records(self, rows: list[int] | None = None) -> list[tuple]:
        """One tuple per interne (of `rows` only, when given), values in `Interne` field order
        (absent `actif` means oui)."""
        columns = [self.columns.column(name) for name in FIELDS]
        if rows is not None:
            pick = itemgetter(*rows) if len(rows) > 1 else lambda c: [c[i] for i in rows]
            columns = [pick(column) for column in columns]
        actif = FIELDS.index("actif")
        columns[actif] = [value is not False for value in columns[actif]]
        return list(zip(*columns, strict=True))

    def internes(self) -> tuple[Interne, ...]:
        with bulk():
            return tuple(Interne(*record) for record in self.records())

    def circonscriptions(self) -> set[str]:
        return set(self.columns.column("circonscription"))

    def de(self, formation: Formation, circonscription: str) -> tuple[Interne, ...]:
        """The internes of one formation and subdivision: all that one perimeter's ranking
        reads (local ranks and sizes never cross a subdivision), the others never built."""
        wanted = fold(circonscription)
        spelled = {c for c in self.circonscriptions() if fold(c) == wanted}
        here = [i for i, c in enumerate(self.columns.column("circonscription")) if c in spelled]
        formations = self.columns.column("formation")
        kept = [i for i in here if formations[i] is formation]
        with bulk():
            return tuple(Interne(*record) for record in self.records(kept))


def parse_internes(data: bytes, source: str) -> tuple[Interne, ...]:
    """Parse a CSV or XLSX internes file; `InvalidInput` lists every error by line and column."""
    return read_internes(data, source).internes()


def read_internes(data: bytes, source: str) -> InternesFile:
    """The internes file validated whole: every error of every row, or the typed columns."""
    table = cells.read_body(data, source, REQUIRED_COLUMNS, "interne")
    with bulk():
        columns, problems = cells.read_columns(table, _PARSERS, REQUIRED_COLUMNS)
    problems.extend(_medecine_rules(columns, table))
    if problems:
        order = {name: index for index, name in enumerate(table.columns)}
        problems.sort(key=lambda p: (p.line or 0, order.get(p.column or "", -1)))
        raise InvalidInput(source, problems)
    return InternesFile(source, columns)


def _medecine_rules(columns: Columns, table: Table) -> list[Problem]:
    """In médecine the discipline is required, and an hors-discipline stage goes elsewhere."""
    formations = columns.column("formation")
    if Formation.MEDECINE not in formations:
        return []
    if not table.has("discipline"):
        return [Problem("colonne manquante : discipline (obligatoire en médecine)", 1)]
    disciplines = columns.column("discipline")
    destinations = columns.column("hors_discipline")
    # Rows looked at one by one only where a rule may bite (found by C-level scans): a missing
    # discipline, an hors-discipline stage (few of either in a national file).
    suspects = set(compress(count(), destinations))
    if None in disciplines or "" in disciplines:
        suspects.update(compress(count(), map(not_, disciplines)))
    problems = []
    same: dict[tuple[str, str], bool] = {}  # few distinct pairs: each folded once
    for i in sorted(suspects):
        if formations[i] is not Formation.MEDECINE:
            continue
        line, discipline, destination = columns.lines[i], disciplines[i], destinations[i]
        if not discipline:
            problems.append(
                Problem(
                    "cellule vide : la discipline est obligatoire en médecine", line, "discipline"
                )
            )
        elif destination and _same(same, destination, discipline):
            problems.append(
                Problem(
                    f"« {destination} » est la discipline même de l'interne : un stage hors "
                    "discipline se fait dans une autre discipline",
                    line,
                    "hors_discipline",
                )
            )
    return problems


def _same(seen: dict[tuple[str, str], bool], destination: str, discipline: str) -> bool:
    pair = (destination, discipline)
    if pair not in seen:
        seen[pair] = fold(destination) == fold(discipline)
    return seen[pair]


def hors_semestre(file: InternesFile, semestre: Semestre, circonscription: str) -> list[Problem]:
    """Rows that cannot belong to a database of this semester and subdivision: an interne of
    another subdivision, a promotion later than the semester, more semesters validated than
    have elapsed since his promotion entered."""
    problems = []
    columns = file.columns
    home = fold(circonscription)
    for line, circ, promotion, valides in zip(
        columns.lines,
        columns.column("circonscription"),
        columns.column("promotion"),
        columns.column("semestres_valides"),
        strict=True,
    ):
        if fold(circ) != home:
            problems.append(
                Problem(
                    f"« {cells.shown(circ)} » : cette base est celle de la subdivision "
                    f"{circonscription} ; ne garder dans le fichier que ses internes",
                    line,
                    "circonscription",
                )
            )
        elapsed = semestre.semestres_theoriques(promotion)
        if elapsed < 0:
            problems.append(
                Problem(f"promotion {promotion} postérieure au {semestre.label}", line, "promotion")
            )
        elif valides > elapsed:
            problems.append(
                Problem(
                    f"{valides} semestres validés : un interne de la promotion {promotion} en a "
                    f"validé au plus {elapsed} au {semestre.label}",
                    line,
                    "semestres_valides",
                )
            )
    return problems
