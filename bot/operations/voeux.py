"""Before choice day, for both faces: procurations, pré-choix wishes and their simulation, and
the stages particuliers of a list."""

import uuid
from dataclasses import dataclass

from bot.operations.base import Contexte
from ranking.appel import Candidat, Surnombre
from ranking.classement import RowKey
from ranking.cycle import Etat
from ranking.errors import DejaFait, Perime, Refused
from ranking.ordre import key_label
from ranking.simulation import Simulation, simuler
from ranking.telephone import normaliser
from ranking.text import naturel
from storage import alertes, appel, comptes, internes, journal, listes, maquette, voeux
from storage.listes import Liste
from storage.voeux import Procuration

MINIMUM_PROCURATION = voeux.MINIMUM_PROCURATION


async def deposer_procuration(
    ctx: Contexte, interne_id: str, telephone: str, postes: list[str], mandataire: str | None
) -> Procuration:
    """His procuration recorded; when a mandataire made it, the interne is told what it now
    says (an alert: sent once, at Telegram's pace, if his Telegram is bound)."""
    numero = normaliser(telephone, "téléphone")
    async with ctx.db.write() as tx:
        postes = await voeux.postes_canoniques(tx, postes)
        await _maquette(tx, ctx, interne_id, postes)
        recorded = await voeux.deposer_procuration(
            tx, interne_id, numero, postes, mandataire, ctx.auteur
        )
        if mandataire is not None:
            await _prevenir(tx, interne_id, {"sorte": "mandataire", "par": mandataire,
                                             "voeux": list(recorded.voeux),
                                             "telephone": recorded.telephone})  # fmt: skip
        return recorded


async def procuration_modifiable(ctx: Contexte, interne_id: str) -> None:
    """Refused as « Confirmer » would be when his procuration can no longer change (his turn
    came, he holds a place, his list is closed): said before a saisie, not after it."""
    async with ctx.db.read() as tx:
        await voeux.check_procuration_modifiable(tx, interne_id)


async def retirer_procuration(
    ctx: Contexte, interne_id: str, mandataire: str | None = None
) -> None:
    """His procuration withdrawn; by his `mandataire`, the interne is told."""
    async with ctx.db.write() as tx:
        await voeux.retirer_procuration(tx, interne_id, ctx.auteur)
        if mandataire is not None:
            await _prevenir(tx, interne_id, {"sorte": "mandataire", "par": mandataire})


async def _prevenir(tx, interne_id: str, data: dict) -> None:
    telegram_id = await comptes.telegram_de(tx, interne_id)
    if telegram_id is not None:
        await alertes.prevoir(tx, [(f"mandataire:{uuid.uuid4().hex}", telegram_id,
                                    {"liste": "", **data})])  # fmt: skip


async def procuration(ctx: Contexte, interne_id: str) -> Procuration | None:
    async with ctx.db.read() as tx:
        return await voeux.procuration(tx, interne_id)


async def prechoix(ctx: Contexte, interne_id: str) -> list[str]:
    """His pré-choix wishes as recorded, in his order."""
    async with ctx.db.read() as tx:
        return await voeux.prechoix(tx, interne_id)


async def _maquette(tx, ctx: Contexte, interne_id: str, postes: list[str]) -> None:
    """Voeux his maquette forbids are refused when given, each named with its rule. The rule
    of a missing required type depends on what is left on the day: it applies then."""
    said = []
    for liste in await voeux.listes_appelees(tx, interne_id):
        regles = await maquette.eligibilite(tx, liste, ctx.config.maquettes, {interne_id})
        if regles is None:
            continue
        said += [
            f"vœu {poste} : {why}" for poste in postes
            if poste in regles.offres and (why := regles.refus(interne_id, poste))
        ]  # fmt: skip
    if said:
        raise Refused("; ".join(said))


async def enregistrer_prechoix(ctx: Contexte, interne_id: str, postes: list[str]) -> list[str]:
    """His wishes recorded, each poste as stored (typed in any case): what is returned."""
    async with ctx.db.write() as tx:
        postes = await voeux.postes_canoniques(tx, postes)
        await _maquette(tx, ctx, interne_id, postes)
        await voeux.enregistrer_prechoix(tx, interne_id, postes, ctx.auteur)
    return postes


