"""Every word the bot says, in French, in Telegram's HTML (dynamic parts escaped here)."""

import re
from datetime import datetime
from html import escape, unescape

from bot.operations.classement import Situation
from bot.operations.moi import PageListe, RangListe
from ranking.horloge import PARIS, paris_hhmm, paris_minute
from ranking.ordre import key_label
from ranking.telephone import lisible

LIMITE = 4096

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
    "Envoyez un fichier d'internes, de postes ou de stages effectués (CSV ou XLSX) : je montre "
    "ce qui changerait, puis « Appliquer » ou « Annuler ».\n"
    "/listes — les listes d'appel : pré-classement, levée des ex-aequo, classement final\n"
    "/journal — qui a fait quoi, quand\n"
    "/pdf — liste d'appel, émargement, résultats\n"
    "/invitation ID — un code pour un interne ; /invitations — ceux d'une liste (CSV)\n"
    "/interne ID — sa fiche, téléphone compris ; /delier TELEGRAM_ID — délier un compte\n"
    "/monter ID, /descendre ID — échanger un interne avec son voisin (classement final)\n"
    "/appel — mener l'appel d'une liste : qui est appelé, ses choix, absents, procurations\n"
    "/particulier ID fleche POSTE, ou /particulier ID surnombre validant|non_validant\n"
    "/verifier [LISTE] — avant le jour : fins de DES, doublons, maquette\n"
    "/etat — le service : alertes en attente, dernière sauvegarde, taille de la base\n"
    "/moi — qui vous êtes pour le bot"
)
AIDE_INCONNU = BIENVENUE
NON_LIE = (
    "Votre compte Telegram n'est pas lié. Envoyez <code>/start VOTRE-CODE</code> avec le code "
    "reçu du gestionnaire."
)
RESERVE_INTERNE = "Cette commande est réservée aux internes."
RESERVE_GESTIONNAIRE = "Réservé aux gestionnaires."
CLAVIER_PERIME = (
    "Ce clavier est périmé : la liste a changé entre-temps (un autre gestionnaire, ou la ligne "
    "de commande). Voici son état actuel."
)
ERREUR_INTERNE = "Erreur interne : le gestionnaire est prévenu. Réessayez dans un moment."
ALERTE_GESTIONNAIRE = "⚠ amphi : une erreur interne est survenue ({quoi}). Voir le journal du bot."
BOUTON_PERIME = "Ce bouton ne correspond plus à rien : la liste a été rafraîchie."
REFUS = "Refusé : {raison}"


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


def refus(raison: object) -> str:
    return REFUS.format(raison=escape(str(raison)))


def rangs(found: list[RangListe]) -> str:
    parts = []
    for r in found:
        title = f"<b>{escape(r.liste)}</b> — {escape(r.etat)}"
        if r.rang is None:
            parts.append(f"{title}\nVous n'êtes pas encore classé sur cette liste.")
            continue
        line = f"Rang d'appel : <b>{r.rang}</b> sur {r.total}"
        line += " (aucun interne avant vous)" if r.rang == 1 else f" ({r.rang - 1} avant vous)"
        notes = []
        if r.perime:
            notes.append("ordre en cours de recalcul : ce rang peut changer")
        elif not r.valide and r.poste is None and r.avant is None:
            notes.append("classement pas encore validé : ce rang peut changer")
        if r.poste is not None:
            notes.append(f"vous avez le poste <b>{escape(r.poste)}</b>")
        elif r.avant is not None:
            when = f", vers {paris_hhmm(r.heure)}" if r.heure else ""
            notes.append(
                "c'est votre tour !" if r.avant == 0
                else f"appel en cours : {r.avant} interne(s) avant vous{when}"
            )  # fmt: skip
        parts.append("\n".join([title, line, *[f"• {note}" for note in notes]]))
    return "\n\n".join(parts)


