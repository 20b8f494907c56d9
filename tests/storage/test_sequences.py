"""Any sequence of imports, re-rankings, validations, openings, acts and re-offers, through the
operations both faces use: an inactive interne is never called, no place is given twice
(across lists too), and a refused step leaves the database byte for byte as it was."""

import asyncio
import contextlib
import tempfile
from collections.abc import Awaitable
from pathlib import Path
from typing import TypeVar

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bot.operations import appel, classement, imports
from bot.operations.base import Contexte
from ranking.cycle import Motif
from ranking.errors import InvalidInput, Refused
from storage.database import Database
from tests import db_setup
from tests.conftest import csv_bytes, interne

T = TypeVar("T")
LISTES = ("MG", "Psy")
POSTES = (
    b"id,terrain,liste,capacite\nMG-1,CHU,MG,2\nMG-2,CHU,MG,3\nMG-3,CHU,MG,1\nPsy-1,CHU,Psy,2\n"
)


def population(changes: dict[int, dict[str, object]]) -> bytes:
    """Eight MG internes and three Psy ones, some deactivated or with another rank."""
    rows = []
    for number in range(1, 12):
        psy = number > 8
        fields: dict[str, object] = {"rin": number % 4 + 1}
        if psy:
            fields.update(discipline="Psychiatrie", des="Psychiatrie")
        fields.update(changes.get(number, {}))
        rows.append(interne(str(number), **fields))
    return csv_bytes(rows)


steps = st.lists(
    st.one_of(
        st.tuples(st.just("import"), st.integers(1, 11), st.sampled_from(["actif", "rin"])),
        st.tuples(st.just("classer"), st.sampled_from(LISTES)),
        st.tuples(st.just("ouvrir"), st.sampled_from(LISTES)),
        st.tuples(st.just("choisir"), st.sampled_from(LISTES)),
        st.tuples(st.just("absent"), st.sampled_from(LISTES)),
        st.tuples(st.just("finir"), st.sampled_from(LISTES)),
        st.tuples(st.just("reoffrir"), st.sampled_from(LISTES), st.sampled_from(LISTES)),
        st.tuples(st.just("rouvrir"), st.sampled_from(LISTES)),
    ),
    min_size=1,
    max_size=20,
)


class Stop(Exception):
    """A refused operation ends the step."""


class Semestre:
    def __init__(self, ctx: Contexte, path: Path):
        self.ctx, self.path = ctx, path
        self.changes: dict[int, dict[str, object]] = {}

    async def run(self, step: tuple) -> None:
        kind, *args = step
        with contextlib.suppress(Stop):
            await getattr(self, kind)(*args)
            event(f"{kind} fait")
        await self.check()

    async def once(self, operation: Awaitable[T]) -> T:
        """One operation (one command of a face): refused, it changed nothing."""
        before = db_setup.dump(self.path)
        try:
            return await operation
        except (Refused, InvalidInput):
            assert db_setup.dump(self.path) == before
            raise Stop from None

    async def import_(self, number: int, field: str) -> None:
        current = self.changes.setdefault(number, {})
        if field == "actif":
            current["actif"] = "non" if current.get("actif") != "non" else "oui"
        else:
            current["rin"] = int(current.get("rin", 0)) % 5 + 2
        await self.load(population(self.changes))

    async def load(self, data: bytes) -> None:
        await self.once(
            imports.appliquer(self.ctx, imports.lire("internes", data, "i.csv", self.ctx.config))
        )

    async def classer(self, nom: str) -> None:
        await self.once(classement.preclassement(self.ctx, nom, abandonner=True))
        vue = await classement.vue(self.ctx, nom)
        for group in vue.ordre.groupes:
            members = sorted(group.membres, key=vue.ordre.keys.index)
            await self.once(classement.ordonner(self.ctx, nom, group.numero, members))
        if vue.ordre.groupes:
            await self.once(classement.valider_levee(self.ctx, nom))
        await self.once(classement.valider_final(self.ctx, nom))

    async def ouvrir(self, nom: str) -> None:
        await self.once(appel.ouvrir(self.ctx, nom))

    async def choisir(self, nom: str) -> None:
        state = await self.once(appel.etat(self.ctx, nom))
        key = state.appel.appele()
        free = [poste for poste, left in state.appel.ouverts().items() if left > 0]
        await self.once(appel.agir(self.ctx, nom, "choisir", key, free[0] if free else "MG-1"))

    async def absent(self, nom: str) -> None:
        state = await self.once(appel.etat(self.ctx, nom))
        await self.once(appel.agir(self.ctx, nom, "absent", state.appel.appele()))

    async def finir(self, nom: str) -> None:
        """Everyone left is absent, the absents get places d'office, the list is closed."""
        state = await self.once(appel.etat(self.ctx, nom))
        while (key := state.appel.appele()) is not None:
            _, state = await self.once(appel.agir(self.ctx, nom, "absent", key))
        for key in list(state.appel.absents):
            free = [poste for poste, left in state.appel.ouverts().items() if left > 0]
            if free:
                _, state = await self.once(appel.agir(self.ctx, nom, "office", key, free[0]))
        await self.once(appel.agir(self.ctx, nom, "clore"))

    async def reoffrir(self, nom: str, vers: str) -> None:
        await self.once(appel.reoffrir(self.ctx, nom, vers))

    async def rouvrir(self, nom: str) -> None:
        await self.once(classement.rouvrir(self.ctx, nom, Motif.REMORDS))

    async def check(self) -> None:
        for nom in LISTES:
            if (await classement.liste(self.ctx, nom)).etat.value != "choix_ouvert":
                continue
            called = (await appel.etat(self.ctx, nom)).appel.appele()
            if called is not None:
                async with self.ctx.db.read() as tx:
                    actif = await tx.value("SELECT actif FROM interne WHERE id = ?", (called[0],))
                assert actif == 1, f"{called} inactif appelé sur {nom}"
        async with self.ctx.db.read() as tx:
            overfilled = await tx.all(
                "SELECT coalesce(p.reoffert_de, p.id) AS origine, count(*) AS pris, "
                "(SELECT capacite FROM poste WHERE id = coalesce(p.reoffert_de, p.id)) AS cap "
                "FROM choix c JOIN poste p ON p.id = c.poste_id "
                "WHERE c.annule_at IS NULL AND c.surnombre IS NULL "
                "GROUP BY origine HAVING pris > cap"
            )
        assert not [tuple(row) for row in overfilled]


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


_NEAR_CHOICE_DAY: list[bytes] = []
"""The base both lists are ranked in before any step: built once, each example starts from its
copy."""


async def near_choice_day(path: Path) -> Database:
    if _NEAR_CHOICE_DAY:
        path.write_bytes(_NEAR_CHOICE_DAY[0])
        return await Database.open(path)
    database = await Database.open(path)
    config = db_setup.config()
    await db_setup.import_all(database, config, population({}), POSTES)
    semestre = Semestre(Contexte(database, config, "test"), path)
    for nom in LISTES:  # start near choice day; the steps may go back
        await semestre.classer(nom)
    await database.close()
    _NEAR_CHOICE_DAY.append(path.read_bytes())
    return await Database.open(path)


@SETTINGS
@given(steps)
def test_any_sequence_keeps_the_call_true(sequence):
    async def play() -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "amphi.sqlite3"
            database = await near_choice_day(path)
            try:
                semestre = Semestre(Contexte(database, db_setup.config(), "test"), path)
                for step in sequence:
                    name = "import_" if step[0] == "import" else step[0]
                    await semestre.run((name, *step[1:]))
            finally:
                await database.close()

    asyncio.run(play())
