"""The journal's chain: each entry's `empreinte` is the SHA-256 of the previous entry's and of
its own content, so that changing, removing or inserting an entry behind amphi's back breaks
the chain from there on (`amphi journal --verifier`). Someone who rewrites the whole chain with
the same formula is not caught by the base alone: the printed head (results PDF and CSV) is the
outside anchor."""

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

COLONNES = ("id", "at", "auteur", "action", "liste_id", "avant", "apres", "detail")
DEBUT = "0" * 64
"""What the first entry is chained to."""
JOURNAL_FIGE = (
    "CREATE TRIGGER journal_sans_modification BEFORE UPDATE ON journal "
    "BEGIN SELECT RAISE(ABORT, 'le journal ne se modifie pas'); END",
    "CREATE TRIGGER journal_sans_effacement BEFORE DELETE ON journal "
    "BEGIN SELECT RAISE(ABORT, 'le journal ne s''efface pas'); END",
)
"""The journal's guards (schema 1): lifted only by a migration or the purge, in their
transaction, and put back."""
LEVER = ("DROP TRIGGER journal_sans_modification", "DROP TRIGGER journal_sans_effacement")


def empreinte(precedente: str, contenu: Sequence[object]) -> str:
    """`contenu`: the entry's COLONNES, in order."""
    text = json.dumps([precedente, *contenu], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def chainer(rows: Iterable[Sequence[object]], precedente: str = DEBUT) -> list[tuple[str, int]]:
    """(empreinte, id) for entries given in id order, each a row of COLONNES."""
    chained = []
    for row in rows:
        precedente = empreinte(precedente, row)
        chained.append((precedente, row[0]))
    return chained


@dataclass(frozen=True, slots=True)
class Rupture:
    """Where the chain breaks: entry `id` changed (or put there: its fingerprint is not what
    its content and the entry before it give), or the entries between `precedente` and `id`
    removed (numbers are never given twice)."""

    id: int
    precedente: int
    retiree: bool = False


def verifier(rows: Iterable[Sequence[object]]) -> list[Rupture]:
    """Rows of COLONNES + empreinte, in id order: every place the chain does not follow."""
    found, precedente, before = [], DEBUT, 0
    for row in rows:
        *contenu, stored = row
        if contenu[0] != before + 1:
            found.append(Rupture(contenu[0], before, retiree=True))
        elif stored != empreinte(precedente, contenu):
            found.append(Rupture(contenu[0], before))
        precedente, before = stored or "", contenu[0]
    return found
