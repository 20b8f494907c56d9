"""An interne's stage particulier set from the phone, on his card (/interne ID): surnombre
validant or non validant, fléché on a poste picked by name, or removed, on each list whose
ranking is still open. A button names the interne by his position in the list's order and
carries the list's version: a press on a card the list has moved past is refused and the
card redrawn."""

from telegram import InlineKeyboardMarkup

from bot.operations import comptes, voeux
from bot.operations.comptes import Qui
from bot.telegram.acces import GESTIONNAIRE, bouton
from bot.telegram.clavier import Sorte
from bot.telegram.contexte import ContexteBot
from bot.telegram.ecran import editer
from bot.telegram.stages import partie_carte
from bot.telegram.textes import commun
from bot.telegram.textes import gestion as textes
from ranking import cycle
from ranking.appel import Surnombre
from ranking.errors import DejaFait, Perime

PARTICULIER = Sorte("S", "liste", "version", "position", "op", "arg")
CARTE, VALIDANT, NON_VALIDANT, FLECHES, FLECHE, AUCUN = range(6)
PAR_PAGE = 8


async def carte(ctx, interne_id: str) -> tuple[str, InlineKeyboardMarkup | None]:
    """The interne's card: contact, procuration, his stage particulier on each list, and the
    buttons to change it where his list's ranking is open."""
    found = await comptes.fiche(ctx, interne_id)
    lines, rows = [textes.fiche_interne(found)], []
    for place, version in await voeux.particuliers(ctx, interne_id):
        ouvert = place.liste.etat in cycle.RANKING_OPEN
        lines.append(textes.particulier_ligne(place.liste.nom, place.label, ouvert))
        if not ouvert:
            continue
        at = {"liste": place.liste.id, "version": version, "position": place.position}
        rows.append([
            PARTICULIER.bouton(textes.bouton_surnombre(place.liste.nom), **at, op=VALIDANT),
            PARTICULIER.bouton(textes.BOUTON_NON_VALIDANT, **at, op=NON_VALIDANT),
        ])  # fmt: skip
        second = [PARTICULIER.bouton(textes.bouton_fleche(place.liste.nom), **at, op=FLECHES)]
        if place.surnombre is not None or place.fleche is not None:
            second.append(PARTICULIER.bouton(textes.BOUTON_RETIRER_PARTICULIER, **at, op=AUCUN))
        rows.append(second)
    stages, boutons = await partie_carte(ctx, interne_id)  # his stages effectués (règles §7)
    lines.append(f"\n{stages}")
    rows += boutons
    return "\n".join(lines), InlineKeyboardMarkup(rows) if rows else None


@bouton(PARTICULIER, GESTIONNAIRE)
async def bouton_particulier(query, context: ContexteBot, who: Qui, data) -> str | None:
    ctx = context.ctx
    at = {"liste": data.liste, "version": data.version, "position": data.position}
    if data.op == FLECHES:
        await editer(query, *await _postes(ctx, at, max(data.arg, 0)))
        return None
    surnombre = {VALIDANT: Surnombre.VALIDANT, NON_VALIDANT: Surnombre.NON_VALIDANT}.get(data.op)
    poste = data.arg if data.op == FLECHE else None
    if data.op == CARTE or (surnombre is None and poste is None and data.op != AUCUN):
        interne_id = await voeux.interne_a_la_position(ctx, data.liste, data.position)
        await editer(query, *await carte(ctx, interne_id))
        return None
    try:
        interne_id, said = await voeux.particulier_par_position(
            ctx, data.liste, data.version, data.position, surnombre, poste
        )
    except DejaFait as done:
        return commun.deja_court(done)
    except Perime:
        interne_id = await voeux.interne_a_la_position(ctx, data.liste, data.position)
        await editer(query, *await carte(ctx, interne_id))
        return commun.CLAVIER_PERIME[:200]
    text, markup = await carte(ctx, interne_id)
    await editer(query, f"{commun.acte(said)}\n\n{text}", markup)
    return None


async def _postes(ctx, at: dict, page: int) -> tuple[str, InlineKeyboardMarkup]:
    """The list's postes by name, paged: the fléché is picked here."""
    postes = await voeux.postes_de_liste(ctx, at["liste"])
    pages = max(1, -(-len(postes) // PAR_PAGE))
    page = min(page, pages - 1)
    rows = [
        [PARTICULIER.bouton(textes.poste_fleche(poste, terrain, kind), **at, op=FLECHE, arg=index)]
        for index, (poste, terrain, kind) in enumerate(postes)
        if page * PAR_PAGE <= index < (page + 1) * PAR_PAGE
    ]  # fmt: skip
    navigation = []
    if page > 0:
        navigation.append(
            PARTICULIER.bouton(commun.BOUTON_PRECEDENT, **at, op=FLECHES, arg=page - 1)
        )
    if page + 1 < pages:
        navigation.append(PARTICULIER.bouton(commun.BOUTON_SUIVANT, **at, op=FLECHES, arg=page + 1))
    rows += [navigation] if navigation else []
    rows.append([PARTICULIER.bouton(commun.BOUTON_RETOUR, **at, op=CARTE)])
    return textes.CHOISIR_FLECHE.format(page=page + 1, pages=pages), InlineKeyboardMarkup(rows)