def pourquoi(found: list[tuple[str, str]], maquette: list[str]) -> list[str]:
    """His rank explained in each list, then what his maquette still allows him."""
    parts = [f"<b>{escape(nom)}</b>\n{escape(text)}" for nom, text in found]
    if maquette:
        lines = "\n".join(f"• {escape(line)}" for line in maquette)
        parts.append(f"<b>Ce que votre maquette vous permet</b>\n{lines}")
    return parts


def page(found: PageListe) -> str:
    lines = [f"<b>Liste d'appel — {escape(found.liste)}</b> (page {found.page + 1}/{found.pages})"]
    for rang, nom, mine in found.lignes:
        line = f"{rang:>4}  {escape(nom)}"
        lines.append(f"<b>▶ {line}</b>" if mine else f"   {line}")
    return "\n".join(lines)


def postes(found) -> str:
    parts = []
    for nom, rows in found:
        lines = [f"<b>{escape(nom)}</b> — {sum(row.places for row in rows)} place(s) restante(s)"]
        lines += [f"{escape(nom_de_poste(row.terrain, row.type))} ({escape(row.id)}) : "
                  f"{row.places}" + (" — ⛔ hors de votre maquette" if row.interdit else "")
                  for row in rows]  # fmt: skip
        parts.append("\n".join(lines))
    return "\n\n".join(parts) or "Aucun poste importé pour vos listes."


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


def erreurs_fichier(messages: list[str], shown: int = 10) -> str:
    lines = [f"Fichier refusé en entier, rien n'est changé ({len(messages)} erreur(s)) :"]
    lines += [f"• {escape(message)}" for message in messages[:shown]]
    if len(messages) > shown:
        lines.append(f"… et {len(messages) - shown} autre(s) : la liste complète suit en document.")
    return "\n".join(lines)


TROP_GROS = "Fichier refusé : plus de {mo} Mo, ce n'est pas un fichier d'internes ou de postes."
IMPORT_IDENTIQUE = "Aucun changement : {nom} est déjà en base à l'identique."
IMPORT_INAPPLICABLE = "Rien n'est proposé à appliquer : corriger le fichier, ou la base d'abord."
IMPORT_ANNULE = "Import annulé : rien n'est changé."
IMPORT_APPLIQUE = "Import de {nom} appliqué."


def apercu(lines: list[str]) -> str:
    return "\n".join(escape(line) for line in lines) + "\n\nAppliquer ces changements ?"


EDITION_LABELS = {"appel": "appel", "emargement": "émargement", "resultats": "résultats"}
CHOISIR_EDITION = "Quelle édition, de quelle liste ?"
CHOISIR_LISTE_INVITATIONS = "Les codes de quelle liste (internes pas encore liés) ?"
USAGE_ALERTES = "Écrire /alertes suivi de 1 à 3 nombres de tours, par exemple /alertes 10 3."
USAGE_INVITATION = "Écrire /invitation suivi de l'identifiant de l'interne."
USAGE_DELIER = "Écrire /delier suivi de l'identifiant Telegram du compte (un nombre)."
USAGE_INTERNE = "Écrire /interne suivi de l'identifiant de l'interne."
DELIE = "Compte Telegram {id} délié : une nouvelle invitation le reliera."


def journal(lines, page: int, liste: str | None = None) -> tuple[str, int]:
    """A page of the journal, oldest first: as many of the latest `lines` as fit in one
    message (Telegram counts the text once the tags are read), and how many that is."""
    if not lines:
        return "Journal vide.", 0
    name = "<b>Journal</b>" + (f" de « {escape(liste)} »" if liste else "")
    title = f"{name} — les plus récentes" if page == 0 else f"{name} — page {page + 1}"
    rows, size = [], len(brut(title))
    for line in reversed(lines):
        row = (
            f"{escape(paris_court(line.at))} {escape(line.auteur)} — {escape(line.action_label)}"
            + (f" ({escape(line.liste)})" if line.liste else "")
            + f"\n  {escape(line.detail[:300])}"
        )
        size += len(brut(row)) + 1
        if rows and size > LIMITE - 100:  # a margin for what Telegram counts twice (emoji)
            break
        rows.append(row)
    return "\n".join([title, *reversed(rows)]), len(rows)