@dataclass(frozen=True, slots=True)
class Simule:
    """The pré-choix simulated on a list: each candidate, his recorded wishes, what he would
    get, and the names to show."""

    liste: Liste
    candidats: tuple[Candidat, ...]
    voeux: dict[str, list[str]]
    resultats: dict[RowKey, Simulation]
    noms: dict[str, str]

    def pour(self, key: RowKey) -> Simulation:
        if key not in self.resultats:
            raise Refused(f"{key_label(key)} n'est pas simulé sur « {self.liste.nom} » (sortant ?)")
        return self.resultats[key]


async def simulation(ctx: Contexte, nom: str) -> Simule:
    """What each interne of the list would get with the wishes recorded today (the real call
    is not touched). Once the list's call has started (règles §4), from the call as it stands:
    places taken are gone, internes already placed (here or on an earlier list) are not
    simulated, those still to choose are, in call order."""
    async with ctx.db.read() as tx:
        liste = await listes.get(tx, nom)
        candidats = await appel.candidats(tx, liste)
        if not candidats:
            raise Refused(f"liste « {liste.nom} » : pas encore classée")
        recorded = await appel.voeux(tx, liste, "prechoix_voeu")
        capacites = await appel.capacites(tx, liste)
        noms = await internes.noms_de_liste(tx, liste.id)
        ordre, places = None, {}
        if liste.etat in (Etat.CHOIX_OUVERT, Etat.CHOIX_CLOS):
            current = await appel.charger(tx, liste)
            candidats = list(current.candidats)
            capacites = {poste: current.libres(poste) for poste in current.capacites}
            places = await appel.places_prises(tx)
            absents = [c.key for c in current.candidats if c.key in current.absents]
            ordre = [k for k in [*current.a_venir(), *absents] if k[0] not in places]
        regles = await maquette.eligibilite(tx, liste, ctx.config.maquettes)
    wishes = {c.key: recorded.get(c.interne, []) for c in candidats}
    result = simuler(candidats, capacites, wishes, ordre, regles)
    for c in candidats:
        if c.interne in places:
            poste, ailleurs = places[c.interne]
            result[c.key] = Simulation(c.key, poste, None, (), deja=ailleurs)
    return Simule(liste, tuple(candidats), recorded, result, noms)


def phrase_simulation(simulation: Simulation, wishes: list[str]) -> str:
    """The simulation's answer for one interne, in French: his voeu by its number in his
    list as he gave it, and the voeux the maquette set aside, each with its rule."""
    if simulation.deja is not None:
        return f"Vous avez déjà le poste {simulation.obtenu} (liste « {simulation.deja} »)."
    if not wishes:
        return "Aucun vœu de pré-choix enregistré pour cet interne."
    if simulation.obtenu is None:
        said = "Avec les vœux enregistrés à ce jour, aucun de vos vœux ne serait " + (
            "à la fois libre et permis par votre maquette à votre tour."
            if simulation.ecartes
            else "libre à votre tour."
        )
    else:
        said = (
            f"Avec les vœux enregistrés à ce jour, vous obtiendriez votre "
            f"{_ordinal(simulation.numero)} vœu ({simulation.obtenu})."
        )
        if simulation.pris_avant:
            said += f" Pris avant votre tour : {', '.join(simulation.pris_avant)}."
    if simulation.ecartes:
        said += f" {phrase_ecartes(simulation, wishes)}"
    return said


def phrase_ecartes(simulation: Simulation, wishes: list[str], possessif: str = "votre") -> str:
    """The voeux the maquette set aside at his turn, each by its number and its rule (told
    to him: « votre », or about him: « son »)."""
    each = [
        f"{possessif} {_ordinal(wishes.index(poste) + 1)} vœu ({poste}) — {why}"
        if poste in wishes
        else f"{poste} — {why}"
        for poste, why in simulation.ecartes
    ]
    label = "Écarté par la maquette" if len(each) == 1 else "Écartés par la maquette"
    return f"{label} : {' ; '.join(each)}."


