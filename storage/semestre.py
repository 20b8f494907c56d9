"""The database's semester and lists brought in line with the configuration.

Commands that write apply the configuration first (`sync`); commands that only read never
write, and are told what would change (`pending`).
"""

from ranking import listes as regles
from ranking.config import Config
from ranking.cycle import RANKING_OPEN
from ranking.horloge import now, timestamp
from storage import journal, listes
from storage.database import Transaction
from storage.internes import stored_internes


async def check(tx: Transaction, config: Config) -> str | None:
    """The configuration declares this database's semester (or one it was built from: the
    file may lag behind a change of semester); the base's code, None if it has none yet."""
    regles.check_semestre_declare(config)
    stored = await tx.one("SELECT code, circonscription FROM semestre")
    if stored is None:
        return None
    passes = [row[0] for row in await tx.all("SELECT code FROM semestre_passe")]
    regles.check_meme_semestre(stored["code"], stored["circonscription"], config, passes)
    return stored["code"]


def _en_retard(code: str, config: Config) -> list[str]:
    """The configuration names a semester this base was built from: said, not refused."""
    if config.semestre is None or config.semestre.code == code:
        return []
    return [
        f"la base est au semestre {code} ; [semestre] code annonce {config.semestre.code} : "
        "à mettre à jour dans la configuration"
    ]


async def sync(tx: Transaction, config: Config, auteur: str) -> list[str]:
    """Apply the configuration: the semester, new, renamed or redefined lists, and the stored
    orders its changes make stale. Returns what changed, in French (creations aside)."""
    code = await check(tx, config)
    if code is None:
        await tx.insert(
            "INSERT INTO semestre (code, circonscription, cree_at) VALUES (?, ?, ?)",
            (config.semestre.code, config.circonscription, timestamp(now())),
        )
    steps, _ = listes.plan(await listes.all_listes(tx), config.listes)
    said = _en_retard(code, config) if code else []
    for step in steps:
        liste_id = await listes.apply(tx, step)
        new = listes.as_dict(step.definition)
        if step.liste is None:
            await journal.append(
                tx, auteur, "liste.creation", step.phrase(), liste_id=liste_id, apres=new
            )
            continue
        await journal.append(
            tx, auteur, "liste.modification", step.phrase(), liste_id=liste_id,
            avant=listes.as_dict(step.liste.definition), apres=new,
        )  # fmt: skip
        said.append(step.phrase())
    said += await _check_orders(tx, config, auteur)
    return said


async def _check_orders(tx: Transaction, config: Config, auteur: str) -> list[str]:
    """Orders computed with another perimeter or ranking configuration are computed again;
    those that differ go stale. Orders under choice are fixed: the configuration no longer
    touches them."""
    changed = [
        liste
        for liste in await listes.all_listes(tx)
        if liste.classee
        and liste.etat in RANKING_OPEN
        and liste.empreinte != listes.empreinte(config.classement, liste.definition)
    ]
    if not changed:
        return []
    from storage import classement  # an order to check again: a choice starts without

    internes = (await stored_internes(tx)).values()
    found = await classement.ecarts(tx, changed, internes, config.classement)
    marked = await classement.perimer(tx, found, "configuration modifiée", auteur, now())
    for liste in changed:
        await tx.execute(
            "UPDATE liste SET empreinte_classement = ? WHERE id = ?",
            (listes.empreinte(config.classement, liste.definition), liste.id),
        )
    return [
        f"liste « {liste.nom} » : ordre périmé par la configuration, relancer le pré-classement"
        for liste in marked
    ]


async def pending(tx: Transaction, config: Config) -> list[str]:
    """What `sync` would change, for a command that only reads."""
    code = await check(tx, config)
    if code is None:
        return ["la base n'a pas encore de semestre : un import le créera"]
    steps, absent = listes.plan(await listes.all_listes(tx), config.listes)
    said = [step.phrase() for step in steps]
    said += [f"liste « {liste.nom} » : absente de la configuration" for liste in absent]
    return said
