"""Personal data (RGPD): what the base holds about one interne (his /mesdonnees), and the purge.

The semester over, what identifies or reaches a person beyond his name goes: phones,
e-mails, Telegram ids, procurations with their phones, invitation and mandataire codes, alerts,
files waiting for « Appliquer ». The results and the journal stay (names, ranks, places), the
journal's phones, e-mails and Telegram ids blotted out. The file is then rebuilt (VACUUM), so
nothing deleted can be read in its bytes."""

import re
from dataclasses import dataclass

import phonenumbers

from storage import chaine, journal
from storage.database import Transaction

EFFACES = (
    ("procuration_voeu", "vœux de procuration"),
    ("procuration", "procurations (avec leur téléphone)"),
    ("prechoix_voeu", "vœux de pré-choix"),
    ("invitation", "codes d'invitation"),
    ("mandat", "codes de mandataire"),
    ("mandataire", "mandataires liés"),
    ("compte_telegram", "comptes Telegram liés"),
    ("tentative_code", "essais de code"),
    ("notification", "alertes"),
    ("alerte_reglage", "réglages d'alertes"),
    ("update_traite", "mises à jour Telegram traitées"),
    ("tableau", "messages du tableau"),
    ("import_attente", "fichiers en attente d'« Appliquer »"),
    ("telegram_conversation", "saisies Telegram en cours"),
    ("telegram_donnees", "données de saisie Telegram"),
)
"""Tables emptied, in an order their references allow, and how the report names them."""
_COURRIEL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_TELEGRAM = re.compile(r"(?i)(telegram\W{0,4})\d{5,}")
"""A Telegram id where amphi writes one: « telegram:123… », « compte Telegram 123… »,
« "telegram_id": 123… »."""
_CONNUS = (
    "SELECT telegram_id FROM compte_telegram UNION SELECT telegram_id FROM mandataire "
    "UNION SELECT telegram_id FROM tentative_code UNION SELECT telegram_id FROM notification "
    "UNION SELECT utilise_par FROM mandat WHERE utilise_par IS NOT NULL"
)


@dataclass(frozen=True, slots=True)
class Purge:
    """What goes: rows per table (its label), phones and e-mails of internes, journal entries
    blotted."""

    lignes: tuple[tuple[str, int], ...]
    coordonnees: int
    journal: int


async def compter(tx: Transaction) -> Purge:
    counts = tuple([
        (label, await tx.value(f"SELECT count(*) FROM {table}")) for table, label in EFFACES
    ])  # fmt: skip
    reached = await tx.value(
        "SELECT count(*) FROM interne WHERE telephone IS NOT NULL OR email IS NOT NULL"
    )
    return Purge(counts, reached, len(await _journal_a_effacer(tx, await _ids(tx))))


async def _ids(tx: Transaction) -> re.Pattern | None:
    """The Telegram ids the base knows, as one pattern of whole numbers (None: none)."""
    known = sorted({str(row[0]) for row in await tx.all(_CONNUS)}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(known) + r")\b") if known else None


async def purger(tx: Transaction) -> Purge:
    """Everything `compter` names, gone, in this transaction (VACUUM comes after it)."""
    done = await compter(tx)
    ids = await _ids(tx)  # read before their tables are emptied
    for table, _ in EFFACES:
        await tx.execute(f"DELETE FROM {table}")
    await tx.execute("UPDATE interne SET telephone = NULL, email = NULL")
    await tx.execute("UPDATE choix SET auteur = 'telegram' WHERE auteur LIKE 'telegram:%'")
    changes = await _journal_a_effacer(tx, ids)
    if changes:  # blotted, then chained again from the first entry changed (said in the journal)
        for statement in chaine.LEVER:
            await tx.execute(statement)
        await tx.executemany(
            "UPDATE journal SET auteur = ?, avant = ?, apres = ?, detail = ? WHERE id = ?",
            changes,
        )
        columns = ", ".join(chaine.COLONNES)
        rows = await tx.all(f"SELECT {columns} FROM journal ORDER BY id")
        start = (await journal.debut(tx))[1]  # a semester built from another: its archive's head
        await tx.executemany(
            "UPDATE journal SET empreinte = ? WHERE id = ?", chaine.chainer(map(tuple, rows), start)
        )
        for statement in chaine.JOURNAL_FIGE:
            await tx.execute(statement)
    return done


