"""Import of the internes file (SPEC §2): every fault is collected, the file refused whole."""

from ranking import cells
from ranking.errors import InvalidInput, Problem
from ranking.model import Concours, Formation, Interne, Phase
from ranking.table import Table, read_table
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


def parse_internes(data: bytes, source: str) -> tuple[Interne, ...]:
    """Parse a CSV or XLSX internes file; `InvalidInput` lists every error by line and column."""
    table = read_table(data, source)
    problems = cells.missing_columns(table, REQUIRED_COLUMNS)
    if problems:
        raise InvalidInput(source, problems)
    if not table.rows:
        raise InvalidInput(source, [Problem("le fichier ne contient aucun interne")])
    records, problems = cells.read_records(table, _PARSERS, REQUIRED_COLUMNS)
    for line, values in records:
        problems.extend(_medecine_rules(line, values, table))
    if not table.has("discipline") and any(
        values.get("formation") is Formation.MEDECINE for _, values in records
    ):
        problems.append(Problem("colonne manquante : discipline (obligatoire en médecine)", 1))
    if problems:
        order = {name: index for index, name in enumerate(table.columns)}
        problems.sort(key=lambda p: (p.line or 0, order.get(p.column or "", -1)))
        raise InvalidInput(source, problems)
    return tuple(_interne(values) for _, values in records)


def _medecine_rules(line: int, values: dict[str, object], table: Table) -> list[Problem]:
    if values.get("formation") is not Formation.MEDECINE or not table.has("discipline"):
        return []
    discipline = values.get("discipline")
    if not discipline:
        return [
            Problem("cellule vide : la discipline est obligatoire en médecine", line, "discipline")
        ]
    destination = values.get("hors_discipline")
    if destination and fold(str(destination)) == fold(str(discipline)):
        return [
            Problem(
                f"« {destination} » est la discipline même de l'interne : un stage hors "
                "discipline se fait dans une autre discipline",
                line,
                "hors_discipline",
            )
        ]
    return []


def _interne(values: dict[str, object]) -> Interne:
    return Interne(
        id=values["id"],
        nom=values["nom"],
        prenom=values["prenom"],
        formation=values["formation"],
        des=values["des"],
        discipline=values.get("discipline"),
        circonscription=values["circonscription"],
        promotion=values["promotion"],
        concours=values["concours"],
        rang_concours=values["rang_concours"],
        rin=values.get("rin"),
        ri3=values.get("ri3"),
        semestres_valides=values["semestres_valides"],
        hors_discipline=values.get("hors_discipline"),
        phase=values.get("phase"),
        telephone=values.get("telephone"),
        email=values.get("email"),
        actif=values.get("actif", True),
    )
