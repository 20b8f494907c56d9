"""The append-only journal: who did what, when, with the state before and after."""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from ranking import journal as regles
from ranking.horloge import now, timestamp
from ranking.ordre import JournalEntry, key_from_label
from ranking.text import fold
from storage import chaine, schema
from storage.database import Transaction

ACTIONS = {
    "liste.creation": "liste déclarée",
    "liste.modification": "liste modifiée",
    "import.internes": "import des internes",
    "import.postes": "import des postes",
    "import.validations": "import des validations de stages",
    "interne.modification": "interne modifié",
    "interne.desactivation": "interne désactivé",
    "poste.modification": "poste modifié",
    "poste.retrait": "poste retiré",
    "poste.ajout": "poste ajouté pendant l'appel",
    "preclassement": "pré-classement",
    "classement.perime": "ordre périmé",
    "exaequo.ordonner": "groupe d'ex-aequo ordonné",
    "exaequo.valider": "levée des ex-aequo validée",
    "final.echanger": "classement final : échange",
    "final.placer": "classement final : interne placé",
    "final.valider": "classement final validé",
    "classement.rouvrir": "classement rouvert",
    "stage_particulier": "stage particulier",
    "stage.validation": "validation d'un stage",
    "procuration": "procuration",
    "procuration.retrait": "procuration retirée",
    "prechoix": "vœux de pré-choix",
    "appel.ouvrir": "choix ouvert",
    "appel.choisir": "choix",
    "appel.absent": "absent",
    "appel.procuration": "procuration appliquée",
    "appel.injoignable": "injoignable",
    "appel.arrivee": "arrivée d'un absent",
    "appel.differer": "report",
    "appel.office": "affectation d'office",
    "appel.delai": "délai écoulé",
    "appel.annuler": "choix annulé",
    "appel.clore": "choix clos",
    "appel.reoffrir": "places réoffertes",
    "appel.reprise": "délai repris après un arrêt d'amphi",
    "invitation.creation": "invitation créée",
    "compte.liaison": "compte Telegram lié",
    "compte.deliaison": "compte Telegram délié",
    "compte.verrou": "essais de code bloqués",
    "mandat.creation": "lien de mandataire créé",
    "mandat.revocation": "mandataire révoqué",
    "message.liste": "message aux internes",
    "sauvegarde.restauree": "base restaurée",
    "rgpd.purge": "données personnelles effacées",
    "semestre.suivant": "semestre suivant construit",
    "semestre.nouveau": "nouveau semestre",
}


def action_label(action: str) -> str:
    """The journal's action in French words, as people read it."""
    return ACTIONS.get(action, action)


@dataclass(frozen=True, slots=True)
class Ligne:
    id: int
    at: datetime
    auteur: str
    action: str
    liste: str | None
    avant: object
    apres: object
    detail: str

    @property
    def action_label(self) -> str:
        return action_label(self.action)


async def append(
    tx: Transaction,
    auteur: str,
    action: str,
    detail: str,
    *,
    liste_id: int | None = None,
    avant: object = None,
    apres: object = None,
    at: datetime | None = None,
    internes: Iterable[str] = (),
) -> int:
    """One entry, its id returned; `internes` are the ids it concerns (`amphi journal
    --interne`)."""
    last = await tx.one(  # AUTOINCREMENT's own count (a number is never given twice), and
        "SELECT s.seq, coalesce(j.empreinte, (SELECT journal_depuis_empreinte FROM semestre "
        "WHERE journal_depuis = s.seq AND s.seq > 0)) FROM (SELECT coalesce((SELECT seq "
        "FROM sqlite_sequence WHERE name = 'journal'), 0) AS seq) s "
        "LEFT JOIN journal j ON j.id = s.seq"
    )  # the entry it follows: the last one given (gone if the end was cut behind our back),
    # or the head of the semester this one was built from (its archive holds it, règles §7)
    entry = last[0] + 1
    follows = last[1] or (chaine.COUPURE if last[0] else chaine.DEBUT)
    content = (
        entry,
        timestamp(at or now()),
        auteur,
        action,
        liste_id,
        None if avant is None else json.dumps(avant, ensure_ascii=False),
        None if apres is None else json.dumps(apres, ensure_ascii=False),
        detail,
    )
    fingerprint = chaine.empreinte(follows, content)
    await tx.insert(
        "INSERT INTO journal (id, at, auteur, action, liste_id, avant, apres, detail, empreinte) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*content, fingerprint),
    )
    concerned = sorted(set(internes))
    if concerned:
        await tx.executemany(
            "INSERT INTO journal_interne (journal_id, interne_id) VALUES (?, ?)",
            [(entry, interne) for interne in concerned],
        )
    return entry


async def append_entry(tx: Transaction, entry: JournalEntry, liste_id: int) -> None:
    """An entry produced by a pure ranking operation; it concerns the rows it moved."""
    await append(
        tx,
        entry.auteur,
        entry.action,
        entry.detail,
        liste_id=liste_id,
        avant=list(entry.avant),
        apres=list(entry.apres),
        at=entry.horodatage,
        internes=[key_from_label(label)[0] for label in (*entry.avant, *entry.apres)],
    )


def actions_matching(text: str) -> list[str]:
    """The actions a filter names: a French label or its start (« choix », « import »), or the
    code (`appel.choisir`, `appel`); none if it names nothing."""
    wanted = fold(text)
    return [
        code
        for code, label in ACTIONS.items()
        if fold(label).startswith(wanted) or code == text or code.startswith(f"{text}.")
    ]


