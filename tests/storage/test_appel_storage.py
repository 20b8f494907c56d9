"""The call over the database: every act persisted, reloaded equal to the pure call."""

import pytest

from bot.operations import appel as appel_operations
from bot.operations import voeux as voeux_operations
from bot.operations.base import Contexte
from ranking.appel import (
    absent,
    affecter_office,
    annuler,
    arrivee,
    choisir,
    clore,
    differer,
    injoignable,
    noter_appel,
)
from ranking.classement import Statut
from ranking.errors import Refused
from storage import appel, journal, listes
from storage.database import Database
from tests import db_setup
from tests.conftest import csv_bytes, interne

S = Statut.STANDARD
POSTES = "id,terrain,liste,capacite\nA,CHU A,MG,2\nB,CHU B,MG,1\nC,CHU C,MG,1\nD,CHU D,MG,2\nE,CHU E,MG,2\n"


def k(identifier: str):
    return (identifier, S)


async def prepared(path, extra: str = "") -> Database:
    database = await Database.open(path)
    rows = [
        interne(name, nom=f"Nom {name}", rin=rank)
        for rank, name in enumerate("abcdefghijk", start=1)
    ]
    rows[5] = interne("f", nom="Nom f", rin=6, hors_discipline="Psychiatrie")  # sortant
    await db_setup.import_all(
        database, db_setup.config(), csv_bytes(rows), (POSTES + extra).encode()
    )
    await db_setup.rank_to_final(database, db_setup.config(), "MG")
    async with database.write() as tx:
        liste = await listes.get(tx, "MG")
        for name, surnombre, fleche in (
            ("b", None, "D"),
            ("e", "validant", None),
            ("j", "non_validant", None),
        ):
            await tx.execute(
                "INSERT INTO stage_particulier VALUES (?, ?, ?, ?)",
                (liste.id, name, surnombre, fleche),
            )
        for name, wishes in (("c", "BCD"), ("i", "ABC")):
            await tx.execute(
                "INSERT INTO procuration VALUES (?, '06 12 34 56 78', NULL, 'x', 'g')", (name,)
            )
            for rank, poste in enumerate(wishes, start=1):
                await tx.execute(
                    "INSERT INTO procuration_voeu VALUES (?, ?, ?)", (name, rank, poste)
                )
        await appel.ouvrir(tx, liste, "g")
    return database


SCENARIO = [
    ("choisir", lambda a: choisir(a, k("j"), "A")),
    ("choisir", lambda a: choisir(a, k("a"), "A")),
    ("absent", lambda a: absent(a, k("c"))),
    ("absent", lambda a: absent(a, k("d"))),
    ("choisir", lambda a: choisir(a, k("e"), "A")),
    ("differer", lambda a: differer(a, k("g"), 9)),
    ("arrivee", lambda a: arrivee(a, k("d"))),
    ("choisir", lambda a: choisir(a, k("h"), "A")),
    ("annuler", annuler),
    ("choisir", lambda a: choisir(a, k("h"), "A")),
    ("choisir", lambda a: choisir(a, k("d"), "C")),
    ("absent", lambda a: absent(a, k("i"))),
    ("injoignable", lambda a: injoignable(a, k("i"))),
    ("choisir", lambda a: choisir(a, k("g"), "D")),
    ("absent", lambda a: absent(a, k("k"))),
    ("office", lambda a: affecter_office(a, k("i"), "E")),
    ("office", lambda a: affecter_office(a, k("k"), "E")),
    ("clore", clore),
]


async def test_a_whole_list_through_the_database_reloads_as_the_pure_call(tmp_path):
    database = await prepared(tmp_path / "amphi.sqlite3")
    async with database.read() as tx:
        pure = await appel.charger(tx, await listes.get(tx, "MG"))
    assert [(p.key[0], p.poste, p.nature.value) for p in pure.prises] == [("b", "D", "fleche")]
    reader = await Database.open(tmp_path / "amphi.sqlite3")  # another process: no memory of ours
    for action, operation in SCENARIO:
        pure = noter_appel(pure, operation(pure)[0])  # each call counted, as stored
        async with database.write() as tx:
            await appel.agir(tx, await listes.get(tx, "MG"), operation, action, "gestionnaire")
        async with reader.read() as tx:
            assert await appel.charger(tx, await listes.get(tx, "MG")) == pure, action
    await reader.close()
    async with database.read() as tx:
        liste = await listes.get(tx, "MG")
        actions = [line.action for line in await journal.lignes(tx, liste.id)]
        rows = await tx.all(
            "SELECT interne_id, poste_id, nature, surnombre FROM choix "
            "WHERE annule_at IS NULL ORDER BY id"
        )
        undone = await tx.all("SELECT interne_id, poste_id FROM choix WHERE annule_at IS NOT NULL")
    assert liste.etat.value == "choix_clos"
    assert actions[-len(SCENARIO) :] == [f"appel.{action}" for action, _ in SCENARIO]
    assert [tuple(r) for r in undone] == [("h", "A")]
    assert dict((r[0], (r[1], r[2], r[3])) for r in rows) == {
        "b": ("D", "fleche", None), "j": ("A", "choix", "non_validant"),
        "a": ("A", "choix", None), "c": ("B", "procuration", None),
        "e": ("A", "choix", "validant"), "h": ("A", "choix", None), "d": ("C", "choix", None),
        "g": ("D", "choix", None), "i": ("E", "affecte_office", None),
        "k": ("E", "affecte_office", None),
    }  # fmt: skip
    await database.close()


