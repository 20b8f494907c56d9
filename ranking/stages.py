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


def _semestre(value: str) -> str:
    if re.fullmatch(r"(19|20)\d\d-(05|11)", value.strip()):
        return value.strip()
    raise cells.Bad(f"« {cells.shown(value)} » n'est pas un semestre (AAAA-05 ou AAAA-11)")


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