async def lignes(
    tx: Transaction,
    liste_id: int | None = None,
    *,
    interne: str | None = None,
    depuis: datetime | None = None,
    actions: list[str] | None = None,
    derniers: int | None = None,
    jusqu_a: int | None = None,
) -> list[Ligne]:
    """Entries in time order, filtered; `derniers` keeps only the last ones (of those up to
    the entry `jusqu_a`, when given)."""
    where, parameters = [], []
    if jusqu_a is not None:
        where.append("j.id <= ?")
        parameters.append(jusqu_a)
    if liste_id is not None:
        where.append("j.liste_id = ?")
        parameters.append(liste_id)
    if interne is not None:
        where.append("j.id IN (SELECT journal_id FROM journal_interne WHERE interne_id = ?)")
        parameters.append(interne)
    if depuis is not None:
        where.append("j.at >= ?")
        parameters.append(timestamp(depuis))
    if actions is not None:
        where.append(f"j.action IN ({', '.join('?' * len(actions))})")
        parameters.extend(actions)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    limit = ""
    if derniers is not None:
        limit = "LIMIT ?"
        parameters.append(derniers)
    rows = await tx.all(
        "SELECT j.id, j.at, j.auteur, j.action, l.nom, j.avant, j.apres, j.detail "
        f"FROM journal j LEFT JOIN liste l ON l.id = j.liste_id {clause} "
        f"ORDER BY j.id DESC {limit}",
        parameters,
    )
    return [_ligne(row) for row in reversed(rows)]


def _ligne(row) -> Ligne:
    """An entry as read; one amphi could not have written (a BLOB, a time or a state that
    does not read) is refused in French, by its number."""
    try:
        if any(isinstance(value, bytes) for value in row):
            raise TypeError
        return Ligne(
            row[0],
            datetime.fromisoformat(row[1]),
            row[2],
            row[3],
            row[4],
            None if row[5] is None else json.loads(row[5]),
            None if row[6] is None else json.loads(row[6]),
            row[7],
        )
    except (TypeError, ValueError):
        regles.entree_illisible(row[0])


async def verifier_chaine(tx: Transaction) -> tuple[int, list[chaine.Rupture]]:
    """The journal's entries counted, and where its chain breaks (nothing: whole): an entry
    changed, removed or added, its end cut off, one of its guards missing."""
    columns = ", ".join(chaine.COLONNES)
    rows = await tx.all(f"SELECT {columns}, empreinte FROM journal ORDER BY id")
    sequence = await tx.value(
        "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'journal'), 0)"
    )
    found = schema.lu(await tx.all(schema.LIRE))
    version = await tx.value("PRAGMA user_version")
    guards = [chaine.Rupture("garde", detail=name) for name in schema.gardes(found, version)]
    return len(rows), guards + chaine.verifier(map(tuple, rows), sequence, await debut(tx))


async def debut(tx: Transaction) -> tuple[int, str]:
    """Where the chain starts: after the head of the semester this base was built from (its
    archive holds the entries up to there), or from the beginning."""
    row = await tx.one(
        "SELECT journal_depuis, journal_depuis_empreinte FROM semestre "
        "WHERE journal_depuis > 0 AND journal_depuis_empreinte IS NOT NULL"
    )
    return (row[0], row[1]) if row else (0, chaine.DEBUT)


async def tete(tx: Transaction) -> tuple[int, str] | None:
    """The chain's head: the last entry's number and fingerprint (printed on the results)."""
    row = await tx.one("SELECT id, empreinte FROM journal ORDER BY id DESC LIMIT 1")
    return (row[0], row[1]) if row else None


async def empreinte_de(tx: Transaction, numero: int) -> str | None:
    """The fingerprint of entry `numero` (None: no such entry)."""
    row = await tx.one("SELECT empreinte FROM journal WHERE id = ?", (numero,))
    return row[0] if row and isinstance(row[0], str) else None


async def derniere_entree(tx: Transaction) -> int:
    """The id of the journal's last entry, whatever it concerns (0 if none)."""
    return await tx.value("SELECT coalesce(max(id), 0) FROM journal")


async def derniere(tx: Transaction, liste_id: int) -> int:
    """The id of the list's last entry (0 if none): every change of a list is journaled, so
    this is the version of everything a screen shows of the list."""
    return await tx.value(
        "SELECT coalesce(max(id), 0) FROM journal WHERE liste_id = ?", (liste_id,)
    )


async def dernier_detail(tx: Transaction, liste_id: int) -> str | None:
    """What the list's last entry says (« 12 prend le poste MG-5 »)."""
    return await tx.value(
        "SELECT detail FROM journal WHERE liste_id = ? ORDER BY id DESC LIMIT 1", (liste_id,)
    )


async def verifier_version(
    tx: Transaction, liste_id: int, vue: int, auteur: str, actions: Iterable[str] = ()
) -> None:
    """Refuse an act pressed on a screen of version `vue` when the list changed since; called
    inside the act's write transaction, so nothing can change between the check and the act.

    What is refused, and how, is `ranking.journal.check_version`'s."""
    current = await derniere(tx, liste_id)
    first = None
    if vue < current:
        first = await tx.one(
            "SELECT auteur, action, detail FROM journal WHERE liste_id = ? AND id > ? "
            "ORDER BY id LIMIT 1",
            (liste_id, vue),
        )
    regles.check_version(vue, current, auteur, actions, None if first is None else tuple(first))
