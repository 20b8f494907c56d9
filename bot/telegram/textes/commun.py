"""What every feature says alike: a refusal, a stale button, what was done or is to confirm, a
poste on a button, a long text cut in messages, and the buttons every screen has.

In French, in Telegram's HTML (dynamic parts escaped here)."""

import re
from html import escape, unescape

LIMITE = 4096


CLAVIER_PERIME = (
    "Ce clavier est périmé : la liste a changé entre-temps (un autre gestionnaire, ou la ligne "
    "de commande). Voici son état actuel."
)


BOUTON_PERIME = "Ce bouton ne correspond plus à rien : la liste a été rafraîchie."


REFUS = "Refusé : {raison}"


def refus(raison: object) -> str:
    return REFUS.format(raison=escape(str(raison)))


def morceaux(text: str, limite: int = LIMITE) -> list[str]:
    """A long text in messages Telegram accepts, cut between lines (a line is never split
    inside an HTML tag: each line of these texts closes its own tags)."""
    chunks, current = [], ""
    for line in text.split("\n"):
        while len(line) > limite:
            chunks.append(line[:limite])
            line = line[limite:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limite:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current:
        chunks.append(current)
    return chunks


def brut(html_text: str) -> str:
    """What Telegram shows of one of these texts (our own tags and entities, nothing else):
    an edit to the same text is refused, so it is compared first."""
    return unescape(re.sub(r"</?[a-z-]+[^>]*>", "", html_text))


RECHERCHE_POSSIBLE = "🔎 Tapez un mot du nom ou du type d'un poste pour le trouver."


def recherche(filtre: str, trouves: int) -> str:
    if not trouves:
        return f"🔎 « {escape(filtre)} » : aucun poste ne correspond (tapez un autre mot)."
    return f"🔎 « {escape(filtre)} » : {trouves} poste(s)."


def acte(said: str) -> str:
    return f"✔ {escape(said)}"


def a_confirmer(said: str) -> str:
    """What a press will do once confirmed: nothing is done yet."""
    return f"❓ À confirmer : {escape(said)}"


def deja(fait: object) -> str:
    """A press whose act was already done (a double tap): what was recorded, on a screen."""
    text = str(fait)
    return f"✔ {escape(text[:1].upper() + text[1:])}"


def deja_court(fait: object) -> str:
    """The same, in a press's answer (Telegram shows 200 characters of it)."""
    text = str(fait)
    text = text[:1].upper() + text[1:]
    return text if len(text) <= 200 else text[:199] + "…"


def avertissement(html_text: str) -> str:
    return f"⚠ {html_text}"


def nom_de_poste(terrain: str, kind: str | None) -> str:
    """A poste as people name it: its terrain, and its type when the file gives one."""
    return f"{terrain} ({kind})" if kind else terrain


def poste_bouton(
    poste: str, libelle: tuple[str, str | None], places: int, interdit: bool = False
) -> str:
    """A poste on a button, as people know it: its terrain (and type), places left, its id;
    ⛔ first when the maquette of the interne it is for forbids it."""
    tail = f" · {places} pl. · {poste}"
    name = ("⛔ " if interdit else "") + nom_de_poste(*libelle)
    room = BOUTON_LARGEUR - len(tail)
    return (name if len(name) <= room else name[: room - 1] + "…") + tail


BOUTON_LARGEUR = 60
"""Characters a button shows on a phone before it cuts the text."""


def phrase(raison: object) -> str:
    """A refusal said as a sentence of its own: « Ce n'est plus votre tour : … »."""
    text = str(raison)
    return escape(text[:1].upper() + text[1:] + ("" if text.endswith(".") else "."))


def interdits_ici(count: int) -> str:
    return f"⛔ {count} poste(s) hors de sa maquette : toucher l'un d'eux montre la règle."


def masques(count: int) -> str:
    """Why postes are missing from an interne's picker."""
    return f"{count} poste(s) libre(s) masqué(s) : votre maquette ne les permet pas."


# The buttons every screen has

BOUTON_RETOUR = "◀ Retour"
BOUTON_PRECEDENT = "◀"
BOUTON_SUIVANT = "▶"
BOUTON_TOUS_LES_POSTES = "✖ Tous les postes"
"""Under a search: every poste again, the search forgotten."""
BOUTON_CONFIRMER = "Confirmer"
BOUTON_ANNULER = "Annuler"


def bouton_confirmer(quoi: str) -> str:
    """« Confirmer : clore », under what an act will do."""
    return f"Confirmer : {quoi}"


def bouton_page(page: int, count: int) -> str:
    """The middle of ◀ ▶: which page this is (`page` from 0)."""
    return f"{page + 1} / {count}"
