"""When a stored order no longer matches its data (règles §4, decision on stale orders).

An order is computed from the internes' data and the ranking configuration. When either
changes, the pré-classement computed again may differ from the one stored: an interne to add
(new, reactivated, moved into the perimeter), one to remove (inactive, moved out), or a row
whose numbers changed (his seniority, his rank, or the local sizes his rang calculé uses).
Such an order is stale: it cannot be called until the pré-classement is run again.
"""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from fractions import Fraction

from ranking.classement import Ligne, PreClassement, RowKey
from ranking.ordre import key_label


def donnees(ligne: Ligne) -> tuple:
    """What a stored row keeps of its pré-classement, compared as such."""
    calcul = ligne.calcul
    return (
        ligne.sortant, ligne.rang, ligne.groupe, calcul.rang_local, calcul.effectif_promotion,
        calcul.promotion_theorique, calcul.effectif_promotion_theorique,
        Fraction(calcul.rang_calcule),
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Ecart:
    """How the stored order differs from the pré-classement computed again."""

    non_classes: tuple[RowKey, ...] = ()
    retires: tuple[RowKey, ...] = ()
    modifies: tuple[RowKey, ...] = ()
    origine: tuple[str, ...] = ()
    """The internes whose own data changed and caused the rest (others' ranks follow)."""

    @property
    def vide(self) -> bool:
        return not (self.non_classes or self.retires or self.modifies)

    def phrase(self) -> str:
        """« données changées de 12 ; 2 interne(s) à classer : 77, 78 ; … »."""
        parts = [f"données changées de {_ids(self.origine)}"] if self.origine else []
        for keys, what in (
            (self.non_classes, "à classer (nouveaux ou réactivés)"),
            (self.retires, "à retirer (inactifs ou sortis du périmètre)"),
            (self.modifies, "dont le rang calculé ou l'ancienneté a changé"),
        ):
            if keys:
                parts.append(f"{len(keys)} interne(s) {what} : {_names(keys)}")
        return " ; ".join(parts)


def ecart(stored: Mapping[RowKey, tuple], pre: PreClassement) -> Ecart:
    """Compare stored rows (key → `donnees`) with a pré-classement computed now."""
    computed = {ligne.key: ligne for ligne in pre.lignes}
    return Ecart(
        tuple(key for key in computed if key not in stored),
        tuple(key for key in stored if key not in computed),
        tuple(
            key
            for key, ligne in computed.items()
            if key in stored and stored[key] != donnees(ligne)
        ),
    )


def avec_origine(found: Ecart, changed: set[str]) -> Ecart:
    """The difference, naming the internes among `changed` (those a file changed) it holds."""
    keys = (*found.non_classes, *found.retires, *found.modifies)
    return replace(found, origine=tuple(dict.fromkeys(k[0] for k in keys if k[0] in changed)))


def _ids(ids: tuple[str, ...], shown: int = 10) -> str:
    names = ", ".join(ids[:shown])
    return names + (f" et {len(ids) - shown} autre(s)" if len(ids) > shown else "")


def _names(keys: tuple[RowKey, ...], shown: int = 10) -> str:
    names = ", ".join(map(key_label, keys[:shown]))
    return names + (f" et {len(keys) - shown} autre(s)" if len(keys) > shown else "")
