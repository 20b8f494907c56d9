"""Linking an account, who one is, the help and menus of each role, and /mesdonnees.

In French, in Telegram's HTML (dynamic parts escaped here)."""

from datetime import datetime
from html import escape

from ranking.horloge import paris_minute
from ranking.telephone import lisible

COMMANDES_INTERNE = [
    ("rang", "mon rang d'appel"),
    ("voeux", "ma procuration : au moins 3 vœux et un téléphone"),
    ("prechoix", "mes vœux et ce que j'obtiendrais aujourd'hui"),
    ("mandataire", "un lien pour qu'un proche gère ma procuration"),
    ("alertes", "quand me prévenir que mon tour approche"),
    ("mesdonnees", "ce qu'amphi enregistre sur moi ; délier mon compte"),
    ("pourquoi", "pourquoi ce rang, ce que ma maquette permet"),
    ("liste", "la liste d'appel"),
    ("postes", "les postes et les places restantes"),
    ("moi", "qui suis-je pour le bot"),
    ("aide", "ce que le bot sait faire"),
]


COMMANDES_GESTIONNAIRE = [
    ("listes", "les listes d'appel : classer, lever les ex-aequo, valider"),
    ("journal", "qui a fait quoi, quand"),
    ("pdf", "liste d'appel, émargement, résultats (PDF)"),
    ("invitation", "un code pour un interne : /invitation ID"),
    ("invitations", "les codes de toute une liste (CSV)"),
    ("interne", "la fiche d'un interne : /interne ID"),
    ("delier", "délier un compte : /delier TELEGRAM_ID"),
    ("appel", "mener l'appel d'une liste"),
    ("monter", "classement final : /monter ID"),
    ("descendre", "classement final : /descendre ID"),
    ("particulier", "fléché ou surnombre : /particulier ID fleche POSTE"),
    ("verifier", "avant le jour : ce qui rendrait l'appel contestable"),
    ("etat", "le service : alertes en attente, dernière sauvegarde, taille de la base"),
    ("moi", "qui suis-je pour le bot"),
    ("aide", "ce que le bot sait faire"),
]


COMMANDES_MANDATAIRE = [
    ("voeux", "la procuration de l'interne que vous représentez"),
    ("annuler", "quitter une saisie en cours"),
    ("moi", "qui suis-je pour le bot"),
]


COMMANDES_INCONNU = [
    ("start", "lier mon compte avec le code reçu"),
    ("aide", "ce que le bot sait faire"),
]


BIENVENUE = (
    "Bonjour ! Je suis <b>amphi</b>, le bot des choix de postes des internes.\n\n"
    "Pour lier votre compte, envoyez <code>/start VOTRE-CODE</code> (le code reçu du "
    "gestionnaire), ou partagez votre contact si votre numéro de téléphone est celui que la "
    "faculté a transmis."
)


BOUTON_CONTACT = "Partager mon numéro"


AIDE_INTERNE = (
    "<b>Ce que je sais faire</b>\n"
    "/rang — votre rang d'appel dans chacune de vos listes\n"
    "/pourquoi — comment ce rang est calculé, ce que votre maquette permet encore\n"
    "/liste — la liste d'appel (votre ligne marquée)\n"
    "/postes — les postes et les places restantes\n"
    "/voeux — votre procuration (au moins 3 vœux et un téléphone)\n"
    "/prechoix — vos vœux, et ce que vous obtiendriez aujourd'hui\n"
    "/mandataire — un lien à transférer à la personne qui gérera votre procuration\n"
    "/alertes — quand être prévenu que votre tour approche (10 et 3 tours avant)\n"
    "/mesdonnees — ce qu'amphi enregistre sur vous ; délier votre compte\n"
    "/annuler — quitter une saisie en cours\n"
    "/moi — qui vous êtes pour le bot"
)


AIDE_MANDATAIRE = (
    "<b>Mandataire</b>\n/voeux — la procuration de l'interne que vous représentez\n"
    "/annuler — quitter une saisie en cours"
)


AIDE_GESTIONNAIRE = (
    "<b>Gestionnaire</b>\n"
    "Envoyez un fichier d'internes, de postes, de stages effectués ou de validations de stages "
    "(CSV ou XLSX) : je montre ce qui changerait, puis « Appliquer » ou « Annuler ».\n"
    "/listes — les listes d'appel : pré-classement, levée des ex-aequo, classement final\n"
    "/journal — qui a fait quoi, quand\n"
    "/pdf — liste d'appel, émargement, résultats\n"
    "/invitation ID — un code pour un interne ; /invitations — ceux d'une liste (CSV)\n"
    "/interne ID — sa fiche, téléphone compris, ses stages (validé ou non) ; /delier "
    "TELEGRAM_ID — délier un compte\n"
    "/monter ID, /descendre ID — échanger un interne avec son voisin (classement final)\n"
    "/appel — mener l'appel d'une liste : qui est appelé, ses choix, absents, procurations\n"
    "/particulier ID fleche POSTE, ou /particulier ID surnombre validant|non_validant\n"
    "/verifier [LISTE] — avant le jour : fins de DES, doublons, maquette\n"
    "/etat — le service : alertes en attente, dernière sauvegarde, taille de la base\n"
    "/semestre — une fois toutes les listes closes : construire le semestre suivant\n"
    "/moi — qui vous êtes pour le bot"
)


AIDE_INCONNU = BIENVENUE


