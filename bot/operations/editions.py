"""The editions of a list (règles §5), read from the database in one snapshot, with their French
words: the liste d'appel, the liste d'émargement and the results. Drawing them is
`bot.editions.rendu`'s work (fpdf2, imported only when a PDF is asked for)."""

from datetime import datetime

from bot.editions.documents import Colonne, Document, Tableau, nfc
from bot.operations.base import Contexte
from bot.operations.journal import tete_lisible
from bot.operations.rows import statut_label
from ranking.appel import Appel
from ranking.config import Config
from ranking.cycle import Etat
from ranking.errors import Etape, Refused, Suite
from ranking.explain import rang_calcule_text
from ranking.horloge import now
from ranking.horloge import paris_minute as paris
from ranking.ordre import key_label
from storage import appel, classement, journal, listes, voeux
from storage.database import Transaction
from storage.listes import Liste

KINDS = {
    "appel": "liste d'appel (rang, nom, statut, ancienneté, concours, rang calculé)",
    "emargement": "liste d'émargement (poste choisi et signature, à la main)",
    "resultats": "résultats du choix, par rang d'appel et par poste",
}

APPEL_COLUMNS = (
    Colonne("Rang", 12, "R"), Colonne("Nom", 39), Colonne("Prénom", 33), Colonne("Statut", 18.5),
    Colonne("Ancienneté", 22.5, "C"), Colonne("Promotion", 21, "C"), Colonne("Concours", 19, "C"),
    Colonne("Rang calculé", 25, "R"),
)  # fmt: skip
EMARGEMENT_COLUMNS = (
    Colonne("Rang", 14, "R"), Colonne("Nom", 42), Colonne("Prénom", 34),
    Colonne("Poste choisi", 44), Colonne("Signature", 56),
)  # fmt: skip
PAR_RANG_COLUMNS = (
    Colonne("Rang", 14, "R"), Colonne("Nom", 40), Colonne("Prénom", 32), Colonne("Poste", 24),
    Colonne("Terrain", 46), Colonne("Mention", 34),
)  # fmt: skip
PAR_POSTE_COLUMNS = (
    Colonne("Poste", 22), Colonne("Terrain", 40), Colonne("Occupées", 19.5, "C"),
    Colonne("Rang", 12, "R"), Colonne("Nom", 33), Colonne("Prénom", 28), Colonne("Mention", 35.5),
)  # fmt: skip
SIGNATURE_ROW_MM = 13.0


async def _details(tx: Transaction, liste: Liste, count: int, edition: datetime) -> str:
    semestre, circonscription = await listes.semestre(tx)
    definition = liste.definition
    parts = [f"Subdivision : {circonscription}", definition.formation.label.capitalize()]
    if definition.discipline:
        parts.append(definition.discipline)
    if definition.phase:
        parts.append(f"phase {definition.phase.value}")
    parts += [semestre.label.capitalize(), f"{count} interne(s)", f"édition du {paris(edition)}"]
    return " · ".join(parts)


async def _final_order(tx: Transaction, liste: Liste, config: Config, what: str):
    """The stored order, refused while it is not a complete order of distinct ranks."""
    if liste.etat is Etat.IMPORT:
        raise Refused(
            f"liste « {liste.nom} » : {what} impossible, pas encore de classement ; lancer le "
            "pré-classement",
            Suite(Etape.PRECLASSEMENT, liste.nom),
        )
    vue = await classement.vue(tx, liste)
    untreated = [g for g in vue.ordre.groupes if not g.traite]
    if untreated:
        ranks = ", ".join(str(g.rang) for g in untreated)
        raise Refused(
            f"liste « {liste.nom} » : {what} impossible, {len(untreated)} groupe(s) d'ex-aequo "
            f"non départagé(s) (rang(s) {ranks}) : les départager d'abord",
            Suite(Etape.EXAEQUO, liste.nom),
        )
    if vue.non_classes:
        raise Refused(
            f"liste « {liste.nom} » : {what} impossible, {len(vue.non_classes)} interne(s) non "
            f"classé(s) depuis le pré-classement ({', '.join(map(key_label, vue.non_classes))}) "
            ": relancer le pré-classement",
            Suite(Etape.PRECLASSEMENT, liste.nom),
        )
    if liste.perimee is not None:
        return vue, f"PÉRIMÉ — {liste.perimee.phrase()} ; relancer le pré-classement"
    warning = None if liste.final_valide else "PROVISOIRE — classement final non encore validé"
    return vue, warning


