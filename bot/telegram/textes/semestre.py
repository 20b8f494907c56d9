"""/semestre: the next semester built from the gestionnaire's phone (règles §7), and what the
bot writes in the log when it moves to a new semester.

In French, in Telegram's HTML (dynamic parts escaped here)."""

from html import escape

from bot.telegram.textes import commun
from ranking.errors import InvalidInput
from ranking.model import Semestre

COMMANDE = ("semestre", "une fois toutes les listes closes : construire le semestre suivant")
"""The gestionnaire's menu entry."""


def libelle(code: str) -> str:
    """« 2027-05 » → « semestre d'été 2027 » (the code itself if it is none)."""
    try:
        return Semestre.parse(code).label
    except InvalidInput:
        return f"semestre {code}"


def _majuscule(text: str) -> str:
    return text[:1].upper() + text[1:]


def apercu(lignes: tuple[str, ...], notice: str | None = None) -> str:
    """The preview shared with `amphi semestre suivant`, line by line."""
    body = "\n".join(escape(line) for line in lignes)
    return f"{notice}\n\n{body}" if notice else body


def bouton_construire(code: str) -> str:
    return f"Construire le {libelle(code)}…"


def a_confirmer(code: str, lignes: tuple[str, ...]) -> str:
    """The second step: nothing built yet."""
    said = (
        f"construire le {libelle(code)} : l'ancien semestre est archivé, les internes reportés, "
        "ce qui n'appartient qu'à un semestre effacé (pas de retour en arrière)"
    )
    return commun.a_confirmer(said) + "\n\n" + apercu(lignes)


def construit(code: str, lignes: tuple[str, ...]) -> str:
    """What was done: the operation's lines, under one « ✔ » of ours."""
    rest = tuple(line for line in lignes if not line.startswith("✔"))
    head = commun.acte(f"{_majuscule(libelle(code))} construit")
    return f"{head}\n\n{apercu(rest)}" if rest else head


def deja_construit(code: str) -> str:
    """A second press on « Confirmer » (or another gestionnaire, or the laptop, was quicker)."""
    return f"le {libelle(code)} est déjà construit"


def perime(raison: object) -> str:
    """The preview pressed is outdated: said above the preview as it now is."""
    return commun.avertissement(commun.phrase(raison))


APERCU_CHANGE = "le semestre a changé depuis cet aperçu : voici l'aperçu à jour"


def refuse(raison: object) -> str:
    """No next semester yet (lists still open, nothing called): why, in the project's words."""
    return commun.refus(raison)


BASCULE_LOG = (
    "la base est passée au %s (était %s) : les écrans d'appel suivis de l'ancien semestre "
    "sont abandonnés, les alertes et le tableau repartent du nouveau"
)
