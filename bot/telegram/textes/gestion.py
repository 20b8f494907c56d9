"""The gestionnaire's commands: imports, journal, PDF editions, invitations, an interne's card and
stage particulier, /verifier, /etat.

In French, in Telegram's HTML (dynamic parts escaped here)."""

from html import escape

from bot.telegram.textes.commun import BOUTON_LARGEUR, LIMITE, brut, nom_de_poste
from ranking.horloge import PARIS, paris_minute
from ranking.telephone import lisible


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


USAGE_PARTICULIER = (
    "Écrire /particulier ID fleche POSTE, /particulier ID surnombre validant (ou non_validant), "
    "ou /particulier ID aucun pour le retirer. /interne ID le fait aussi avec des boutons."
)


def particulier(said: str) -> str:
    return f"Enregistré : {escape(said)}."


CHOISIR_FLECHE = "Stage fléché : sur quel poste ? (page {page} / {pages})"


def particulier_ligne(nom: str, label: str, ouvert: bool) -> str:
    fixed = "" if ouvert else " (choix commencé : fixé)"
    return f"{escape(nom)} : {escape(label)}{fixed}"


def poste_fleche(poste: str, terrain: str, kind: str | None) -> str:
    name = nom_de_poste(terrain, kind)
    tail = f" · {poste}"
    room = BOUTON_LARGEUR - len(tail)
    return (name if len(name) <= room else name[: room - 1] + "…") + tail


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
        f"Base : {_mio(found.octets)} Mio, {found.entrees} entrée(s) au journal.",
    ]
    if found.derniere_sauvegarde is None:
        lines.append("Aucune sauvegarde encore : amphi sauvegarde, ou la première ouverture.")
    else:
        path, at = found.derniere_sauvegarde
        lines.append(f"Dernière sauvegarde : {paris_minute(at)} ({escape(path.name)}).")
    return "\n".join(lines)


BOUTON_APPLIQUER = "Appliquer"
BOUTON_PLUS_ANCIENNES = "◀ plus anciennes"
BOUTON_PLUS_RECENTES = "les plus récentes ▶"


def bouton_edition(nom: str, edition: str) -> str:
    return f"{nom} : {EDITION_LABELS[edition]}"


def bouton_surnombre(nom: str) -> str:
    return f"{nom} : surnombre validant"


BOUTON_NON_VALIDANT = "non validant"


def bouton_fleche(nom: str) -> str:
    return f"{nom} : fléché…"


BOUTON_RETIRER_PARTICULIER = "retirer"


def _mio(octets: int) -> str:
    """A size in Mio the French way: « 0,8 »."""
    return f"{octets / 1_048_576:.1f}".replace(".", ",")
