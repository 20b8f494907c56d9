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
GARDES = (
    "journal_sans_modification",
    "journal_sans_effacement",
    "journal_interne_sans_modification",
    "journal_interne_sans_effacement",
)
"""Every guard of the journal and of `journal_interne` (schemas 1 and 3): lifted only by the
change of semester, which moves the closing semester's entries into its archive, in its
transaction, and put back as they were."""


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


COUPURE = "f" * 64
"""What an entry is chained to when the entries before it were cut off the journal's end
behind amphi's back (`journal.append` finds the last number given without its entry): the
verification then says the cut, not an entry added."""


@dataclass(frozen=True, slots=True)
class Rupture:
    """Where the chain breaks, by kind: an entry `id` changed (its fingerprint is not what its
    content and the entry before it, `precedente`, give), entries removed between `precedente`
    and `id` (numbers are never given twice, nor skipped), an entry added with a number of its
    own, the journal's end cut off (up to `id`, the last number given), a binary value where
    text is kept (`detail`: the columns), a guard missing (`detail`: its name)."""

    sorte: str
    id: int = 0
    precedente: int = 0
    detail: str = ""

    def phrase(self) -> str:
        first, last = self.precedente + 1, self.id - 1
        removed = f"entrée n°{first}" if first == last else f"entrées n°{first} à {last}"
        removed += " retirée" if first == last else " retirées"
        cut = f"entrées n°{first} à {self.id} retirées"
        cut = f"entrée n°{first} retirée" if first == self.id else cut
        return {
            "changee": f"entrée n°{self.id} changée ou ajoutée hors d'amphi (son empreinte ne "
            "suit pas)",
            "ajoutee": f"entrée n°{self.id} ajoutée hors d'amphi (chaînée à la n°"
            f"{self.precedente} : aucun numéro entre les deux n'a jamais été donné)",
            "retirees": f"{removed} (ou l'entrée n°{self.id}, dont l'empreinte ne suit pas la "
            f"n°{self.precedente}, ajoutée hors d'amphi)",
            "coupee": f"{removed} de la fin du journal, avant l'entrée n°{self.id}",
            "fin": f"{cut} de la fin du journal (le dernier numéro donné est le {self.id})",
            "numerotation": "la numérotation du journal (sqlite_sequence) a été changée hors "
            f"d'amphi ({self.detail})",
            "binaire": f"entrée n°{self.id} changée hors d'amphi : du binaire (BLOB) dans "
            f"{self.detail}, où amphi écrit du texte",
            "garde": f"le garde du journal « {self.detail} » manque ou a été changé : le journal "
            "pourrait être modifié ou effacé sans trace",
        }[self.sorte]


def verifier(
    rows: Iterable[Sequence[object]],
    sequence: int | None = None,
    debut: tuple[int, str] = (0, DEBUT),
) -> list[Rupture]:
    """Rows of COLONNES + empreinte, in id order: every place the chain does not follow.
    `sequence`: the last number the journal gave (sqlite_sequence; None: not read). `debut`:
    the entry the chain starts after, number and fingerprint (a semester built from another
    starts after the archive's head, règles §7)."""
    found, (before, precedente) = [], debut
    for row in rows:
        *contenu, stored = row
        number = contenu[0]
        binary = [name for name, value in zip(COLONNES, contenu, strict=True)
                  if isinstance(value, bytes)]  # fmt: skip
        binary += ["empreinte"] if isinstance(stored, bytes) else []
        if binary:
            columns = ", ".join(f"« {name} »" for name in binary)
            found.append(Rupture("binaire", number, before, columns))
        elif number != before + 1:
            if stored == empreinte(precedente, contenu):
                found.append(Rupture("ajoutee", number, before))
            elif stored == empreinte(COUPURE, contenu):
                found.append(Rupture("coupee", number, before))
            else:
                found.append(Rupture("retirees", number, before))
        elif stored != empreinte(precedente, contenu):
            found.append(Rupture("changee", number, before))
        precedente, before = stored if isinstance(stored, str) else "", number
    if sequence is not None and sequence > before:
        found.append(Rupture("fin", sequence, before))
    elif sequence is not None and sequence < before:
        said = f"elle dit n°{sequence}, la dernière entrée est la n°{before}"
        found.append(Rupture("numerotation", before, before, said))
    return found
