"""The remote choice: on a list chosen from Telegram (`[appel] a_distance`), the interne whose
turn it is reads the open postes and takes one himself, in one transaction with the check that
it is still his turn."""

from dataclasses import dataclass

from bot.operations.appel.actes import Acte, agir_dans, operation
from bot.operations.appel.lecture import EtatAppel, indexe, lire_etat, ordonnes
from bot.operations.base import Contexte
from ranking import appel as regles
from ranking.cycle import Etat
from ranking.errors import DejaFait, Refused
from storage import appel, listes
from storage.database import Transaction
from storage.listes import Liste


@dataclass(frozen=True, slots=True)
class TourADistance:
    """An interne choosing from his phone: his list, the call as it stands, the postes in
    natural order (a button names one by its index) and the seconds he has left."""

    liste: Liste
    etat: EtatAppel
    postes: list[str]
    voeux: tuple[str, ...] = ()
    """His own wishes (procuration, then pré-choix), first in his picker."""
    interdits: frozenset[str] = frozenset()
    """Open postes his maquette does not allow him: not offered."""

    def ordre(self) -> list[int]:
        """Indexes of the open postes he may take, as his picker shows them: his wishes
        first, in his order, then the others in natural order."""
        ouverts = {p: n for p, n in self.etat.ouverts.items() if p not in self.interdits}
        index = {poste: i for i, poste in enumerate(self.postes)}
        wished = [index[p] for p in dict.fromkeys(self.voeux) if ouverts.get(p, 0) > 0]
        others = [i for i, p in enumerate(self.postes) if ouverts.get(p, 0) > 0]
        return [*wished, *(i for i in others if i not in set(wished))]


async def tour_a_distance(
    ctx: Contexte, interne_id: str, liste_id: int, appel_no: int
) -> TourADistance:
    """The open postes for the interne whose turn it is, on a list chosen from Telegram;
    refused, saying what is true, when it is not (or no longer) his turn."""
    async with ctx.db.read() as tx:
        liste, current = await _son_tour(tx, ctx, interne_id, liste_id, appel_no)
        state = await lire_etat(tx, ctx, liste, current, None)
        prechoix = (await appel.voeux(tx, liste, "prechoix_voeu")).get(interne_id, [])
    called = current.appele()
    mine = (*current.candidat(called).voeux, *prechoix)
    forbidden = state.interdits.get(called, frozenset())
    return TourADistance(liste, state, ordonnes(current), mine, forbidden)


async def choisir_a_distance(
    ctx: Contexte, interne_id: str, liste_id: int, appel_no: int, poste: int
) -> tuple[str, str]:
    """His choice, in one transaction with the check that it is his turn: the poste and its
    terrain. A press repeated after his choice was recorded (a double tap, a retry) is told
    what he holds (`DejaFait`)."""
    async with ctx.db.write() as tx:
        liste, current = await _son_tour(tx, ctx, interne_id, liste_id, appel_no, poste)
        chosen = indexe(ordonnes(current), poste, "ce poste")
        pure = operation(Acte.CHOISIR, current.appele(), chosen, None)
        await agir_dans(tx, ctx, liste, pure, Acte.CHOISIR, current)
        return chosen, (await appel.terrains(tx, [chosen])).get(chosen, "")


async def _son_tour(
    tx: Transaction,
    ctx: Contexte,
    interne_id: str,
    liste_id: int,
    appel_no: int,
    voulu: int | None = None,
):
    """The list and its call when it is the interne's turn; else refused, saying what is true
    (`voulu`: the poste he confirms, when someone else recorded another one for him)."""
    liste = await listes.by_id(tx, liste_id)
    if liste.nom not in ctx.config.a_distance or liste.etat not in (
        Etat.CHOIX_OUVERT,
        Etat.CHOIX_CLOS,
    ):
        raise Refused("cette liste ne se choisit pas à distance")
    current = await appel.charger(tx, liste)
    if all(c.interne != interne_id for c in current.candidats):
        raise Refused("vous n'êtes pas sur cette liste")
    held = current.prise(interne_id)
    if held is not None:
        terrain = (await appel.terrains(tx, [held.poste])).get(held.poste, "")
        postes = ordonnes(current)
        wanted = postes[voulu] if voulu is not None and 0 <= voulu < len(postes) else None
        if wanted is None or wanted == held.poste:
            raise DejaFait(f"votre choix est enregistré : {held.poste} — {terrain}")
        if await appel.auteur_du_choix(tx, liste, interne_id) == ctx.auteur:
            by = f"vous aviez déjà enregistré {held.poste} — {terrain}"
        elif held.nature is regles.Nature.PROCURATION:
            by = f"votre procuration a été appliquée : {held.poste} est pour vous ({terrain})"
        else:
            by = f"le gestionnaire a enregistré {held.poste} pour vous ({terrain})"
        free = "reste libre" if current.libres(wanted) > 0 else "n'est pas pris pour vous"
        raise DejaFait(f"{by} ; {wanted} {free}")
    called = current.appele()
    if called is not None and called[0] == interne_id and not current.clos:
        if current.appels.get(called, 1) != appel_no:
            raise Refused(
                "ce bouton est d'un appel précédent : utilisez celui du dernier message « c'est "
                "votre tour »"
            )
        return liste, current
    if current.clos:
        raise Refused("le choix de cette liste est clos : rien n'est enregistré")
    if any(key[0] == interne_id for key in current.a_venir()):
        raise Refused("ce n'est pas encore votre tour : rien n'est enregistré")
    raise Refused("ce n'est plus votre tour : rien n'est enregistré")