def paris_court(moment) -> str:
    return moment.astimezone(PARIS).strftime("%d/%m %H:%M")


def edition(titre: str, pages: int) -> str:
    return f"{escape(titre)} — {pages} page(s)"


def invitation(interne_id: str, code: str, lien: str | None) -> str:
    text = (
        f"Code pour l'interne {escape(interne_id)} : <code>{escape(code)}</code>\n"
        "À envoyer au bot avec /start suivi du code ; il ne sert qu'une fois."
    )
    return text + (f"\nLien direct : {escape(lien)}" if lien else "")


def invitations(liste: str, count: int, deja: int) -> str:
    text = f"{count} code(s) d'invitation pour « {escape(liste)} » (à usage unique)."
    return text + (f"\n{_deja_valables(deja)}" if deja else "")


def _deja_valables(deja: int) -> str:
    return (
        f"{deja} interne(s) ont déjà un code encore valable : aucun second code ; "
        "/invitation ID en refait un pour qui l'a perdu."
    )


def aucune_invitation(liste: str, made) -> str:
    """Why a mail merge made no code: nobody ranked yet, codes already out, or all bound."""
    if not made.classes:
        return (
            f"Personne n'est encore classé sur « {escape(liste)} » : lancer d'abord son "
            "pré-classement (les invitations suivent la liste)."
        )
    if made.deja_valables:
        return _deja_valables(made.deja_valables)
    return f"Tous les internes de « {escape(liste)} » ont déjà un compte lié."


def fiche_interne(found) -> str:
    lines = [
        f"<b>{escape(found.nom)} {escape(found.prenom)}</b> ({escape(found.interne_id)})"
        + ("" if found.actif else " — inactif"),
        f"Téléphone : {escape(lisible(found.telephone) or 'non renseigné')}",
        f"Courriel : {escape(found.email or 'non renseigné')}",
        f"Compte Telegram : {found.telegram if found.telegram else 'non lié'}",
    ]
    if found.procuration:
        lines.append(
            f"Procuration : {escape(', '.join(found.procuration))} — téléphone "
            f"{escape(lisible(found.procuration_telephone))}"
        )
    return "\n".join(lines)


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


RECHERCHE_SANS_ECRAN = (
    "Pour trouver un poste en tapant son nom, ouvrez d'abord l'écran d'appel (/appel), puis "
    "tapez un mot du nom ou du type du poste."
)


RECHERCHE_HORS_TOUR = (
    "Taper un mot sert à trouver un poste quand c'est votre tour de choisir à distance "
    "(bouton « Choisir mon poste » de votre alerte). /aide pour les commandes."
)
RECHERCHE_POSSIBLE = "🔎 Tapez un mot du nom ou du type d'un poste pour le trouver."


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


def recherche(filtre: str, trouves: int) -> str:
    if not trouves:
        return f"🔎 « {escape(filtre)} » : aucun poste ne correspond (tapez un autre mot)."
    return f"🔎 « {escape(filtre)} » : {trouves} poste(s)."


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


USAGE_DEPLACER = "Écrire /monter ID ou /descendre ID (ID/HD pour la ligne hors discipline)."
USAGE_PARTICULIER = (
    "Écrire /particulier ID fleche POSTE, /particulier ID surnombre validant (ou non_validant), "
    "ou /particulier ID aucun pour le retirer. /interne ID le fait aussi avec des boutons."
)


def deplace(nom: str, interne_id: str, rang: int) -> str:
    return f"« {escape(nom)} » : {escape(interne_id)} est maintenant au rang {rang}."


