"""What a list's call needs to apply the maquettes (SPEC §6), read from the base: each called
interne's DES, phase and stages done, each poste's type, établissement and agrément."""

from collections.abc import Mapping

from ranking.maquette import Eligibilite, Maquette, Offre, Profil, Stage
from ranking.text import fold
from storage.database import Transaction
from storage.listes import Liste


async def eligibilite(
    tx: Transaction, liste: Liste, maquettes: Mapping[str, Maquette]
) -> Eligibilite | None:
    """None when nothing is to be checked: no maquette configured, no agrément on the list
    (then one indexed probe is all a choice pays)."""
    if not maquettes and not await tx.value(
        "SELECT 1 FROM poste WHERE liste_id = ? AND agrement IS NOT NULL LIMIT 1", (liste.id,)
    ):
        return None
    rows = await tx.all(
        "SELECT id, terrain, type, etablissement, agrement FROM poste WHERE liste_id = ?",
        (liste.id,),
    )
    offres = {row[0]: Offre(row[0], row[1], row[2], row[3], _agrement(row[4])) for row in rows}
    internes = await tx.all(
        "SELECT DISTINCT i.id, i.des, i.phase FROM rang r JOIN interne i ON i.id = r.interne_id "
        "WHERE r.liste_id = ?",
        (liste.id,),
    )
    stages: dict[str, list[Stage]] = {}
    for row in await tx.all(
        "SELECT s.interne_id, s.semestre, s.terrain, s.etablissement, s.type, s.phase, s.valide "
        "FROM stage_effectue s JOIN rang r ON r.interne_id = s.interne_id AND r.liste_id = ? "
        "ORDER BY s.semestre",
        (liste.id,),
    ):
        stages.setdefault(row[0], []).append(Stage(*tuple(row)[1:6], bool(row[6])))
    profils = {row[0]: Profil(row[1], row[2], tuple(stages.get(row[0], ()))) for row in internes}
    return Eligibilite(dict(maquettes), profils, offres)


def _agrement(raw: str | None) -> frozenset[str]:
    """« Médecine générale:socle ; Pédiatrie » as the rules compare it."""
    if not raw:
        return frozenset()
    return frozenset(
        f"{fold(des)}:{fold(phase)}" if phase else fold(des)
        for des, _, phase in (entry.strip().partition(":") for entry in raw.split(";"))
    )
