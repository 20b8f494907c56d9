"""The call screen on the gestionnaire's phone: who is called, the acts and their confirmation, a
poste forced outside the maquette.

In French, in Telegram's HTML (dynamic parts escaped here)."""

from html import escape

from bot.telegram.textes.commun import (
    RECHERCHE_POSSIBLE,
    a_confirmer,
    avertissement,
    interdits_ici,
    nom_de_poste,
    recherche,
)
from ranking.horloge import paris_hhmm
from ranking.ordre import key_label
from ranking.telephone import lisible

RECHERCHE_SANS_ECRAN = (
    "Pour trouver un poste en tapant son nom, ouvrez d'abord l'écran d'appel (/appel), puis "
    "tapez un mot du nom ou du type du poste."
)


def aide_postes(state, filtre: str, trouves: int, interdits: int = 0) -> str:
    """Above a choice of postes: how to find one, the types with places left, and how many
    the maquette of the interne it is for forbids."""
    forbidden = [interdits_ici(interdits)] if interdits else []
    if filtre:
        return "\n".join([recherche(filtre, trouves), *forbidden])
    kinds: dict[str, int] = {}
    for poste, places in state.ouverts.items():
        kind = state.libelles.get(poste, ("", None))[1]
        if kind and places > 0:
            kinds[kind] = kinds.get(kind, 0) + places
    lines = [RECHERCHE_POSSIBLE]
    if len(kinds) > 1:
        lines.append("Places par type : " + ", ".join(
            f"{escape(kind)} {places}" for kind, places in sorted(kinds.items())
        ))  # fmt: skip
    return "\n".join([*lines, *forbidden])


AUCUNE_LISTE_A_APPELER = "Aucune liste à appeler : valider d'abord un classement final."


CHOISIR_APPEL = "L'appel de quelle liste ?"


def suivi(dernier: str) -> str:
    """A call screen edited because someone else moved the call: what moved it."""
    return f"↻ {escape(dernier)}"


QUESTIONS = {
    "absent": "Marquer absent {qui} ?",
    "procuration": "Appliquer la procuration de {qui} ?",
    "injoignable": "Déclarer injoignable {qui} ?",
    "annuler": "Annuler le dernier choix, celui de {qui} ?",
    "clore": "Clore la liste {liste} ?",
}


def question(action: str, found, libelles: dict, liste: str) -> str:
    """A call screen's act before it is confirmed: whom it concerns, by id and name, and the
    poste it takes or gives back, by name (« Appliquer la procuration de 2024000547 Martin
    Léa ? »)."""
    qui = ""
    if found.qui is not None:
        qui = f"{key_label(found.qui.key)} {found.qui.nom} {found.qui.prenom}"
    lines = [a_confirmer(QUESTIONS[action].format(qui=qui, liste=liste))]
    if found.poste:
        name = nom_de_poste(*libelles.get(found.poste, (found.poste, None)))
        verb = "rendra" if found.rend else "prendra"
        lines.append(f"→ {escape(qui)} {verb} « {escape(name)} » ({escape(found.poste)}).")
    else:
        lines.append(f"→ {escape(found.phrase[:1].upper() + found.phrase[1:])}.")
    return "\n".join(lines)


def choix_pour(label: str) -> str:
    return f"Choix de : {escape(label)}"


def office_pour(label: str) -> str:
    return f"Affecter d'office : <b>{escape(label)}</b>"


def appel_a_ouvrir(nom: str) -> str:
    return f"<b>Appel — {escape(nom)}</b>\nClassement final validé : le choix peut s'ouvrir."


def appel(state) -> str:
    taken, total = state.places
    lines = [f"<b>Appel — {escape(state.liste.nom)}</b> — {taken} place(s) prise(s) sur {total}"]
    lines.append(escape(state.statut(telephone=True)))
    if state.appele is not None:
        lines.append(escape(procuration_appele(state)))
    if state.suivants:
        lines.append("Ensuite :")
        lines += [
            f"• {escape(person.label)}" + (f" vers {paris_hhmm(at)}" if at else "")
            for person, at in state.suivants
        ]
    if state.absents:
        lines.append(f"Absents sans poste : {len(state.absents)}")
        lines += [f"• {escape(person.label)}" for person in state.absents[:SUIVANTS_MONTRES]]
        if len(state.absents) > SUIVANTS_MONTRES:
            lines.append(f"… et {len(state.absents) - SUIVANTS_MONTRES} autre(s)")
    if state.cadence:
        lines.append(f"Cadence : {state.cadence:.0f} s par choix")
    return "\n".join(lines)


