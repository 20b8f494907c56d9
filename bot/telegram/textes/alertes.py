"""The alerts of the call, the live board in the group, and what the sender writes in the log.

In French, in Telegram's HTML (dynamic parts escaped here)."""

from datetime import datetime
from html import escape

from ranking.errors import InvalidInput
from ranking.horloge import paris_hhmm
from ranking.model import Semestre
from ranking.telephone import lisible

USAGE_ALERTES = "Écrire /alertes suivi de 1 à 3 nombres de tours, par exemple /alertes 10 3."


MARQUES_ALERTE = ("📣", "⏳", "🔔", "✅", "🏁", "📨", "⏸", "📅")
"""How each alert of the call begins (opening, approaching or passed, turn, place, closing, a
gestionnaire's message), and the new semester's news."""


def alerte(data: dict) -> str:
    liste, sorte = escape(data["liste"]), data["sorte"]
    if sorte == "ouverture":
        return f"📣 L'appel de la liste <b>{liste}</b> est ouvert. /rang pour votre tour."
    if sorte == "approche":
        vers = (
            f", vers {paris_hhmm(datetime.fromisoformat(data['vers']))}" if data.get("vers") else ""
        )
        return (
            f"⏳ <b>{liste}</b> : votre tour approche, {data['avant']} interne(s) avant vous{vers}."
        )
    if sorte == "tour" and data.get("raison") == "annule":
        return (
            f"🔔 <b>{liste}</b> : votre choix a été annulé par le gestionnaire : c'est à nouveau "
            "votre tour !"
        )
    if sorte == "tour" and data.get("raison"):
        return f"🔔 <b>{liste}</b> : c'est de nouveau votre tour !"
    if sorte == "tour":
        return f"🔔 <b>{liste}</b> : c'est votre tour !"
    if sorte == "passe":
        return (
            f"⏳ <b>{liste}</b> : vous êtes passé (absent, ou délai écoulé sans procuration "
            "applicable). Signalez-vous au gestionnaire : vous choisirez à votre retour, ou un "
            "poste restant vous sera affecté."
        )
    if sorte == "mandataire":
        return mandataire_a_agi(data)
    if sorte == "message":
        return f"📨 <b>{liste}</b> — message du gestionnaire :\n\n{escape(data['texte'])}"
    if sorte == "arret":
        debut, fin = (datetime.fromisoformat(data[k]) for k in ("debut", "fin"))
        delais = "".join(f"\n{escape(phrase)}." for phrase in data.get("delais", ()))
        return (
            f"⏸ amphi était arrêté de {paris_hhmm(debut)} à {paris_hhmm(fin)} ; "
            f"{data['retard']} alerte(s) sont parties en retard.{delais}"
        )
    if sorte == "semestre":
        return nouveau_semestre(data)
    if sorte == "place":
        how = f" ({escape(data['mention'])})" if data.get("mention") else ""
        return (
            f"✅ <b>{liste}</b> : le poste <b>{escape(data['poste'])}</b> est enregistré pour "
            f"vous{how}."
        )
    return f"🏁 L'appel de la liste <b>{liste}</b> est clos."


def nouveau_semestre(data: dict) -> str:
    """Told once to each bound interne carried, and to each gestionnaire, when a semester is
    built from the last one (règles §7)."""
    label = escape(_semestre(data))
    if not data.get("gestionnaire"):
        return (
            f"📅 Le {label} commence. Votre compte reste lié : /rang vous dira votre rang dès "
            "le classement publié. /mesdonnees : ce qu'amphi garde, et délier votre compte."
        )
    return (
        f"📅 Le {label} commence : construit par {escape(_auteur(data.get('auteur')))}. "
        "Les comptes Telegram restent liés ; envoyez les fichiers du semestre (postes, "
        "internes arrivés), puis /listes pour classer."
    )


def _semestre(data: dict) -> str:
    """« semestre d'été 2027 », from the code the notification carries (its label else)."""
    try:
        return Semestre.parse(str(data.get("semestre", ""))).label
    except InvalidInput:
        label = str(data.get("label") or "nouveau semestre")
        return label[:1].lower() + label[1:]


def _auteur(auteur: object) -> str:
    """Who built it, as people say it: a Telegram account by its number, else the name the
    command line was run under."""
    text = str(auteur or "").strip()
    if text.startswith("telegram:"):
        return f"le gestionnaire du compte Telegram {text.removeprefix('telegram:')}"
    if text.startswith("cli:"):
        return f"{text.removeprefix('cli:')}, en ligne de commande"
    return text or "un gestionnaire"


def reglage_alertes(distances: tuple[int, ...]) -> str:
    said = " et ".join(str(d) for d in sorted(distances, reverse=True))
    return (
        f"Vous serez prévenu {said} tour(s) avant le vôtre, puis à votre tour. Pour changer : "
        "/alertes 10 3 (de 1 à 3 nombres)."
    )


def tableau(state) -> str:
    """The live board: who is called, the next five with their estimated times, open postes."""
    taken, total = state.places
    lines = [f"<b>Appel en direct — {escape(state.liste.nom)}</b> ({taken}/{total} places prises)"]
    lines.append(escape(state.statut()))
    if state.appel.clos:
        return "\n".join(lines)
    for person, at in state.suivants:
        lines.append(f"• {escape(person.label)}" + (f" vers {paris_hhmm(at)}" if at else ""))
    open_postes = list(state.ouverts.items())
    lines.append(f"Postes libres : {len(open_postes)}")
    lines += [f"{escape(poste)} : {left}" for poste, left in open_postes[:30]]
    if len(open_postes) > 30:
        lines.append(f"… et {len(open_postes) - 30} autre(s)")
    return "\n".join(lines)


COMMANDE_EN_PRIVE = (
    "Les commandes d'amphi se tapent en conversation privée avec le bot : @{bot}. Ce groupe "
    "ne montre que l'appel en direct."
)


def mandataire_a_agi(data: dict) -> str:
    """The interne told what his mandataire did to his procuration."""
    by = escape(data["par"])
    if "voeux" not in data:
        return (
            f"📨 Votre mandataire <b>{by}</b> a retiré votre procuration. /voeux pour en "
            "déposer une, /mandataire pour voir ou révoquer vos mandataires."
        )
    return (
        f"📨 Votre mandataire <b>{by}</b> a enregistré votre procuration : "
        f"{escape(', '.join(data['voeux']))} — téléphone {escape(lisible(data['telephone']))}. "
        "/voeux pour la changer, /mandataire pour voir ou révoquer vos mandataires."
    )


TELEGRAM_INJOIGNABLE = (
    "Telegram injoignable (%s) : les alertes et le tableau attendent, nouvel essai chaque "
    "seconde ; l'appel continue depuis l'ordinateur (amphi appel)"
)


TELEGRAM_REVENU = "Telegram de nouveau joignable après %.0f s : ce qui attendait repart"


ALERTE_REFUSEE = "alerte %s refusée par Telegram (%s) : abandonnée, les autres partent"


ALERTE_NON_REMISE = (
    "alerte %s non remise, Telegram refuse d'écrire à cet interne (%s) ; les autres partent"
)


ALERTE_RETENUE = "alerte %s retenue par Telegram : %s ; nouvel essai au tour suivant"


TABLEAU_EN_PANNE = (
    "tableau de « %s » non mis à jour (le groupe existe-t-il encore, le bot y est-il encore "
    "autorisé à écrire ?) : %s ; nouvel essai toutes les quelques secondes"
)