def particulier(said: str) -> str:
    return f"Enregistré : {escape(said)}."


def lien_mandataire(code: str, lien: str | None) -> str:
    how = f"ce lien : {escape(lien)}" if lien else f"ce message : /start {escape(code)}"
    return (
        "Transférez à votre mandataire " + how + "\nIl ne sert qu'une fois ; la personne "
        "pourra lire et changer votre procuration, rien d'autre."
    )


AUCUNE_LISTE_A_APPELER = "Aucune liste à appeler : valider d'abord un classement final."
CHOISIR_APPEL = "L'appel de quelle liste ?"


def acte(said: str) -> str:
    return f"✔ {escape(said)}"


def suivi(dernier: str) -> str:
    """A call screen edited because someone else moved the call: what moved it."""
    return f"↻ {escape(dernier)}"


def a_confirmer(said: str) -> str:
    """What a press will do once confirmed: nothing is done yet."""
    return f"❓ À confirmer : {escape(said)}"


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


def apres(person) -> str:
    """A deferral button: the called interne will choose after this one."""
    return f"après rang {person.rang} {person.nom} {person.prenom}"


MARQUES_ALERTE = ("📣", "⏳", "🔔", "✅", "🏁", "📨", "⏸")
"""How each alert of the call begins (opening, approaching or passed, turn, place, closing, a
gestionnaire's message)."""


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
    if sorte == "place":
        how = f" ({escape(data['mention'])})" if data.get("mention") else ""
        return (
            f"✅ <b>{liste}</b> : le poste <b>{escape(data['poste'])}</b> est enregistré pour "
            f"vous{how}."
        )
    return f"🏁 L'appel de la liste <b>{liste}</b> est clos."


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
VOEUX_DEJA_ENREGISTRES = "C'est déjà enregistré : rien n'est changé une seconde fois."
SAISIE_TERMINEE = "Cette saisie est terminée : recommencez par /voeux ou /prechoix."


def phrase(raison: object) -> str:
    """A refusal said as a sentence of its own: « Ce n'est plus votre tour : … »."""
    text = str(raison)
    return escape(text[:1].upper() + text[1:] + ("" if text.endswith(".") else "."))


def confirmer_poste(poste: str, terrain: str) -> str:
    return f"Vous choisissez <b>{escape(terrain)}</b> ({escape(poste)}) ?"


def choix_fait(poste: str, terrain: str) -> str:
    return f"✔ Vous avez choisi <b>{escape(terrain)}</b> ({escape(poste)})."


def postes_ouverts(nom: str, restant: float | None) -> str:
    delay = f" — {restant:.0f} s restantes" if restant is not None else ""
    return f"<b>{escape(nom)}</b> : les postes libres{delay}. Touchez celui que vous choisissez."


# The list's tools (results, procurations sheet, unbound internes, message, re-opening, re-offer)

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


# Stage particulier from the interne's card

CHOISIR_FLECHE = "Stage fléché : sur quel poste ? (page {page} / {pages})"


def particulier_ligne(nom: str, label: str, ouvert: bool) -> str:
    fixed = "" if ouvert else " (choix commencé : fixé)"
    return f"{escape(nom)} : {escape(label)}{fixed}"


def poste_fleche(poste: str, terrain: str, kind: str | None) -> str:
    name = nom_de_poste(terrain, kind)
    tail = f" · {poste}"
    room = BOUTON_LARGEUR - len(tail)
    return (name if len(name) <= room else name[: room - 1] + "…") + tail


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


def mandataires(found: list[tuple[int, str | None]]) -> str:
    if not found:
        return "Aucun mandataire ne peut changer votre procuration."
    names = ", ".join(escape(nom or f"compte {telegram_id}") for telegram_id, nom in found)
    return f"Vos mandataires (ils peuvent changer votre procuration) : {names}."


