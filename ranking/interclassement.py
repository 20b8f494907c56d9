"""CNG inter-concours ranks (règles 3.8): RIN from notes, RI3 by the rule of three.

Each concours comes as its own table; the result interclasses them all, exact ties sharing a rank.
"""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from ranking import cells
from ranking.errors import InvalidInput, Problem
from ranking.text import format_number

NOTES_COLUMNS = ("id", "note", "bareme")
RANGS_COLUMNS = ("id", "rang")


@dataclass(frozen=True, slots=True)
class Interclasse:
    """`rang` is the inter-concours rank (competition ranking); `valeur` the note /1000 or RI3."""

    rang: int
    id: str
    concours: str
    valeur: Fraction


def rin(notes: Mapping[str, list[tuple[str, Fraction, Fraction]]]) -> tuple[Interclasse, ...]:
    """Notes (id, note, barème) per concours, brought to /1000 and ranked, higher first."""
    scored = [
        (Fraction(note) * 1000 / bareme, concours, identifier)
        for concours, rows in notes.items()
        for identifier, note, bareme in rows
    ]
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    return _ranked(scored)


def ri3(rangs: Mapping[str, list[tuple[str, int]]]) -> tuple[Interclasse, ...]:
    """Ranks per concours scaled to the whole: rang × N_total / N_concours, smaller first."""
    total = sum(len(rows) for rows in rangs.values())
    scored = [
        (Fraction(rang * total, len(rows)), concours, identifier)
        for concours, rows in rangs.items()
        for identifier, rang in rows
    ]
    scored.sort()
    return _ranked(scored)


def _ranked(scored: list[tuple[Fraction, str, str]]) -> tuple[Interclasse, ...]:
    result = []
    for position, (value, concours, identifier) in enumerate(scored, start=1):
        tied = result and result[-1].valeur == value
        result.append(
            Interclasse(result[-1].rang if tied else position, identifier, concours, value)
        )
    return tuple(result)


def parse_notes(data: bytes, source: str) -> list[tuple[str, Fraction, Fraction]]:
    """One concours' notes: columns id, note, bareme (the maximum, e.g. 500)."""
    parsers = {"id": cells.text, "note": _note, "bareme": cells.positive_number}
    lines, rows = _rows(data, source, parsers, NOTES_COLUMNS)
    problems = [
        Problem(
            f"note {format_number(note)} supérieure au barème {format_number(top)}", line, "note"
        )
        for line, (_, note, top) in zip(lines, rows, strict=True)
        if note > top
    ]
    if problems:
        raise InvalidInput(source, problems)
    return rows


def parse_rangs(data: bytes, source: str) -> list[tuple[str, int]]:
    """One concours' ranks: columns id, rang."""
    parsers = {"id": cells.text, "rang": cells.rank}
    return _rows(data, source, parsers, RANGS_COLUMNS)[1]


def check_distinct_ids(concours: Mapping[str, list[tuple]]) -> None:
    """An interne belongs to one concours only."""
    counts = Counter(row[0] for rows in concours.values() for row in rows)
    repeated = sorted(identifier for identifier, n in counts.items() if n > 1)
    if repeated:
        raise InvalidInput(
            "",
            [Problem(f"l'identifiant « {i} » figure dans plusieurs concours") for i in repeated],
        )


def _note(value: str) -> Fraction:
    if value.strip() in {"0", "0,0", "0.0"}:
        return Fraction(0)
    return cells.positive_number(value)


def _rows(data: bytes, source: str, parsers, required) -> tuple[tuple[int, ...], list[tuple]]:
    """The lines and the typed rows (columns in `required` order) of one concours file."""
    table = cells.read_body(data, source, required, "interne")
    columns, problems = cells.read_columns(table, parsers, required)
    if problems:
        raise InvalidInput(source, problems)
    return columns.lines, list(zip(*(columns.column(name) for name in required), strict=True))
