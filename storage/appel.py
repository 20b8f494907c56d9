"""Choice day over the database: the pure call of `ranking.appel`, loaded and saved per act.

Each act is one transaction: load the call (places from `choix`, the rest from `appel_etat`),
apply the pure operation, write the place taken or given back, the new state and the journal
entry. A refusal raises before anything is written.
"""

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from itertools import pairwise

from ranking import ouverture
from ranking.appel import Appel, Candidat, Nature, Prise, Surnombre, absent, noter_appel
from ranking.classement import RowKey, Statut
from ranking.cycle import Etat
from ranking.horloge import WINDOW, now, timestamp
from ranking.maquette import Eligibilite
from storage import journal, listes
from storage.database import Transaction
from storage.listes import Liste

Act = Callable[[Appel], tuple[Appel, str]]


@dataclass(frozen=True, slots=True)
class Fait:
    """What an act did: the call after it, its sentence, the `choix` row it wrote or gave back,
    and the last intervals between places taken (for the pace), read in the same transaction."""

    appel: Appel
    phrase: str
    choix_id: int | None
    durees: list[float]


@dataclass(frozen=True, slots=True)
class Resultat:
    """One row of a list's results, in rank order: who, and the place he holds if any."""

    rang: int
    key: RowKey
    nom: str
    prenom: str
    prise: Prise | None
    terrain: str
    absent: bool

    @property
    def poste(self) -> str:
        return self.prise.poste if self.prise else ""

    @property
    def mention(self) -> str:
        if self.prise is not None:
            return self.prise.mention
        return "absent" if self.absent else ""


@dataclass(frozen=True, slots=True)
class Resultats:
    appel: Appel
    lignes: tuple[Resultat, ...]
    terrains: dict[str, str]


_STATUTS = {statut.value: statut for statut in Statut}
_SURNOMBRES = {surnombre.value: surnombre for surnombre in Surnombre}
_NATURES = {nature.value: nature for nature in Nature}


def _key(raw: list | None) -> RowKey | None:
    return None if raw is None else (raw[0], _STATUTS[raw[1]])


async def charger(tx: Transaction, liste: Liste) -> Appel:
    """The call as stored; the copy this process last wrote or read while the database still
    holds it (its token changes with every act and, by triggers, with anything a call is
    built from: procurations, stages particuliers, postes, ranks)."""
    token = await tx.value("SELECT jeton FROM appel_etat WHERE liste_id = ?", (liste.id,))
    ouverture.check_appel_ouvert(liste, token is not None)
    held = tx.memo.get(("appel", liste.id))
    if held is not None and held[0] == token:
        return held[1]
    loaded = await _load(tx, liste)
    tx.memo[("appel", liste.id)] = (token, loaded)  # read in the same snapshot as the token
    return loaded


async def capacites(tx: Transaction, liste: Liste) -> dict[str, int]:
    return dict(await tx.all("SELECT id, capacite FROM poste WHERE liste_id = ?", (liste.id,)))


async def voeux(tx: Transaction, liste: Liste, table: str) -> dict[str, list[str]]:
    """Each ranked interne's voeux among the list's postes: `procuration_voeu` or
    `prechoix_voeu`."""
    found: dict[str, list[str]] = {}
    for interne_id, poste_id in await tx.all(
        f"SELECT v.interne_id, v.poste_id FROM {table} v "
        "JOIN rang r ON r.interne_id = v.interne_id AND r.liste_id = ? "
        "JOIN poste p ON p.id = v.poste_id AND p.liste_id = r.liste_id "
        "ORDER BY v.interne_id, v.rang",
        (liste.id,),
    ):
        found.setdefault(interne_id, []).append(poste_id)
    return found


async def candidats(tx: Transaction, liste: Liste) -> list[Candidat]:
    """The final order with what choice day needs: stages particuliers and procurations."""
    procurations = await voeux(tx, liste, "procuration_voeu")
    destinations = dict(
        await tx.all(
            "SELECT r.interne_id, l.nom FROM rang r JOIN rang d ON d.interne_id = r.interne_id "
            "AND d.statut = 'hors_discipline' AND d.liste_id != r.liste_id "
            "JOIN liste l ON l.id = d.liste_id WHERE r.liste_id = ? AND r.sortant",
            (liste.id,),
        )
    )
    return [  # each row unpacked, its words looked up: a list of thousands is read per act
        Candidat(
            (interne, _STATUTS[statut]),
            position,
            bool(sortant),
            _SURNOMBRES[surnombre] if surnombre else None,
            fleche,
            tuple(procurations.get(interne, ())),
            destinations.get(interne) if sortant else None,
        )
        for position, interne, statut, sortant, surnombre, fleche in await tx.all(
            "SELECT r.position, r.interne_id, r.statut, r.sortant, s.surnombre, s.fleche_poste_id "
            "FROM rang r LEFT JOIN stage_particulier s "
            "ON s.liste_id = r.liste_id AND s.interne_id = r.interne_id "
            "WHERE r.liste_id = ? ORDER BY r.position",
            (liste.id,),
        )
    ]