def revoque(nom: str | None) -> str:
    return f"✔ {escape(nom or 'Ce mandataire')} ne peut plus changer votre procuration."


def demander_motif(said: str) -> str:
    return (
        f"<b>Hors maquette</b> : {escape(said)}\n\nTapez le motif (il est journalisé et imprimé "
        "sur les résultats ; pas de donnée de santé). /annuler pour renoncer."
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
REPONSE_REFUSEE_LOG = "Telegram a refusé la réponse à %s (%s) : la personne en est avertie"
BOT_BLOQUE = "Telegram refuse d'écrire à %s (%s) : rien ne lui est répondu"
REPONSE_REFUSEE = (
    "Telegram a refusé d'afficher la réponse. Ce qui est enregistré l'est : appuyez à nouveau "
    "ou retapez la commande pour voir où vous en êtes."
)
TABLEAU_EN_PANNE = (
    "tableau de « %s » non mis à jour (le groupe existe-t-il encore, le bot y est-il encore "
    "autorisé à écrire ?) : %s ; nouvel essai toutes les quelques secondes"
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


def interdits_ici(count: int) -> str:
    return f"⛔ {count} poste(s) hors de sa maquette : toucher l'un d'eux montre la règle."


def masques(count: int) -> str:
    """Why postes are missing from an interne's picker."""
    return f"{count} poste(s) libre(s) masqué(s) : votre maquette ne les permet pas."


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


VERIFICATION_MONTRES = 10
"""Findings /verifier writes in its message; all of them are in the CSV sent with it."""


def verification(nom: str | None, found) -> str:
    """/verifier: the findings counted by kind and the first ten (one message, whatever their
    number: the call is not held back by a stream of them)."""
    where = f"liste « {escape(nom)} »" if nom else "toutes les listes"
    if not found:
        return f"Vérification ({where}) : rien à signaler."
    counts: dict[str, int] = {}
    for constat in found:
        counts[constat.sorte] = counts.get(constat.sorte, 0) + 1
    lines = [f"<b>Vérification ({where})</b> : {len(found)} constat(s)."]
    lines += [f"{escape(sorte)} : {count}" for sorte, count in counts.items()]
    shown = found[:VERIFICATION_MONTRES]
    lines.append("" if len(found) <= len(shown) else f"\nLes {len(shown)} premiers :")
    lines += [f"• [{escape(c.sorte)}] {escape(c.texte[:300])}" for c in shown]
    lines.append("\nTous les constats : le document ci-dessous (CSV).")
    return "\n".join(lines)


def verification_document(count: int) -> str:
    return f"Les {count} constat(s) de la vérification, avec ce qu'il faut corriger."


def etat(found, running: float) -> str:
    """/etat: how the service stands."""
    hours, minutes = int(running // 3600), int(running % 3600 // 60)
    lines = [
        "<b>État d'amphi</b>",
        f"En marche depuis {hours} h {minutes:02d} min.",
        f"Alertes en attente d'envoi : {found.alertes_en_attente}.",
        f"Base : {found.octets / 1_048_576:.1f} Mio, {found.entrees} entrée(s) au journal.",
    ]
    if found.derniere_sauvegarde is None:
        lines.append("Aucune sauvegarde encore : amphi sauvegarde, ou la première ouverture.")
    else:
        path, at = found.derniere_sauvegarde
        lines.append(f"Dernière sauvegarde : {paris_minute(at)} ({escape(path.name)}).")
    return "\n".join(lines)


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
        lines.append(f"stages effectués importés : {found['stages']}")
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


ECRAN_REFUSE_LOG = (
    "Telegram a refusé de redessiner l'écran d'appel suivi dans la conversation %s (%s) : "
    "il reste suivi, redessiné au prochain mouvement de l'appel"
)
ECRAN_PERDU_LOG = (
    "l'écran d'appel suivi dans la conversation %s ne peut plus être modifié (%s) : "
    "il n'est plus suivi"
)
