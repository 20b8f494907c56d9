"""What an interne reads of his own semester: his rang d'appel in each list that calls him, why,
the call list (names and ranks, never a phone number), the open postes. Only his own data:
the caller passes the interne bound to the account, never one named by the user."""

import math
from dataclasses import dataclass, replace
from datetime import datetime

from bot.operations import classement as classement_operations
from bot.operations.base import Contexte
from ranking.cycle import Etat
from ranking.errors import Refused
from ranking.horloge import cadence, estimations, now, rythme
from ranking.maquette_bilan import bilan
from ranking.text import naturel
from storage import appel, classement, listes, maquette, validation, voeux
from storage.listes import Liste

PAGE = 25


@dataclass(frozen=True, slots=True)
class RangListe:
    liste: str
    etat: str
    rang: int | None
    total: int
    valide: bool
    perime: bool
    avant: int | None = None
    """Internes still to be called before him, once the call has started."""
    heure: datetime | None = None
    poste: str | None = None


@dataclass(frozen=True, slots=True)
class PageListe:
    liste: str
    page: int
    pages: int
    lignes: tuple[tuple[int, str, bool], ...]
    """(rang, « Nom Prénom », his own line)."""


async def _his_lists(tx, interne_id: str) -> list[Liste]:
    lists = await voeux.listes_appelees(tx, interne_id)
    if not lists:  # the semester's, by name: a new semester is not ranked for a while
        semestre, _ = await listes.semestre(tx)
        raise Refused(
            f"{semestre.label.capitalize()} : pas encore classé — le classement n'est pas publié"
        )
    return lists


async def rangs(ctx: Contexte, interne_id: str) -> list[RangListe]:
    async with ctx.db.read() as tx:
        found = []
        for liste in await _his_lists(tx, interne_id):
            found.append(await _rang(tx, liste, interne_id, ctx.config.delai_secondes))
        return found


async def _rang(tx, liste: Liste, interne_id: str, delai: int | None) -> RangListe:
    """His position read by index (a bound interne asks often, the list may hold thousands)."""
    position, total = await classement.position(tx, liste, interne_id)
    base = RangListe(
        liste.nom, classement_operations.etat_label(liste), position, total,
        liste.final_valide, liste.perimee is not None,
    )  # fmt: skip
    if liste.etat not in (Etat.CHOIX_OUVERT, Etat.CHOIX_CLOS) or position is None:
        return base
    current = await appel.charger(tx, liste)
    taken = next((p.poste for p in current.prises if p.key[0] == interne_id), None)
    if taken is not None or liste.etat is Etat.CHOIX_CLOS:
        return replace(base, poste=taken)
    coming = [key[0] for key in current.a_venir()]
    if interne_id not in coming:
        return base
    before = coming.index(interne_id)
    pace = rythme(cadence(await appel.durees(tx, liste)), delai)
    at = None
    if pace:
        times = dict(estimations(current, pace, now(), premiers=before + 1))
        at = next((when for key, when in times.items() if key[0] == interne_id), None)
    return replace(base, avant=before, heure=at)


async def pourquoi(ctx: Contexte, interne_id: str) -> list[tuple[str, str]]:
    """The explanation of his rank in each of his lists (as `amphi final --expliquer`)."""
    async with ctx.db.read() as tx:
        lists = await _his_lists(tx, interne_id)
        wanted = []
        for liste in lists:
            ordre = await classement.load(tx, liste)
            wanted += [(liste.nom, key) for key in ordre.keys if key[0] == interne_id]
    return [(nom, await classement_operations.expliquer(ctx, nom, key)) for nom, key in wanted]


async def maquette_de(ctx: Contexte, interne_id: str) -> list[str]:
    """What his maquette still allows him (règles §6), line by line; nothing when no maquette
    is configured (then nothing is checked but the postes' agrément)."""
    if not ctx.config.maquettes:
        return []
    async with ctx.db.read() as tx:
        found = await maquette.profil(tx, interne_id)
        count = await validation.semestres_valides(tx, interne_id)
    if found is None:
        return []
    return bilan(ctx.config.maquette(found.des), found, count)


async def page_liste(
    ctx: Contexte, interne_id: str, liste_id: int | None, page: int | None
) -> PageListe:
    """One page of the call list of one of his lists (his page when `page` is None)."""
    async with ctx.db.read() as tx:
        lists = await _his_lists(tx, interne_id)
        liste = next((li for li in lists if li.id == liste_id), lists[0])
        vue = await classement.vue(tx, liste)
    rows = [(rang, f"{ligne.interne.nom} {ligne.interne.prenom}", ligne.interne.id == interne_id)
            for rang, ligne in vue.lignes]  # fmt: skip
    pages = max(1, math.ceil(len(rows) / PAGE))
    if page is None:
        mine = next((i for i, row in enumerate(rows) if row[2]), 0)
        page = mine // PAGE
    page = min(max(page, 0), pages - 1)
    return PageListe(liste.nom, page, pages, tuple(rows[page * PAGE : (page + 1) * PAGE]))


async def liste_ids(ctx: Contexte, interne_id: str) -> list[tuple[int, str]]:
    async with ctx.db.read() as tx:
        return [(liste.id, liste.nom) for liste in await _his_lists(tx, interne_id)]


@dataclass(frozen=True)
class PosteOffert:
    """A poste as an interne picks it: by its terrain and type, with the places left now."""

    id: str
    terrain: str
    type: str | None
    places: int
    interdit: str | None = None
    """Why his maquette forbids it (None: he may take it)."""


async def postes(ctx: Contexte, interne_id: str) -> list[tuple[str, list[PosteOffert]]]:
    """For each of his lists: its postes in natural order and the places left now."""
    async with ctx.db.read() as tx:
        result = []
        for liste in await _his_lists(tx, interne_id):
            rows = sorted(await appel.postes(tx, liste), key=lambda row: naturel(row[0]))
            kinds = await appel.libelles(tx, liste)
            regles = await maquette.eligibilite(tx, liste, ctx.config.maquettes, {interne_id})
            left = {poste: capacite for poste, _, capacite in rows}
            if liste.etat in (Etat.CHOIX_OUVERT, Etat.CHOIX_CLOS):
                left = (await appel.charger(tx, liste)).ouverts()
            offered = [
                PosteOffert(poste, terrain, kinds.get(poste, ("", None))[1], left.get(poste, 0),
                            regles.refus(interne_id, poste) if regles else None)
                for poste, terrain, _ in rows
            ]  # fmt: skip
            result.append((liste.nom, offered))
        return result
