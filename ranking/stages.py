"""Import of the stages effectués (règles §6): what each interne has done, semester by semester,
read by the maquette. Only validated stages count; a file is taken whole or not at all."""

import re
from dataclasses import dataclass

from ranking import cells
from ranking.errors import InvalidInput, Problem
from ranking.postes import PHASES
from ranking.text import fold

REQUIRED_COLUMNS = ("interne", "semestre", "terrain", "valide")


@dataclass(frozen=True, slots=True)
class StageEffectue:
    cle: str
    """« interne/semestre »: one stage per interne and semester."""
    interne: str
    semestre: str
    terrain: str
    etablissement: str | None
    type: str | None
    phase: str | None
    valide: bool


def lire_semestre(value: str) -> str:
    """A stage's semester, « AAAA-05 » or « AAAA-11 », of a year 1900 to 2099."""
    if re.fullmatch(r"(19|20)\d\d-(05|11)", value.strip()):
        return value.strip()
    if re.fullmatch(r"\d{4}-(05|11)", value.strip()):
        raise cells.Bad(f"« {cells.shown(value)} » : année invraisemblable (de 1900 à 2099)")
    raise cells.Bad(f"« {cells.shown(value)} » n'est pas un semestre (AAAA-05 ou AAAA-11)")


_semestre = lire_semestre


_PARSERS = {
    "interne": cells.text,
    "semestre": _semestre,
    "terrain": cells.text,
    "etablissement": cells.text,
    "type": cells.text,
    "phase": cells.one_of({p: p for p in PHASES}, f"une phase ({', '.join(PHASES)})"),
    "valide": cells.yes_no,
}


def parse_stages(data: bytes, source: str) -> tuple[StageEffectue, ...]:
    table = cells.read_body(data, source, REQUIRED_COLUMNS, "stage")
    columns, problems = cells.read_columns(table, _PARSERS, REQUIRED_COLUMNS, unique="")
    internes, semestres = columns.column("interne"), columns.column("semestre")
    seen: dict[str, int] = {}
    for line, interne, semestre in zip(columns.lines, internes, semestres, strict=True):
        key = f"{interne}/{semestre}"
        if interne and semestre and fold(key) in seen:
            problems.append(Problem(
                f"deux stages de {interne} au semestre {semestre} (aussi ligne {seen[fold(key)]})",
                line, "semestre",
            ))  # fmt: skip
        seen.setdefault(fold(key), line)
    if problems:
        raise InvalidInput(source, sorted(problems, key=lambda p: p.line or 0))
    names = ("interne", "semestre", "terrain", "etablissement", "type", "phase", "valide")
    rows = zip(*(columns.column(name) for name in names), strict=True)
    return tuple(StageEffectue(f"{row[0]}/{row[1]}", *row) for row in rows)


@dataclass(frozen=True, slots=True)
class Validation:
    """A line of a validations file: the commission's decision on one stage effectué."""

    interne: str
    semestre: str
    valide: bool


_VALIDATION_PARSERS = {"interne": cells.text, "id": cells.text, "semestre": _semestre,
                       "valide": cells.yes_no}  # fmt: skip


def parse_validations(data: bytes, source: str) -> tuple[Validation, ...]:
    """Columns `id` (or `interne`), `semestre`, `valide`: each line marks one stored stage
    validé or non validé. A stage named twice is refused by line, as in a stages file."""
    table = cells.read_body(data, source, ("semestre", "valide"), "stage")
    key = "interne" if table.has("interne") else "id"
    if not table.has(key):
        problem = Problem("colonne obligatoire manquante : id (ou interne)", 1, "id")
        raise InvalidInput(source, [problem])
    columns, problems = cells.read_columns(
        table, _VALIDATION_PARSERS, (key, "semestre", "valide"), unique=""
    )
    internes, semestres = columns.column(key), columns.column("semestre")
    seen: dict[str, int] = {}
    for line, interne, semestre in zip(columns.lines, internes, semestres, strict=True):
        cle = fold(f"{interne}/{semestre}")
        if interne and semestre and cle in seen:
            problems.append(Problem(
                f"deux lignes pour le stage de {interne} au semestre {semestre} (aussi ligne "
                f"{seen[cle]})", line, "semestre",
            ))  # fmt: skip
        seen.setdefault(cle, line)
    if problems:
        raise InvalidInput(source, sorted(problems, key=lambda p: p.line or 0))
    rows = zip(internes, semestres, columns.column("valide"), strict=True)
    return tuple(Validation(*row) for row in rows)