async def liste_appel(
    tx: Transaction, liste: Liste, config: Config, edition: datetime
) -> tuple[Document, int]:
    vue, warning = await _final_order(tx, liste, config, "liste d'appel")
    methode = config.classement.methode
    rows = [
        (
            str(rang), nfc(ligne.interne.nom), nfc(ligne.interne.prenom), statut_label(ligne),
            f"{ligne.interne.semestres_valides} sem.", str(ligne.interne.promotion),
            ligne.interne.concours.value, rang_calcule_text(ligne, methode),
        )
        for rang, ligne in vue.lignes
    ]  # fmt: skip
    document = Document(
        f"Liste d'appel — {liste.nom}",
        await _details(tx, liste, len(rows), edition),
        edition,
        (Tableau(None, APPEL_COLUMNS, rows),),
        warning,
    )
    return document, len(rows)


async def emargement(
    tx: Transaction, liste: Liste, config: Config, edition: datetime
) -> tuple[Document, int]:
    vue, warning = await _final_order(tx, liste, config, "liste d'émargement")
    fleches = await voeux.fleches(tx, liste)
    rows = []
    for rang, ligne in vue.lignes:
        if ligne.sortant:
            choice = "sortant : choisit ailleurs"
        elif ligne.interne.id in fleches:
            choice = f"stage fléché : {fleches[ligne.interne.id]}"
        else:
            choice = ""
        rows.append((str(rang), nfc(ligne.interne.nom), nfc(ligne.interne.prenom), choice, ""))
    document = Document(
        f"Liste d'émargement — {liste.nom}",
        await _details(tx, liste, len(rows), edition),
        edition,
        (Tableau(None, EMARGEMENT_COLUMNS, rows, hauteur=SIGNATURE_ROW_MM, grille=True),),
        warning,
    )
    return document, len(rows)


async def resultats(
    tx: Transaction, liste: Liste, config: Config, edition: datetime
) -> tuple[Document, int]:
    found = await appel.resultats(tx, liste)
    par_rang = [
        (str(r.rang), nfc(r.nom), nfc(r.prenom), r.poste, nfc(r.terrain), r.mention)
        for r in found.lignes
    ]
    rows, groups = _par_poste(found)
    document = Document(
        f"Résultats du choix — {liste.nom}",
        await _details(tx, liste, len(par_rang), edition),
        edition,
        (
            Tableau("Par rang d'appel", PAR_RANG_COLUMNS, par_rang),
            Tableau("Par poste", PAR_POSTE_COLUMNS, rows, groupes=groups, repeter=3),
        ),
        None if found.appel.clos else _in_progress(found.appel),
        tete_lisible(await journal.tete(tx)),
    )
    return document, len(par_rang)


def _in_progress(current: Appel) -> str:
    remaining = sum(1 for _ in current.a_venir())
    if remaining:
        return f"PROVISOIRE — appel en cours, {remaining} interne(s) encore à appeler"
    if current.absents:
        return f"PROVISOIRE — choix non clos : {len(current.absents)} absent(s) à affecter d'office"
    return "PROVISOIRE — choix non clos"


def _par_poste(found: appel.Resultats) -> tuple[list[tuple[str, ...]], list[int]]:
    """Each poste with who took it (by rank) and its places left; a poste's rows share a shade."""
    current = found.appel
    takers: dict[str, list[appel.Resultat]] = {}
    for ligne in found.lignes:  # rank order
        if ligne.prise is not None:
            takers.setdefault(ligne.poste, []).append(ligne)
    left = current.ouverts()
    rows, groups = [], []
    for number, poste in enumerate(sorted(current.capacites)):
        places = f"{current.capacites[poste] - left.get(poste, 0)} / {current.capacites[poste]}"
        lines = [(str(r.rang), nfc(r.nom), nfc(r.prenom), r.mention) for r in takers.get(poste, ())]
        if left.get(poste):
            lines.append(("", f"{left[poste]} place(s) libre(s)", "", ""))
        for index, line in enumerate(lines):
            head = (poste, nfc(found.terrains.get(poste)), places) if index == 0 else ("", "", "")
            rows.append((*head, *line))
            groups.append(number)
    return rows, groups


BUILDERS = {"appel": liste_appel, "emargement": emargement, "resultats": resultats}


async def document(ctx: Contexte, edition: str, nom: str) -> tuple[Liste, Document, int]:
    """An edition of the list as of now: the list, the document and its number of rows."""
    async with ctx.db.read() as tx:
        liste = await listes.get(tx, nom)
        built, count = await BUILDERS[edition](tx, liste, ctx.config, now())
    return liste, built, count


def default_name(edition: str, liste: str, semestre: str | None = None) -> str:
    """`resultats_MG.pdf`; a past semester's edition carries its code, not to be taken for
    the current one's (`resultats_MG_2026-11.pdf`)."""
    safe = "".join(c if c.isalnum() else "_" for c in nfc(liste)).strip("_")
    return f"{edition}_{safe}_{semestre}.pdf" if semestre else f"{edition}_{safe}.pdf"