async def _load(tx: Transaction, liste: Liste) -> Appel:
    state = await tx.one("SELECT * FROM appel_etat WHERE liste_id = ?", (liste.id,))
    rows = await tx.all("SELECT id, capacite, ajout FROM poste WHERE liste_id = ?", (liste.id,))
    places = {poste: capacite for poste, capacite, _ in rows}
    added = sorted((ajout, poste) for poste, _, ajout in rows if ajout is not None)
    ordre = await candidats(tx, liste)
    prises = tuple(
        Prise(
            (interne, _STATUTS[statut]),
            poste,
            _NATURES[nature],
            _arrival(arrivee),
            bool(attente),
            _SURNOMBRES[surnombre] if surnombre else None,
            motif,
        )
        for interne, statut, poste, nature, arrivee, attente, surnombre, motif in await tx.all(
            "SELECT interne_id, statut, poste_id, nature, arrivee, etait_en_attente, surnombre, "
            "hors_maquette FROM choix WHERE liste_id = ? AND annule_at IS NULL ORDER BY id",
            (liste.id,),
        )
    )
    return Appel(
        tuple(ordre),
        places,
        prises,
        frozenset(map(_key, json.loads(state["absents"]))),
        tuple((_key(k), _key(a)) for k, a in json.loads(state["arrivees"])),
        {_key(k): rang for k, rang in json.loads(state["differes"])},
        _key(json.loads(state["attente"])) if state["attente"] else None,
        tuple(map(_key, json.loads(state["reprises"]))),
        state["clos_at"] is not None,
        {_key(k): n for k, n in json.loads(state["appels"])},
        tuple(poste for _, poste in added),
    )


def _arrival(raw: str | None) -> tuple[RowKey, RowKey | None] | None:
    if raw is None:
        return None
    key, after = json.loads(raw)
    return _key(key), _key(after)


def _plain(key: RowKey | None) -> list | None:
    return None if key is None else [key[0], key[1].value]


async def ouvrir(tx: Transaction, liste: Liste, auteur: str, malgre: str = "") -> Appel:
    """Choice starts: final order validated and fresh, and its amphi free — no other list of
    it open, every list called before it in it closed (règles §4); fléchés take their places.
    `malgre`: what the gestionnaire confirmed opening it despite, journaled with it."""
    ouverture.check_ouvrable(liste)
    liste.check_fresh("ouvrir le choix")
    ouverture.check_final_valide(liste, liste.final_valide)
    ouverture.check_amphi(liste, [o for o in await listes.all_listes(tx) if o.id != liste.id])
    at = timestamp(now())
    await tx.insert("INSERT INTO appel_etat (liste_id, ouvert_at) VALUES (?, ?)", (liste.id, at))
    await listes.set_state(tx, liste, Etat.CHOIX_OUVERT)
    liste = await listes.get(tx, liste.nom)
    empty = await charger(tx, liste)
    appel = Appel.ouvrir(empty.candidats, empty.capacites)
    first = appel.appele()
    if first is not None:  # his first call (a new token: the copy read above is outdated)
        appel = replace(appel, appels={first: 1})
        await tx.execute(
            "UPDATE appel_etat SET appels = ?, jeton = ? WHERE liste_id = ?",
            (json.dumps([[_plain(first), 1]]), secrets.token_hex(8), liste.id),
        )
    for prise in appel.prises:
        await _insert(tx, liste, prise, auteur)
    await journal.append(
        tx, auteur, "appel.ouvrir",
        f"choix ouvert : {len(appel.sequence())} interne(s) à appeler, "
        f"{sum(appel.ouverts().values())} place(s), {len(appel.prises)} stage(s) fléché(s)"
        + (f" ; {malgre}" if malgre else ""),
        liste_id=liste.id, internes=[prise.key[0] for prise in appel.prises],
    )  # fmt: skip
    return appel