def _ordinal(numero: int | None) -> str:
    return "1er" if numero == 1 else f"{numero}e"


async def _seule_liste(tx, interne_id: str) -> Liste:
    found = await voeux.listes_appelees(tx, interne_id)
    if not found:
        raise Refused(f"{interne_id} n'est sur aucune liste d'appel")
    if len(found) > 1:
        names = ", ".join(f"« {liste.nom} »" for liste in found)
        raise Refused(
            f"{interne_id} est sur plusieurs listes ({names}) : préciser la liste "
            "(amphi particulier --liste)"
        )
    return found[0]


async def particulier(
    ctx: Contexte,
    nom: str | None,
    interne_id: str,
    surnombre: Surnombre | None,
    fleche: str | None,
) -> tuple[Liste, str]:
    """A stage particulier on the list `nom`, or (None) on the interne's only list."""
    async with ctx.db.write() as tx:
        liste = await listes.get(tx, nom) if nom else await _seule_liste(tx, interne_id)
        what = await voeux.definir_particulier(tx, liste, interne_id, surnombre, fleche, ctx.auteur)
        return liste, what


async def particuliers(ctx: Contexte, interne_id: str) -> list[tuple[voeux.Particulier, int]]:
    """His stage particulier on each of his lists, with each list's version (a button set
    there carries it)."""
    async with ctx.db.read() as tx:
        return [(found, await journal.derniere(tx, found.liste.id))
                for found in await voeux.particuliers(tx, interne_id)]  # fmt: skip


async def particulier_par_position(
    ctx: Contexte,
    liste_id: int,
    version: int,
    position: int,
    surnombre: Surnombre | None,
    poste: int | None,
) -> tuple[str, str]:
    """A stage particulier set from a phone: the interne named by his position in the order,
    the poste by its index in the list's natural order, both read in the act's transaction,
    which refuses a screen older than the list (`version`). His id and what was recorded."""
    async with ctx.db.write() as tx:
        liste = await listes.by_id(tx, liste_id)
        try:
            await journal.verifier_version(tx, liste_id, version, ctx.auteur)
        except Perime:  # pressed twice: what he asked is what is recorded
            interne_id = await voeux.interne_a_la_position(tx, liste, position)
            now = next(
                p for p in await voeux.particuliers(tx, interne_id) if p.liste.id == liste_id
            )
            postes = sorted(await appel.capacites(tx, liste), key=naturel)
            wanted = postes[poste] if poste is not None and 0 <= poste < len(postes) else None
            if (now.surnombre, now.fleche) == (surnombre, wanted):
                raise DejaFait(f"déjà fait : {now.label}") from None
            raise
        interne_id = await voeux.interne_a_la_position(tx, liste, position)
        fleche = None
        if poste is not None:
            postes = sorted(await appel.capacites(tx, liste), key=naturel)
            if not 0 <= poste < len(postes):
                raise Refused("ce poste n'est plus offert : la liste a changé")
            fleche = postes[poste]
        what = await voeux.definir_particulier(tx, liste, interne_id, surnombre, fleche, ctx.auteur)
        return interne_id, what


async def interne_a_la_position(ctx: Contexte, liste_id: int, position: int) -> str:
    async with ctx.db.read() as tx:
        return await voeux.interne_a_la_position(tx, await listes.by_id(tx, liste_id), position)


async def postes_de_liste(ctx: Contexte, liste_id: int) -> list[tuple[str, str, str | None]]:
    """(id, terrain, type) of the list's postes in natural order: what a fléché is picked from."""
    async with ctx.db.read() as tx:
        liste = await listes.by_id(tx, liste_id)
        kinds = await appel.libelles(tx, liste)
    return [(poste, *kinds[poste]) for poste in sorted(kinds, key=naturel)]


async def feuille_procurations(ctx: Contexte, liste_id: int) -> tuple[Liste, list]:
    """The list's procurations with their phones, in call order: for gestionnaires only."""
    async with ctx.db.read() as tx:
        liste = await listes.by_id(tx, liste_id)
        return liste, await voeux.procurations_de_liste(tx, liste)
