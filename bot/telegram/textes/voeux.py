"""The voeux of a procuration or a pré-choix, picked with buttons or found by a typed word.

In French, in Telegram's HTML (dynamic parts escaped here)."""

from html import escape

from bot.telegram.textes.commun import nom_de_poste, recherche
from ranking.telephone import lisible

TROP_PEU_DE_VOEUX = "Une procuration compte au moins 3 vœux ({n} choisi(s)) : continuez."


AUCUN_VOEU = "Choisissez au moins un poste."


DEMANDE_TELEPHONE = (
    "Le numéro où le gestionnaire vous appellera si aucun de vos vœux n'est libre à votre tour : "
    "tapez-le (06 12 34 56 78, ou +44… depuis l'étranger) ou partagez votre contact."
)


TELEPHONE_NOTE = "Numéro noté."


RIEN_ENREGISTRE = "Rien n'est enregistré."


PROCURATION_ENREGISTREE = (
    "Procuration enregistrée. Vous pouvez la changer ou la retirer (/voeux) jusqu'à votre tour."
)


PROCURATION_RETIREE = "Procuration retirée."


PRECHOIX_ENREGISTRE = "Vœux de pré-choix enregistrés."
DELIE_ENTRE_TEMPS = "compte délié entre-temps"


def choix_voeux(mode: str, chosen: list, filtre: str, trouves: int) -> str:
    """`chosen`: the postes picked so far (PosteOffert), in order."""
    what = "Procuration" if mode == "procuration" else "Pré-choix"
    lines = [f"<b>{what}</b> — vos vœux dans l'ordre :"]
    lines += [f"{n}. {escape(nom_de_poste(p.terrain, p.type))} ({escape(p.id)})"
              for n, p in enumerate(chosen, start=1)] or ["aucun pour l'instant"]  # fmt: skip
    lines.append("")
    lines.append("Touchez un poste pour l'ajouter, ou tapez un mot de son nom ou de son type "
                 "pour le trouver.")  # fmt: skip
    if filtre:
        lines.append(recherche(filtre, trouves))
    return "\n".join(lines)


def resume_voeux(mode: str, chosen: list, telephone: str | None) -> str:
    what = "Votre procuration" if mode == "procuration" else "Votre pré-choix"
    lines = [f"<b>{what}</b>"]
    lines += [f"{n}. {escape(nom_de_poste(p.terrain, p.type))} ({escape(p.id)})"
              for n, p in enumerate(chosen, start=1)]  # fmt: skip
    if telephone:
        lines.append(f"Téléphone : {escape(lisible(telephone))}")
    lines.append("Confirmer ?")
    return "\n".join(lines)


def procuration_actuelle(found) -> str:
    return (
        f"Votre procuration actuelle : {escape(', '.join(found.voeux))} — téléphone "
        f"{escape(lisible(found.telephone))}. Choisissez ci-dessous pour la remplacer."
    )


def simulation(nom: str, phrase: str) -> str:
    return f"<b>{escape(nom)}</b> : {escape(phrase)}"


VOEUX_DEJA_ENREGISTRES = "C'est déjà enregistré : rien n'est changé une seconde fois."


SAISIE_TERMINEE = "Cette saisie est terminée : recommencez par /voeux ou /prechoix."


BOUTON_RETIRER = "Retirer ma procuration"
BOUTON_EFFACER = "Effacer"


def bouton_terminer(count: int) -> str:
    return f"Terminer ({count})"