NON_LIE = (
    "Votre compte Telegram n'est pas lié. Envoyez <code>/start VOTRE-CODE</code> avec le code "
    "reçu du gestionnaire."
)


RESERVE_INTERNE = "Cette commande est réservée aux internes."


RESERVE_GESTIONNAIRE = "Réservé aux gestionnaires."


def _interne(nom: str | None, interne_id: str | None) -> str:
    """« l'interne DUPONT Léa (2022000074) », or his id alone when his name is not known."""
    if nom:
        return f"l'interne <b>{escape(nom)}</b> ({escape(interne_id or '')})"
    return f"l'interne {escape(interne_id or '')}"


def lie(role: str, nom: str | None, interne_id: str | None) -> str:
    if role == "mandataire":
        return (
            f"Compte lié : vous êtes mandataire de {_interne(nom, interne_id)}.\n\n"
            + AIDE_MANDATAIRE
        )
    if role == "interne":
        who = f"<b>{escape(nom or '')}</b> ({escape(interne_id or '')})"
        return f"Compte lié : vous êtes l'interne {who}.\n\n{AIDE_INTERNE}"
    return "Compte lié : vous êtes <b>gestionnaire</b>.\n\n" + AIDE_GESTIONNAIRE


def moi(role: str | None, nom: str | None, interne_id: str | None, telegram_id: int) -> str:
    if role == "mandataire":
        return f"Vous êtes mandataire de {_interne(nom, interne_id)} (sa procuration)."
    if role == "interne":
        return f"Vous êtes l'interne <b>{escape(nom or '')}</b> ({escape(interne_id or '')})."
    if role == "gestionnaire":
        return f"Vous êtes <b>gestionnaire</b> (compte Telegram {telegram_id})."
    return f"Compte Telegram {telegram_id} : non lié.\n\n" + NON_LIE


DELIER_SOI = (
    "❓ À confirmer : délier votre compte Telegram d'amphi. Le bot ne vous dira plus votre rang "
    "ni votre tour, et votre procuration ne se modifiera plus d'ici ; ce qui est enregistré "
    "(rang, procuration, choix) reste. Un nouveau code d'invitation vous relie."
)


COMPTE_GARDE = "Votre compte reste lié."


COMPTE_DELIE = (
    "✔ Votre compte Telegram est délié d'amphi. Pour le relier : un nouveau code d'invitation "
    "de votre gestionnaire."
)


def mes_donnees(found: dict) -> str:
    """/mesdonnees: everything amphi holds about him, his own data only."""
    fiche = found["fiche"]
    labels = {
        "id": "identifiant", "nom": "nom", "prenom": "prénom", "formation": "formation",
        "des": "DES", "discipline": "discipline", "phase": "phase", "promotion": "promotion",
        "concours": "concours", "rang_concours": "rang au concours",
        "semestres_valides": "semestres validés", "hors_discipline": "stage hors discipline",
        "telephone": "téléphone", "email": "e-mail", "actif": "actif",
    }  # fmt: skip
    lines = ["<b>Ce qu'amphi enregistre sur vous</b>", "", "<b>Votre fiche</b> (fichier importé)"]
    lines += [
        f"{label} : {escape(str(fiche[key]))}" for key, label in labels.items()
        if fiche.get(key) not in (None, "")
    ]  # fmt: skip
    lines += ["", "<b>Ce semestre</b>"]
    lines += [f"rang d'appel sur « {escape(nom)} » : {rang}" for nom, rang in found["rangs"]]
    if found["procuration"]:
        phone, mandataire, _ = found["procuration"]
        wishes = ", ".join(found["voeux_procuration"])
        lines.append(f"procuration : {escape(wishes)} ; téléphone {escape(lisible(phone))}"
                     + (f" ; déposée par {escape(mandataire)}" if mandataire else ""))  # fmt: skip
    if found["voeux_prechoix"]:
        lines.append(f"pré-choix : {escape(', '.join(found['voeux_prechoix']))}")
    lines += [f"choix sur « {escape(nom)} » : {escape(poste)} ({escape(nature)})"
              for nom, poste, nature in found["choix"]]  # fmt: skip
    if found["stages"]:
        lines += ["", "<b>Vos stages effectués</b> (par semestre)"]
        lines += [f"{semestre} — {escape(terrain)}" + (f" ({escape(sorte)})" if sorte else "")
                  + f" : {'validé' if valide else 'non validé'}"
                  for semestre, terrain, sorte, valide in found["stages"]]  # fmt: skip
    lines += ["", "<b>Votre compte Telegram</b>"]
    if found["compte"]:
        lines.append(f"lié le {paris_minute(datetime.fromisoformat(found['compte']))}")
    if found["mandataires"]:
        lines.append(f"mandataire(s) lié(s) à votre procuration : {found['mandataires']}")
    if found["alertes"]:
        lines.append(f"alertes réglées : {escape(found['alertes'])}")
    lines += [
        "", f"Le journal nomme votre dossier dans {found['journal']} entrée(s).",
        "Les téléphones, e-mails et comptes Telegram sont effacés une fois le semestre fini ; "
        "les résultats et le journal restent.",
    ]  # fmt: skip
    return "\n".join(lines)


BOUTON_DELIER = "Délier mon compte Telegram…"
BOUTON_CONFIRMER_DELIER = "Confirmer : délier mon compte"
BOUTON_GARDER = "Garder mon compte lié"
