"""The lists' ranking from the gestionnaire's phone: the lists, a list's card, the ex-aequo groups,
the final order.

In French, in Telegram's HTML (dynamic parts escaped here)."""

from html import escape

from bot.operations.classement import Situation


def situation(found: Situation) -> str:
    lines = [
        f"<b>{escape(found.semestre.label.capitalize())} — {escape(found.circonscription)}</b>"
    ]
    for liste, compte in found.listes:
        for warning in found.avertissements(liste, compte):
            lines.append(f"⚠ {escape(liste.nom)} : {escape(warning)}")
    lines.append("Choisissez une liste :" if found.listes else "Aucune liste configurée.")
    return "\n".join(lines)


def fiche(liste, etat: str) -> str:
    lines = [f"<b>{escape(liste.nom)}</b> — {escape(etat)}"]
    if liste.perimee is not None:
        lines.append(f"⚠ {escape(liste.perimee.phrase())} ; relancer le pré-classement")
    return "\n".join(lines)


def preclassement(nom: str, run) -> str:
    return (
        f"Pré-classement de « {escape(nom)} » enregistré : {len(run.ordre.keys)} internes, "
        f"{len(run.ordre.groupes)} groupe(s) d'ex-aequo ({run.groupes_repris} repris)."
    )


def groupe(nom: str, group, count: int) -> str:
    state = "traité" if group.traite else "à traiter"
    return (
        f"<b>{escape(nom)}</b> — groupe d'ex-aequo n°{group.numero}, rang {group.rang}, "
        f"{count} internes ({state}).\nOrdonnez avec ↑ ↓, puis « Valider ce groupe »."
    )


def final(nom: str, etat: str, page: int, count: int) -> str:
    return (
        f"<b>Classement final — {escape(nom)}</b> ({escape(etat)}), page {page + 1}/{count}\n"
        "↑ ↓ échangent un interne avec son voisin."
    )


USAGE_DEPLACER = "Écrire /monter ID ou /descendre ID (ID/HD pour la ligne hors discipline)."


def deplace(nom: str, interne_id: str, rang: int) -> str:
    return f"« {escape(nom)} » : {escape(interne_id)} est maintenant au rang {rang}."


def bouton_liste(nom: str, etat: str, internes: int) -> str:
    return f"{nom} — {etat} ({internes})"


BOUTON_PRECLASSER = "Lancer le pré-classement"
BOUTON_VALIDER_LEVEE = "Valider la levée des ex-aequo"
BOUTON_FINAL = "Classement final"
BOUTON_MONTER = "↑"
BOUTON_DESCENDRE = "↓"
BOUTON_VALIDER_GROUPE = "Valider ce groupe"
BOUTON_VALIDER_CLASSEMENT = "Valider le classement"
BOUTON_RETOUR_LISTE = "◀ Retour à la liste"


def bouton_groupe(group) -> str:
    """An ex-aequo group on the list's card: ✓ once its order is validated."""
    return f"{'✓' if group.traite else '…'} Groupe n°{group.numero} (rang {group.rang})"


def bouton_interne(rang: int, nom: str, cle: str | None = None) -> str:
    """An interne in an order being set: his rank, his name (and his id in a group)."""
    return f"{rang}. {nom}" + (f" ({cle})" if cle is not None else "")


def pas_de_groupe(numero: int, nom: str) -> str:
    return f"pas de groupe d'ex-aequo n°{numero} dans « {nom} »"
