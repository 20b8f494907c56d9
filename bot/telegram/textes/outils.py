"""The list's tools on its card: results, procurations sheet, unbound internes, a message to the
internes, re-opening the ranking, re-offering the places left.

In French, in Telegram's HTML (dynamic parts escaped here)."""

from html import escape

from bot.telegram.textes.alertes import alerte
from ranking.telephone import lisible

ROUVRIR_MOTIF = (
    "<b>Rouvrir le classement</b> : pour quel motif ? Le choix de la liste repartira de zéro "
    "(pré-classement à relancer)."
)


MESSAGE_NON_ENVOYE = "Message non envoyé."


def feuille_procurations(nom: str, lignes) -> str:
    """The procurations of a list, with the phones to call (gestionnaires only)."""
    if not lignes:
        return f"<b>{escape(nom)}</b> : aucune procuration déposée."
    lines = [f"<b>Procurations — {escape(nom)}</b> ({len(lignes)})"]
    for ligne in lignes:
        by = f", par {escape(ligne.mandataire)}" if ligne.mandataire else ""
        lines.append(
            f"rang {ligne.rang} {escape(ligne.nom)} {escape(ligne.prenom)} — "
            f"{escape(lisible(ligne.telephone))}{by} — vœux : {escape(', '.join(ligne.voeux))}"
        )
    return "\n".join(lines)


def sans_telegram(nom: str, lignes) -> str:
    if not lignes:
        return f"<b>{escape(nom)}</b> : tous les internes appelés ont lié leur Telegram."
    lines = [f"<b>Sans Telegram — {escape(nom)}</b> : {len(lignes)} interne(s)"]
    lines += [f"{escape(i)} {escape(n)} {escape(p)}" for i, n, p in lignes]
    lines.append("/invitations leur donne un code.")
    return "\n".join(lines)


def personne_a_prevenir(nom: str) -> str:
    return f"liste « {nom} » : aucun interne n'a encore lié son Telegram"


def ecrire_message(nom: str, count: int) -> str:
    return (
        f"Écrivez le message pour les {count} interne(s) de <b>{escape(nom)}</b> qui ont lié "
        "leur Telegram (un seul message ; /annuler pour renoncer)."
    )


def apercu_message(nom: str, count: int, texte: str) -> str:
    shown = alerte({"sorte": "message", "liste": nom, "texte": texte})
    return f"Ils recevront, au rythme de Telegram :\n\n{shown}\n\nEnvoyer à {count} interne(s) ?"


def message_parti(nom: str, count: int) -> str:
    return f"✔ Message envoyé à {count} interne(s) de « {escape(nom)} » (au rythme de Telegram)."


def rouvrir(nom: str, motif: str) -> str:
    return (
        f"rouvrir le classement de « {nom} » ({motif}) : son appel repartira de zéro, après un "
        "nouveau pré-classement"
    )


def rouvert(nom: str, motif: str) -> str:
    return f"classement de « {nom} » rouvert ({motif}) : relancer le pré-classement"


def reoffrir_vers(nom: str, possible: bool) -> str:
    if not possible:
        return (
            f"<b>{escape(nom)}</b> : aucune liste ne peut recevoir ses places restantes (il faut "
            "une liste du même amphi, appelée après, dont le choix n'a pas commencé)."
        )
    return f"<b>{escape(nom)}</b> : ses places restantes vont à quelle liste ?"


def reoffrir(nom: str, vers: str) -> str:
    return f"les places restantes de « {nom} » deviennent des postes de « {vers} » (une seule fois)"


def reoffert(nom: str, vers: str, count: int) -> str:
    return f"{count} poste(s) de « {nom} » réofferts sur « {vers} »"


def resultats_csv(nom: str, count: int, clos: bool) -> str:
    state = "choix clos" if clos else "choix en cours"
    return f"Résultats de « {nom} » ({state}) : {count} ligne(s)."


BOUTON_RESULTATS = "Résultats (CSV)"
BOUTON_PROCURATIONS = "Procurations (téléphones)"
BOUTON_SANS_TELEGRAM = "Sans Telegram"
BOUTON_MESSAGE = "Message aux internes…"
BOUTON_REOFFRIR = "Ré-offrir les places restantes…"
BOUTON_ROUVRIR = "Rouvrir le classement…"


def bouton_vers(nom: str) -> str:
    """A list the places left may go to."""
    return f"vers {nom}"


def bouton_envoyer(count: int) -> str:
    return f"Envoyer à {count}"
