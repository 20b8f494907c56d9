"""What an edition holds, apart from how it is drawn (bot/editions.py): importing fpdf2 takes a
quarter of a second, which only `amphi pdf` should pay, not every command."""

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Colonne:
    titre: str
    largeur: float  # mm; a document's columns fill the 190 mm between the margins
    align: str = "L"


@dataclass(frozen=True, slots=True)
class Tableau:
    """One table of a document: its rows, and for each row a group number (rows of one group
    share a shade: one poste's internes in the per-poste view; every row its own elsewhere)."""

    titre: str | None
    colonnes: tuple[Colonne, ...]
    lignes: Sequence[Sequence[str]]
    hauteur: float = 7.0
    groupes: Sequence[int] | None = None
    grille: bool = False  # vertical rules between columns: boxes to write and sign in
    repeter: int = 0
    """Leading columns of a group's first row printed again when the group goes on over a page
    break (the poste of the per-poste view)."""


@dataclass(frozen=True, slots=True)
class Document:
    titre: str
    details: str
    edition: datetime
    tableaux: tuple[Tableau, ...]
    avertissement: str | None = None
    journal: str | None = None
    """The journal's chain head the document was read at (results): printed in the footer."""


def nfc(text: str | None) -> str:
    """Names as composed characters: a decomposed accent would print beside its letter."""
    return unicodedata.normalize("NFC", text or "")
