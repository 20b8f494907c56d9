"""The maquette applied on choice day (règles §6), with Amiens' MG rules: a second SASPAS refused
in person, named by its rule; a procuration's forbidden voeu skipped; the agrément of a poste."""

import pytest

from bot.operations import appel as appel_operations
from bot.operations import imports, moi
from bot.operations import voeux as voeux_operations
from bot.operations.base import Contexte
from ranking.errors import Refused
from storage.database import Database
from tests import db_setup
from tests.conftest import csv_bytes, interne

MAQUETTE = """
[[maquettes]]
des = "Médecine générale"
semestres = 6
phases = { socle = 2, approfondissement = 2, consolidation = 2 }

[[maquettes.regles]]
sorte = "au_plus"
types = ["SASPAS"]
nombre = 1
phase = "approfondissement"
libelle = "deuxième SASPAS"
"""
POSTES = (
    "id,terrain,liste,capacite,type,agrement\n"
    "SAS-1,Cabinet Abbeville,MG,2,SASPAS,\n"
    "SN2-1,Cabinet Albert,MG,2,SN2,\n"
    "PED-1,CHU — Pédiatrie,MG,2,Pédiatrie,Pédiatrie\n"
    "LIB-1,CH Beauvais,MG,4,Libre,\n"
)
STAGES = (
    "interne,semestre,terrain,type,phase,valide\n"
    "1,2026-05,Cabinet Corbie,SASPAS,approfondissement,oui\n"
    "2,2026-05,Cabinet Corbie,SASPAS,approfondissement,oui\n"
)


@pytest.fixture
async def ctx(tmp_path):
    config = db_setup.config(db_setup.CONFIG + MAQUETTE)
    rows = [interne(str(n), phase="approfondissement") for n in range(1, 5)]
    database = await Database.open(tmp_path / "amphi.sqlite3")
    await db_setup.import_all(database, config, csv_bytes(rows), POSTES.encode())
    context = Contexte(database, config, "test")
    await imports.appliquer(context, imports.lire("stages", STAGES.encode(), "s.csv", config))
    await db_setup.rank_to_final(database, config, "MG")
    yield context
    await database.close()


async def test_a_second_saspas_is_refused_and_a_procuration_skips_it(ctx):
    with pytest.raises(Refused) as refused:  # refused when given, each voeu named
        await voeux_operations.deposer_procuration(
            ctx, "2", "06 12 34 56 78", ["SAS-1", "PED-1", "SN2-1"], None
        )
    assert str(refused.value).startswith("vœu SAS-1 : deuxième SASPAS : la maquette")
    assert "; vœu PED-1 : agrément : le poste PED-1 n'est pas agréé" in str(refused.value)
    await voeux_operations.deposer_procuration(  # given before his SASPAS was recorded
        ctx, "3", "06 12 34 56 78", ["SAS-1", "LIB-1", "SN2-1"], None
    )
    later = STAGES + "3,2026-05,Cabinet Corbie,SASPAS,approfondissement,oui\n"
    await imports.appliquer(ctx, imports.lire("stages", later.encode(), "s.csv", ctx.config))
    state = await appel_operations.ouvrir(ctx, "MG", malgre=True)  # PED-1: nobody may
    first = state.appel.appele()
    with pytest.raises(Refused) as refused:
        await appel_operations.agir(ctx, "MG", "choisir", first, "SAS-1")
    assert str(refused.value) == (
        "1 ne peut pas prendre SAS-1 : deuxième SASPAS : la maquette de Médecine générale en "
        "permet 1 en phase approfondissement (1 validé(s)) ; un gestionnaire peut la donner "
        "hors maquette, avec un motif"
    )
    with pytest.raises(Refused, match="agrément : le poste PED-1 n'est pas agréé"):
        await appel_operations.agir(ctx, "MG", "choisir", first, "PED-1")
    said, state = await appel_operations.agir(ctx, "MG", "choisir", first, "SN2-1")
    assert said == "1 prend le poste SN2-1"
    said, state = await appel_operations.agir(ctx, "MG", "absent", state.appel.appele())
    assert said == "2 absent, passé : il choisira à son arrivée"
    said, state = await appel_operations.agir(ctx, "MG", "absent", state.appel.appele())
    assert said == "3 prend le poste LIB-1 (par procuration)"  # SAS-1 skipped
    said, _ = await appel_operations.agir(ctx, "MG", "choisir", state.appel.appele(), "SAS-1")
    assert said == "4 prend le poste SAS-1"  # no SASPAS done: allowed


async def test_a_remote_chooser_is_offered_only_what_his_maquette_allows(ctx):
    remote = db_setup.config(db_setup.CONFIG + '[appel]\na_distance = ["MG"]\n' + MAQUETTE)
    ctx = Contexte(ctx.db, remote, "test")
    state = await appel_operations.ouvrir(ctx, "MG", malgre=True)  # PED-1: nobody may
    tour = await appel_operations.tour_a_distance(ctx, "1", state.liste.id, 1)
    assert tour.interdits == {"SAS-1", "PED-1"}
    assert [tour.postes[i] for i in tour.ordre()] == ["LIB-1", "SN2-1"]


async def test_a_place_given_hors_maquette_is_marked_in_the_results(ctx, tmp_path):
    state = await appel_operations.ouvrir(ctx, "MG", malgre=True)  # PED-1: nobody may
    said, _ = await appel_operations.agir(
        ctx, "MG", "choisir", state.appel.appele(), "SAS-1", hors_maquette="décision du DMG"
    )
    assert said == "1 prend le poste SAS-1 (hors maquette : décision du DMG)"
    _, found, _ = await appel_operations.resultats(ctx, "MG")
    assert found.lignes[0].mention == "hors maquette : décision du DMG"
    async with ctx.db.read() as tx:
        entry = await tx.value("SELECT detail FROM journal WHERE action = 'appel.choisir'")
    assert "hors maquette : décision du DMG" in entry


async def test_the_simulation_never_promises_what_the_maquette_forbids(ctx):
    async with ctx.db.write() as tx:  # recorded before the SASPAS was (a fixture, not a flow)
        await tx.executemany(
            "INSERT INTO prechoix_voeu (interne_id, rang, poste_id) VALUES (?, ?, ?)",
            [("1", 1, "SAS-1"), ("1", 2, "LIB-1"), ("3", 1, "SAS-1")],
        )
    simulated = await voeux_operations.simulation(ctx, "MG")
    got = {key[0]: s.obtenu for key, s in simulated.resultats.items()}
    assert got["1"] == "LIB-1" and got["3"] == "SAS-1"


async def test_his_pickers_know_what_his_maquette_forbids(ctx):
    ((_, offered),) = await moi.postes(ctx, "1")
    forbidden = {poste.id: poste.interdit for poste in offered if poste.interdit}
    assert set(forbidden) == {"SAS-1", "PED-1"}
    assert forbidden["SAS-1"].startswith("deuxième SASPAS")
    ((_, offered),) = await moi.postes(ctx, "3")  # no SASPAS done
    assert {poste.id for poste in offered if poste.interdit} == {"PED-1"}