async def agir(
    tx: Transaction,
    liste: Liste,
    act: Act,
    action: str,
    auteur: str,
    regles: Eligibilite | None = None,
) -> Fait:
    """One act of the call, journaled; `regles`: the maquettes it must respect."""
    before = await charger(tx, liste)
    if regles is not None:
        before = replace(before, eligibilite=regles)
    after, phrase = act(before)
    after = noter_appel(before, after)
    choix_id = None
    if len(after.prises) > len(before.prises):
        choix_id = await _insert(tx, liste, after.prises[-1], auteur)
    elif len(after.prises) < len(before.prises):
        given_back = next(p for p in before.prises if p not in after.prises)
        choix_id = await tx.value(
            "SELECT max(id) FROM choix WHERE liste_id = ? AND interne_id = ? AND annule_at IS NULL",
            (liste.id, given_back.key[0]),
        )
        await tx.execute(
            "UPDATE choix SET annule_at = ? WHERE id = ?", (timestamp(now()), choix_id)
        )
    token = secrets.token_hex(8)
    await tx.execute(
        "UPDATE appel_etat SET absents = ?, arrivees = ?, differes = ?, attente = ?, "
        "reprises = ?, clos_at = ?, jeton = ?, appels = ? WHERE liste_id = ?",
        (
            json.dumps(sorted(map(_plain, after.absents))),
            json.dumps([[_plain(k), _plain(a)] for k, a in after.arrivees]),
            json.dumps([[_plain(k), rang] for k, rang in after.differes.items()]),
            json.dumps(_plain(after.attente)) if after.attente else None,
            json.dumps(list(map(_plain, after.reprises))),
            timestamp(now()) if after.clos else None,
            token,
            json.dumps([[_plain(k), n] for k, n in after.appels.items()]),
            liste.id,
        ),
    )
    # a rolled-back token is never in the base; the maquettes are the act's, not the call's
    tx.memo[("appel", liste.id)] = (token, replace(after, eligibilite=None))
    if after.clos:
        await listes.set_state(tx, liste, Etat.CHOIX_CLOS)
    await journal.append(
        tx, auteur, f"appel.{action}", phrase, liste_id=liste.id, internes=_concernes(before, after)
    )
    return Fait(after, phrase, choix_id, await durees(tx, liste))


def _concernes(before: Appel, after: Appel) -> set[str]:
    """The internes an act changed something of (a place taken or given back, marked absent,
    arrived, deferred, waiting): those `amphi journal --interne` finds it under."""
    changed = set(before.prises) ^ set(after.prises)
    keys = {prise.key for prise in changed} | (before.absents ^ after.absents)
    keys |= {key for key, _ in set(before.arrivees) ^ set(after.arrivees)}
    keys |= {key for key, _ in set(before.differes.items()) ^ set(after.differes.items())}
    if before.attente != after.attente:
        keys |= {before.attente, after.attente} - {None}
    return {key[0] for key in keys}


async def _insert(tx: Transaction, liste: Liste, prise: Prise, auteur: str) -> int:
    arrival = None if prise.arrival is None else json.dumps([_plain(k) for k in prise.arrival])
    return await tx.insert(
        "INSERT INTO choix (liste_id, interne_id, statut, poste_id, nature, surnombre, arrivee, "
        "etait_en_attente, at, auteur, hors_maquette) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            liste.id, prise.key[0], prise.key[1].value, prise.poste, prise.nature.value,
            prise.surnombre.value if prise.surnombre else None, arrival,
            int(prise.was_waiting), timestamp(now()), auteur, prise.hors_maquette,
        ),
    )  # fmt: skip


async def auteur_du_choix(tx: Transaction, liste: Liste, interne_id: str) -> str | None:
    """Who recorded the place the interne holds on the list (None: he holds none)."""
    return await tx.value(
        "SELECT auteur FROM choix WHERE liste_id = ? AND interne_id = ? AND annule_at IS NULL "
        "ORDER BY id DESC LIMIT 1",
        (liste.id, interne_id),
    )


async def resultats(tx: Transaction, liste: Liste) -> Resultats:
    """Who took what, in rank order; a sortant appears only where he holds a place."""
    current = await charger(tx, liste)
    people = {
        row[0]: (row[1], row[2])
        for row in await tx.all(
            "SELECT i.id, i.nom, i.prenom FROM interne i JOIN rang r ON r.interne_id = i.id "
            "WHERE r.liste_id = ?",
            (liste.id,),
        )
    }
    terrains = dict(await tx.all("SELECT id, terrain FROM poste WHERE liste_id = ?", (liste.id,)))
    held = {p.key: p for p in current.prises}
    lignes = []
    for candidat in current.candidats:
        prise = held.get(candidat.key)
        if prise is None and candidat.sortant:
            continue
        nom, prenom = people[candidat.interne]
        terrain = terrains.get(prise.poste, "") if prise else ""
        passed = candidat.key in current.absents
        lignes.append(Resultat(candidat.rang, candidat.key, nom, prenom, prise, terrain, passed))
    return Resultats(current, tuple(lignes), terrains)


async def appele_depuis(tx: Transaction, liste: Liste) -> datetime:
    """When the interne now called was called: the time of the list's last act."""
    last = await tx.value(
        "SELECT max(at) FROM journal WHERE liste_id = ? AND action LIKE 'appel.%'", (liste.id,)
    )
    return datetime.fromisoformat(last)


