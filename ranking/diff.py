"""What an import would change against what is stored, shown before it is applied."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any


@dataclass(frozen=True, slots=True)
class Modification:
    before: Any
    after: Any
    champs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Changes:
    """Records keyed by `id`: new ones, changed ones (with the fields that differ), missing ones."""

    added: tuple[Any, ...]
    modified: tuple[Modification, ...]
    missing: tuple[Any, ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.modified or self.missing)


def compare(
    stored: Mapping[str, Any], incoming: Iterable[Any], ignore: tuple[str, ...] = ()
) -> Changes:
    incoming = list(incoming)
    seen = {record.id for record in incoming}
    added, modified = [], []
    for record in incoming:
        old = stored.get(record.id)
        if old is None:
            added.append(record)
            continue
        champs = tuple(
            f.name
            for f in fields(record)
            if f.name not in ignore and getattr(old, f.name) != getattr(record, f.name)
        )
        if champs:
            modified.append(Modification(old, record, champs))
    missing = [record for key, record in stored.items() if key not in seen]
    return Changes(tuple(added), tuple(modified), tuple(sorted(missing, key=lambda r: r.id)))


def deactivated(records: Iterable[Any]) -> list[Any]:
    """Internes missing from a new file are kept (their history matters) but made inactive."""
    return [replace(record, actif=False) for record in records if record.actif]