SUIVANTS_MONTRES = 5


def procuration_appele(state) -> str:
    """What « appliquer la procuration » would do, read before pressing it."""
    if state.procuration is None:
        return "Pas de procuration."
    phone = f" — téléphone {lisible(state.telephone_appele)}" if state.telephone_appele else ""
    if not state.procuration:
        return f"Procuration : aucun vœu encore libre{phone}"
    forbidden = state.interdits.get(state.appele.key, frozenset()) if state.appele else ()
    wishes = [f"{w} (⛔ hors maquette)" if w in forbidden else w for w in state.procuration]
    return f"Procuration (vœux libres, dans son ordre) : {', '.join(wishes)}{phone}"


def apres(person) -> str:
    """A deferral button: the called interne will choose after this one."""
    return f"après rang {person.rang} {person.nom} {person.prenom}"


def demander_motif(said: str) -> str:
    return (
        f"<b>Hors maquette</b> : {escape(said)}\n\nTapez le motif (il est journalisé et imprimé "
        "sur les résultats ; pas de donnée de santé). /annuler pour renoncer."
    )


MOTIF_VIDE = "Le motif est vide : tapez-le, ou /annuler."


RIEN_FORCE = "Rien n'est enregistré hors maquette."


FORCE_TERMINE = "Cette saisie est terminée : l'écran d'appel montre ce qui est enregistré."


FORCE_PERIME = (
    "L'appel a changé depuis l'écran où vous avez appuyé : rien n'est enregistré. "
    "Reprenez depuis l'écran d'appel."
)


def hors_maquette(refusal: object) -> str:
    """A poste the maquette forbids, pressed on a call screen: the rule, and what may be done."""
    return f"⛔ {escape(str(refusal))}"


CONSTATS_MONTRES = 12
"""Findings listed above « Ouvrir malgré… »: the rest is one /verifier away (a message holds
4,096 characters)."""


def constats_a_confirmer(asked, nom: str) -> str:
    """Opening a list the verification finds faults in: what they are, before confirming."""
    lines = [avertissement(escape(str(asked)[:1].upper() + str(asked)[1:]) + ".")]
    lines += [f"• {escape(line)}" for line in asked.lignes[:CONSTATS_MONTRES]]
    if len(asked.lignes) > CONSTATS_MONTRES:
        more = len(asked.lignes) - CONSTATS_MONTRES
        lines.append(f"… et {more} autre(s) : /verifier {escape(nom)}")
    return "\n".join(lines)


def bouton_liste(nom: str, etat: str) -> str:
    """A list /appel offers, with where its call stands."""
    return f"{nom} — {etat}"


BOUTON_OUVRIR = "Ouvrir le choix"


def bouton_ouvrir_malgre(constats: int) -> str:
    return f"Ouvrir malgré {constats} constat(s)"


BOUTON_A_CHOISI = "a choisi…"
BOUTON_A_CHOISI_TELEPHONE = "a choisi… (au téléphone)"
BOUTON_ABSENT = "absent…"
BOUTON_PROCURATION = "appliquer la procuration…"
BOUTON_DIFFERER = "différer…"
BOUTON_INJOIGNABLE = "injoignable…"
BOUTON_ARRIVEE = "arrivée d'un absent…"
BOUTON_OFFICE = "affecter d'office…"
BOUTON_ANNULER_CHOIX = "annuler le dernier choix…"
BOUTON_CLORE = "clore la liste…"
BOUTON_RAFRAICHIR = "↻ Rafraîchir"
CONFIRMER_ABSENT = "marquer absent"
CONFIRMER_PROCURATION = "appliquer la procuration"
CONFIRMER_INJOIGNABLE = "déclarer injoignable"
CONFIRMER_ANNULER = "annuler le dernier choix"
CONFIRMER_CLORE = "clore"
"""What « Confirmer : … » does, under the question an act asks first."""
BOUTON_FORCER = "Forcer hors maquette…"
BOUTON_CONFIRMER_FORCE = "Confirmer hors maquette"


ECRAN_REFUSE_LOG = (
    "Telegram a refusé de redessiner l'écran d'appel suivi dans la conversation %s (%s) : "
    "il reste suivi, redessiné au prochain mouvement de l'appel"
)
ECRAN_PERDU_LOG = (
    "l'écran d'appel suivi dans la conversation %s ne peut plus être modifié (%s) : "
    "il n'est plus suivi"
)
