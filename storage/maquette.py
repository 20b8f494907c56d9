"""What a list's call needs to apply the maquettes (règles §6), read from the base: each called
interne's DES, phase and stages done, each poste's type, établissement and agrément."""

from collections.abc import Iterable, Mapping
from functools import lru_cache

from ranking.maquette import Eligibilite, Maquette, Offre, Profil, Stage
from ranking.text import fold
from storage.database import Transaction
from storage.listes import Liste


async def eligibilite(
    tx: Transaction,
    liste: Liste,
    maquettes: Mapping[str, Maquette],
    seuls: Iterable[str] | None = None,
) -> Eligibilite | None:
    """None when nothing is to be checked: no maquette configured, no agrément on the list
    (then one indexed probe is all a choice pays). `seuls`: the internes whose profile is
    wanted (an act, a picker: one interne, not the whole list); None: every one."""
    if not maquettes and not await tx.value(
        "SELECT 1 FROM poste WHERE liste_id = ? AND agrement IS NOT NULL LIMIT 1", (liste.id,)
    ):
        return None
    offres, memo = await _offres(tx, liste)
    return Eligibilite(dict(maquettes), await _profils(tx, liste, seuls), offres, memo)


async def _offres(tx: Transaction, liste: Liste) -> tuple[dict[str, Offre], dict]:
    """The list's postes as the rules see them, and what was decided of them so far: kept
    between acts while no poste changed (`postes_jeton`), read again once one did."""
    jeton = await tx.value("SELECT jeton FROM postes_jeton")
    held = tx.memo.get(("offres", liste.id))
    if held is not None and held[0] == jeton:
        return held[1], held[2]
    rows = await tx.all(
        "SELECT id, terrain, type, etablissement, agrement FROM poste WHERE liste_id = ?",
        (liste.id,),
    )
    offres = {row[0]: Offre(row[0], row[1], row[2], row[3], _agrement(row[4])) for row in rows}
    tx.memo[("offres", liste.id)] = (jeton, offres, {})
    return offres, tx.memo[("offres", liste.id)][2]


async def completer(
    tx: Transaction, liste: Liste, regles: Eligibilite, seuls: Iterable[str]
) -> Eligibilite:
    """`regles` with the profiles of `seuls` it lacks (the postes already read)."""
    missing = {interne for interne in seuls if interne not in regles.profils}
    if not missing:
        return regles
    more = await _profils(tx, liste, missing)
    profils = {**regles.profils, **more}
    return Eligibilite(regles.maquettes, profils, regles.offres, regles.memo)


async def _profils(tx: Transaction, liste: Liste, seuls: Iterable[str] | None) -> dict[str, Profil]:
    only, wanted = "", [liste.id]
    if seuls is not None:
        wanted += sorted(set(seuls))
        only = f" AND r.interne_id IN ({', '.join('?' * (len(wanted) - 1)) or 'NULL'})"
    internes = await tx.all(
        "SELECT DISTINCT i.id, i.des, i.phase FROM rang r JOIN interne i ON i.id = r.interne_id "
        f"WHERE r.liste_id = ?{only}",
        wanted,
    )
    stages: dict[str, list[Stage]] = {}
    for row in await tx.all(
        "SELECT DISTINCT s.interne_id, s.semestre, s.terrain, s.etablissement, s.type, s.phase, "
        "s.valide FROM stage_effectue s JOIN rang r ON r.interne_id = s.interne_id "
        f"AND r.liste_id = ?{only} ORDER BY s.semestre",
        wanted,
    ):
        stages.setdefault(row[0], []).append(Stage(*tuple(row)[1:6], bool(row[6])))
    return {row[0]: Profil(row[1], row[2], tuple(stages.get(row[0], ()))) for row in internes}


@lru_cache(maxsize=1024)
def _agrement(raw: str | None) -> frozenset[str]:
    """« Médecine générale:socle ; Pédiatrie » as the rules compare it."""
    if not raw:
        return frozenset()
    return frozenset(
        f"{fold(des)}:{fold(phase)}" if phase else fold(des)
        for des, _, phase in (entry.strip().partition(":") for entry in raw.split(";"))
    )


async def profil(tx: Transaction, interne_id: str) -> Profil | None:
    """One interne's DES, phase and stages done (None: no such interne)."""
    row = await tx.one("SELECT des, phase FROM interne WHERE id = ?", (interne_id,))
    if row is None:
        return None
    stages = await tx.all(
        "SELECT semestre, terrain, etablissement, type, phase, valide FROM stage_effectue "
        "WHERE interne_id = ? ORDER BY semestre",
        (interne_id,),
    )
    return Profil(row[0], row[1], tuple(Stage(*tuple(s)[:5], bool(s[5])) for s in stages))
