"""How rows of an order are named on the command line: ID, or ID/HD for a hors-discipline row."""

from ranking.classement import Ligne, RowKey, Statut
from ranking.errors import Refused
from ranking.text import fold


def row_key(text: str, argument: str = "ID") -> RowKey:
    identifier, _, suffix = text.partition("/")
    if suffix and fold(suffix) != "hd":
        hint = "écrire ID, ou ID/HD pour la ligne hors discipline"
        raise Refused(f"argument {argument} : « {text[:40]} » : {hint}")
    return (identifier, Statut.HORS_DISCIPLINE if suffix else Statut.STANDARD)


def statut_label(ligne: Ligne) -> str:
    if ligne.statut is Statut.HORS_DISCIPLINE:
        return "entrant"
    return "sortant" if ligne.sortant else "standard"