async def _journal_a_effacer(tx: Transaction, ids: re.Pattern | None) -> list[tuple]:
    rows = await tx.all("SELECT id, auteur, avant, apres, detail FROM journal")
    changes = []
    for row in rows:
        cleaned = tuple(_effacer(value, ids) for value in tuple(row)[1:])
        if cleaned != tuple(row)[1:]:
            changes.append((*cleaned, row[0]))
    return changes


def _effacer(text: str | None, ids: re.Pattern | None) -> str | None:
    """A journal text without phone numbers, e-mail addresses or Telegram ids."""
    if not text:
        return text
    text = _TELEGRAM.sub(r"\1<effacé>", _COURRIEL.sub("<e-mail effacé>", text))
    if ids is not None:
        text = ids.sub("<effacé>", text)
    found = list(phonenumbers.PhoneNumberMatcher(text, "FR"))
    for match in reversed(found):
        text = text[: match.start] + "<téléphone effacé>" + text[match.end :]
    return text


FICHE = (
    "id", "nom", "prenom", "formation", "des", "discipline", "phase", "promotion", "concours",
    "rang_concours", "semestres_valides", "hors_discipline", "telephone", "email", "actif",
)  # fmt: skip


async def donnees(tx: Transaction, interne_id: str, telegram_id: int) -> dict[str, object]:
    """Everything the base holds about one interne (his /mesdonnees), by kind."""
    row = await tx.one(f"SELECT {', '.join(FICHE)} FROM interne WHERE id = ?", (interne_id,))
    fiche = dict(zip(FICHE, tuple(row), strict=True)) if row else {}
    rangs = await tx.all(
        "SELECT l.nom, r.position FROM rang r JOIN liste l ON l.id = r.liste_id "
        "WHERE r.interne_id = ? ORDER BY l.ordre",
        (interne_id,),
    )
    procuration = await tx.one(
        "SELECT telephone, mandataire, deposee_at FROM procuration WHERE interne_id = ?",
        (interne_id,),
    )
    voeux = {
        table: [r[0] for r in await tx.all(
            f"SELECT poste_id FROM {table} WHERE interne_id = ? ORDER BY rang", (interne_id,)
        )]
        for table in ("procuration_voeu", "prechoix_voeu")
    }  # fmt: skip
    choix = await tx.all(
        "SELECT l.nom, c.poste_id, c.nature FROM choix c JOIN liste l ON l.id = c.liste_id "
        "WHERE c.interne_id = ? AND c.annule_at IS NULL",
        (interne_id,),
    )
    stages = await tx.all(  # his stages effectués, by semester
        "SELECT semestre, terrain, type, valide FROM stage_effectue WHERE interne_id = ? "
        "ORDER BY semestre",
        (interne_id,),
    )
    return {
        "fiche": fiche,
        "rangs": [tuple(r) for r in rangs],
        "procuration": tuple(procuration) if procuration else None,
        "voeux_procuration": voeux["procuration_voeu"],
        "voeux_prechoix": voeux["prechoix_voeu"],
        "stages": [tuple(r) for r in stages],
        "choix": [tuple(r) for r in choix],
        "compte": await tx.value(
            "SELECT lie_at FROM compte_telegram WHERE telegram_id = ?", (telegram_id,)
        ),
        "mandataires": await tx.value(
            "SELECT count(*) FROM mandataire WHERE interne_id = ?", (interne_id,)
        ),
        "alertes": await tx.value(
            "SELECT distances FROM alerte_reglage WHERE interne_id = ?", (interne_id,)
        ),
        "journal": await tx.value(
            "SELECT count(*) FROM journal_interne WHERE interne_id = ?", (interne_id,)
        ),
    }
