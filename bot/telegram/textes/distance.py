"""The remote choice: the interne called picks his poste from his phone.

In French, in Telegram's HTML (dynamic parts escaped here)."""

from html import escape

from ranking.horloge import duree

RECHERCHE_HORS_TOUR = (
    "Taper un mot sert à trouver un poste quand c'est votre tour de choisir à distance "
    "(bouton « Choisir mon poste » de votre alerte). /aide pour les commandes."
)


def confirmer_poste(poste: str, terrain: str) -> str:
    return f"Vous choisissez <b>{escape(terrain)}</b> ({escape(poste)}) ?"


def choix_fait(poste: str, terrain: str) -> str:
    return f"✔ Vous avez choisi <b>{escape(terrain)}</b> ({escape(poste)})."


def postes_ouverts(nom: str, restant: float | None) -> str:
    delay = f" — encore {duree(restant)}" if restant is not None else ""
    return f"<b>{escape(nom)}</b> : les postes libres{delay}. Touchez celui que vous choisissez."


BOUTON_CHOISIR = "Choisir mon poste"
BOUTON_AUTRE_POSTE = "◀ Autre poste"


def bouton_confirmer_poste(poste: str) -> str:
    return f"Confirmer {poste}"