async def reprendre_delai(
    tx: Transaction, liste: Liste, auteur: str, phrase: str, interne_id: str | None = None
) -> None:
    """The called interne's time starts again (amphi was stopped while he had it): journaled
    as an act of the call, which is what his time is counted from."""
    await journal.append(
        tx, auteur, "appel.reprise", phrase, liste_id=liste.id,
        internes=[interne_id] if interne_id else (),
    )  # fmt: skip


async def expirer(
    tx: Transaction, liste: Liste, delai: int, auteur: str, regles: Eligibilite | None = None
) -> Fait:
    """The called interne's time ran out: his procuration applies (its voeux the maquettes
    allow), or he is passed."""
    current = await charger(tx, liste)
    called = current.appele()
    left = 0.0
    if called is not None:
        left = delai - (now() - await appele_depuis(tx, liste)).total_seconds()
    called = ouverture.check_delai_ecoule(called, left)
    return await agir(tx, liste, lambda a: absent(a, called), "delai", auteur, regles)


async def reoffrir(tx: Transaction, source: Liste, cible: Liste, auteur: str) -> list[str]:
    """The places left in a closed list become postes of one later list of the same amphi
    (SN1 posts as SN2), once: each new poste names the one it comes from, which the schema lets
    be re-offered only once."""
    ouverture.check_reoffre(source, cible)
    already = await tx.all(
        "SELECT DISTINCT l.nom FROM poste p JOIN poste o ON o.id = p.reoffert_de "
        "JOIN liste l ON l.id = p.liste_id WHERE o.liste_id = ?",
        (source.id,),
    )
    left = {} if already else (await charger(tx, source)).ouverts()
    ouverture.check_places_a_reoffrir(source, already[0][0] if already else None, left)
    created = []
    for poste, places in left.items():
        new_id = f"{poste}@{cible.nom}"
        row = await tx.one(
            "SELECT terrain, type, etablissement, agrement, lot_id FROM poste WHERE id = ?",
            (poste,),
        )
        await tx.insert(
            "INSERT INTO poste (id, terrain, liste_id, capacite, libelle, type, etablissement, "
            "agrement, lot_id, reoffert_de) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (new_id, row["terrain"], cible.id, places, f"réoffert depuis « {source.nom} »",
             row["type"], row["etablissement"], row["agrement"], row["lot_id"], poste),
        )  # fmt: skip
        created.append(f"{new_id} ({places} place(s))")
    await journal.append(
        tx, auteur, "appel.reoffrir",
        f"{len(created)} poste(s) de « {source.nom} » réofferts sur « {cible.nom} » : "
        + ", ".join(created),
        liste_id=cible.id,
    )  # fmt: skip
    return created


async def durees(tx: Transaction, liste: Liste, window: int = WINDOW) -> list[float]:
    """Seconds between the last places taken in the call (fléchés were not called)."""
    stamps = [
        datetime.fromisoformat(row[0])
        for row in await tx.all(
            "SELECT at FROM choix WHERE liste_id = ? AND annule_at IS NULL AND nature != 'fleche' "
            "ORDER BY id DESC LIMIT ?",
            (liste.id, window + 1),
        )
    ]
    return [(later - earlier).total_seconds() for later, earlier in pairwise(stamps)][::-1]


async def libelles(tx: Transaction, liste: Liste) -> dict[str, tuple[str, str | None]]:
    """The terrain and type of every poste of the list (what a person picks a poste by)."""
    rows = await tx.all("SELECT id, terrain, type FROM poste WHERE liste_id = ?", (liste.id,))
    return {row[0]: (row[1], row[2]) for row in rows}


async def terrains(tx: Transaction, postes: list[str]) -> dict[str, str]:
    """The terrain of each of these postes."""
    if not postes:
        return {}
    marks = ", ".join("?" * len(postes))
    return dict(await tx.all(f"SELECT id, terrain FROM poste WHERE id IN ({marks})", postes))


async def postes(tx: Transaction, liste: Liste) -> list[tuple[str, str, int]]:
    """(id, terrain, capacité) of the list's postes."""
    rows = await tx.all("SELECT id, terrain, capacite FROM poste WHERE liste_id = ?", (liste.id,))
    return [(row[0], row[1], row[2]) for row in rows]


async def places_prises(tx: Transaction) -> dict[str, tuple[str, str]]:
    """Every interne holding a place on any list: the poste and the list's name."""
    rows = await tx.all(
        "SELECT c.interne_id, c.poste_id, l.nom FROM choix c JOIN liste l ON l.id = c.liste_id "
        "WHERE c.annule_at IS NULL"
    )
    return {row[0]: (row[1], row[2]) for row in rows}
