"""What an import would change against what is stored, shown before it is applied.

Records are tuples whose first value is the id, in the order of `columns`: an import of 50,000
internes compares plain tuples, and builds no object per row.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Modification:
    before: tuple
    after: tuple
    champs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Changes:
    """New records, changed ones (with the fields that differ), and missing ones."""

    columns: tuple[str, ...]
    added: tuple[tuple, ...]
    modified: tuple[Modification, ...]
    missing: tuple[tuple, ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.modified or self.missing)

    def view(self, record: tuple) -> dict[str, object]:
        return dict(zip(self.columns, record, strict=True))


def compare(
    columns: tuple[str, ...], stored: Mapping[str, tuple], incoming: Iterable[tuple]
) -> Changes:
    incoming = list(incoming)
    added, modified = [], []
    for record in incoming:
        old = stored.get(record[0])
        if old is None:
            added.append(record)
        elif old != record:
            champs = tuple(c for c, a, b in zip(columns, old, record, strict=True) if a != b)
            modified.append(Modification(old, record, champs))
    seen = {record[0] for record in incoming}
    missing = sorted(record for key, record in stored.items() if key not in seen)
    return Changes(columns, tuple(added), tuple(modified), tuple(missing))


def deactivated(columns: tuple[str, ...], records: Iterable[tuple]) -> list[tuple]:
    """Internes missing from a new file are kept (their history matters) but made inactive."""
    actif = columns.index("actif")
    return [(*r[:actif], False, *r[actif + 1 :]) for r in records if r[actif]]