async def test_a_refused_act_writes_nothing(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    database = await prepared(path)
    before = db_setup.dump(path)
    with pytest.raises(Refused, match="ce n'est pas le tour de h : l'appelé est a"):
        async with database.write() as tx:
            await appel.agir(
                tx, await listes.get(tx, "MG"), lambda a: choisir(a, k("h"), "A"), "choisir", "g"
            )
    assert db_setup.dump(path) == before
    await database.close()


async def test_expiry_applies_only_once_the_delay_has_run_out(tmp_path):
    database = await prepared(tmp_path / "amphi.sqlite3")
    async with database.write() as tx:
        await appel.agir(
            tx, await listes.get(tx, "MG"), lambda a: choisir(a, k("a"), "A"), "choisir", "g"
        )
    with pytest.raises(Refused, match=r"le délai de c n'est pas écoulé \(reste \d+ s\)"):
        async with database.write() as tx:
            await appel.expirer(tx, await listes.get(tx, "MG"), 600, "horloge")
    async with database.write() as tx:
        done = await appel.expirer(tx, await listes.get(tx, "MG"), 0, "horloge")
    assert done.phrase == "c prend le poste B (par procuration)"
    await database.close()


async def test_places_left_in_a_closed_list_are_offered_in_a_later_one(tmp_path):
    database = await prepared(tmp_path / "amphi.sqlite3", extra="F,CHU F,MG,3\n")
    try:
        for action, operation in SCENARIO[:-1]:
            async with database.write() as tx:
                await appel.agir(tx, await listes.get(tx, "MG"), operation, action, "g")
        with pytest.raises(Refused, match="clore d'abord son choix"):
            async with database.write() as tx:
                await appel.reoffrir(
                    tx, await listes.get(tx, "MG"), await listes.get(tx, "Psy"), "g"
                )
        async with database.write() as tx:
            await appel.agir(tx, await listes.get(tx, "MG"), clore, "clore", "g")
            created = await appel.reoffrir(
                tx, await listes.get(tx, "MG"), await listes.get(tx, "Psy"), "g"
            )
        assert created == ["F@Psy (3 place(s))"]
        async with database.read() as tx:
            row = await tx.one("SELECT terrain, capacite, libelle FROM poste WHERE id = 'F@Psy'")
        assert tuple(row) == ("CHU F", 3, "réoffert depuis « MG »")
        with pytest.raises(Refused, match="déjà été réoffert"):
            async with database.write() as tx:
                await appel.reoffrir(
                    tx, await listes.get(tx, "MG"), await listes.get(tx, "Psy"), "g"
                )
    finally:
        await database.close()


async def test_a_procuration_changed_during_the_call_is_the_one_applied(tmp_path):
    """The bot keeps the call it last wrote in memory; a procuration changed meanwhile (by the
    interne on Telegram, in the same process) must not be read from that stale copy."""
    path = tmp_path / "amphi.sqlite3"
    database = await db_setup.prepared(path, places=400, open_mg=True)
    ctx = Contexte(database, db_setup.config(), "test")
    state = await appel_operations.etat(ctx, "MG")
    first, second, third = state.appel.appele(), *(p.key for p, _ in state.suivants[:2])
    await appel_operations.agir(ctx, "MG", "choisir", first, "MG-1")  # the call held in memory
    await voeux_operations.deposer_procuration(
        ctx, third[0], "06 12 34 56 78", ["MG-7", "MG-8", "MG-9"], None
    )
    await appel_operations.agir(ctx, "MG", "choisir", second, "MG-1")
    said, _ = await appel_operations.agir(ctx, "MG", "procuration", third)
    await database.close()
    assert "prend le poste MG-7 (par procuration)" in said
