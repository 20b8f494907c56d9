"""Storage: imports, lifecycle refusals that change nothing, re-runs, migrations."""

import sqlite3
from dataclasses import replace

import pytest

from ranking.appel import choisir
from ranking.classement import Statut
from ranking.cycle import Motif
from ranking.errors import Refused
from ranking.horloge import now
from ranking.importer import read_internes
from ranking.ordre import key_label
from ranking.postes import parse_postes
from storage import appel, classement, imports, internes, journal, listes, semestre
from storage.database import Database, migrations
from tests import db_setup
from tests.conftest import csv_bytes, interne


@pytest.fixture
async def database(tmp_path):
    database = await Database.open(tmp_path / "amphi.sqlite3")
    yield database
    await database.close()


async def test_a_new_database_has_the_latest_schema_and_safe_settings(database):
    assert await database.version() == max(number for number, _ in migrations())
    async with database.read() as tx:
        assert (await tx.one("PRAGMA journal_mode"))[0] == "wal"
        assert (await tx.one("PRAGMA foreign_keys"))[0] == 1


async def test_import_preview_apply_and_reimport_is_a_no_op(database):
    cfg = db_setup.config()
    data = db_setup.internes_csv(200)
    await db_setup.import_all(database, cfg, data, None)
    records = read_internes(data, "internes.csv")
    async with database.read() as tx:
        assert (await imports.internes_changes(tx, records)).empty
        assert len(await internes.stored_internes(tx)) == 200


async def test_a_changed_file_shows_its_changes_then_applies_them(database):
    cfg = db_setup.config()
    rows = [interne("1"), interne("2"), interne("3")]
    await db_setup.import_all(database, cfg, csv_bytes(rows), None)
    changed = [interne("1", semestres_valides=5), interne("3"), interne("4")]
    records = read_internes(csv_bytes(changed), "v2.csv")
    async with database.read() as tx:
        changes = await imports.internes_changes(tx, records)
    assert [r[0] for r in changes.added] == ["4"]
    assert [(m.after[0], m.champs) for m in changes.modified] == [("1", ("semestres_valides",))]
    assert [(changes.view(r)["id"], changes.view(r)["actif"]) for r in changes.missing] == [
        ("2", False)
    ]
    async with database.write() as tx:
        await imports.apply_internes(tx, changes, "v2.csv", csv_bytes(changed), "g", cfg.classement)
    async with database.read() as tx:
        stored = await internes.stored_internes(tx)
        entries = await journal.lignes(tx)
    assert stored["1"].semestres_valides == 5 and not stored["2"].actif and "4" in stored
    assert [e.action for e in entries][-3:] == [
        "import.internes",
        "interne.modification",
        "interne.desactivation",
    ]
    assert entries[-2].avant == {"semestres_valides": 4} and entries[-2].apres == {
        "semestres_valides": 5
    }


async def test_applying_a_stale_preview_is_refused(database, tmp_path):
    cfg = db_setup.config()
    await db_setup.import_all(database, cfg, csv_bytes([interne("1")]), None)
    records = read_internes(csv_bytes([interne("1"), interne("2")]), "a.csv")
    async with database.read() as tx:
        shown = await imports.internes_changes(tx, records)
    other = read_internes(csv_bytes([interne("1", nom="Autre")]), "b.csv")
    async with database.write() as tx:
        await imports.apply_internes(
            tx, await imports.internes_changes(tx, other), "b.csv", b"b", "g", cfg.classement
        )
    before = db_setup.dump(tmp_path / "amphi.sqlite3")
    with pytest.raises(Refused, match="la base a changé depuis l'aperçu"):
        async with database.write() as tx:
            changes = imports.unchanged(shown, await imports.internes_changes(tx, records))
            await imports.apply_internes(tx, changes, "a.csv", b"a", "g", cfg.classement)
    assert db_setup.dump(tmp_path / "amphi.sqlite3") == before


async def refused_without_change(path, action, match):
    before = db_setup.dump(path)
    with pytest.raises(Refused, match=match):
        await action()
    assert db_setup.dump(path) == before


async def test_every_lifecycle_refusal_changes_nothing(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    database = await db_setup.prepared(path, open_mg=False)
    cfg = db_setup.config()
    rows = [
        interne(str(i), discipline="Psychiatrie", des="Psychiatrie", rin=1 + i // 2)
        for i in range(1, 7)
    ]
    await db_setup.import_all(database, cfg, csv_bytes(db_setup.internes_rows() + rows), None)

    async def on(nom, operation):
        async with database.write() as tx:
            await operation(tx, await listes.get(tx, nom))

    psy_key = ("2", Statut.STANDARD)
    await refused_without_change(
        path,
        lambda: on("Psy", lambda tx, li: classement.ordonner(tx, li, 1, [psy_key], "g", now())),
        "pas encore de pré-classement",
    )
    async with database.write() as tx:
        await classement.run_preclassement(tx, await listes.get(tx, "Psy"), cfg.classement, "g")
    await refused_without_change(
        path,
        lambda: on("Psy", lambda tx, li: classement.valider_exaequo(tx, li, "g", now())),
        "groupes d'ex-aequo non traités : n°1",
    )
    await refused_without_change(
        path,
        lambda: on("Psy", lambda tx, li: classement.deplacer(tx, li, psy_key, True, "g", now())),
        "valider d'abord la levée des ex-aequo",
    )
    await refused_without_change(
        path,
        lambda: on("Psy", lambda tx, li: appel.ouvrir(tx, li, "g")),
        "valider d'abord la levée",
    )
    await refused_without_change(
        path,
        lambda: on(
            "MG",
            lambda tx, li: appel.agir(
                tx, li, lambda a: choisir(a, ("x", Statut.STANDARD), "MG-1"), "choisir", "g"
            ),
        ),
        "le choix n'est pas ouvert",
    )
    await db_setup.open_choice(database, "MG")
    for operation, match in [
        (
            lambda tx, li: classement.run_preclassement(tx, li, cfg.classement, "g"),
            "le classement ne peut plus changer",
        ),
        (
            lambda tx, li: classement.valider_final(tx, li, "g"),
            "le classement ne peut plus changer",
        ),
        (
            lambda tx, li: classement.deplacer(tx, li, psy_key, False, "g", now()),
            "le classement ne peut plus changer",
        ),
    ]:
        await refused_without_change(path, lambda op=operation: on("MG", op), match)
    async with database.read() as tx:
        first = (await classement.load(tx, await listes.get(tx, "MG"))).keys[0]
    async with database.write() as tx:
        await appel.agir(
            tx, await listes.get(tx, "MG"), lambda a: choisir(a, first, "MG-1"), "choisir", "g"
        )
    await refused_without_change(
        path,
        lambda: on("MG", lambda tx, li: classement.rouvrir(tx, li, Motif.REMORDS, "g")),
        "1 choix déjà enregistré",
    )
    await database.close()


async def test_postes_of_an_open_list_do_not_change(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    database = await db_setup.prepared(path)
    data = db_setup.postes_csv({"MG": 36, "Psy": 10})  # MG-19 and MG-20 removed
    records = parse_postes(data, "p.csv", ["MG", "Psy"])
    async with database.read() as tx:
        changes = await imports.postes_changes(tx, records)

    async def apply():
        async with database.write() as tx:
            await imports.apply_postes(tx, changes, "p.csv", data, "g")

    await refused_without_change(path, apply, "le choix a commencé pour ces postes")
    await database.close()


async def test_rouvrir_without_choices_goes_back_to_the_preclassement(tmp_path):
    database = await db_setup.prepared(tmp_path / "amphi.sqlite3")
    async with database.write() as tx:
        await classement.rouvrir(tx, await listes.get(tx, "MG"), Motif.REACTIVATION, "g")
    async with database.read() as tx:
        liste = await listes.get(tx, "MG")
        last = (await journal.lignes(tx, liste.id))[-1]
    assert liste.etat.value == "preclassement"
    assert (last.action, last.avant, last.apres) == (
        "classement.rouvrir", {"etat": "choix_ouvert"}, {"etat": "preclassement"},
    )  # fmt: skip
    await database.close()


async def test_a_new_run_keeps_tie_decisions_and_flags_internes_not_ranked(database):
    cfg = db_setup.config()
    rows = [interne(str(i), nom=f"N{i}", rin=(1, 2, 2, 2, 5)[i - 1]) for i in range(1, 6)]
    await db_setup.import_all(database, cfg, csv_bytes(rows), None)
    async with database.write() as tx:
        await classement.run_preclassement(tx, await listes.get(tx, "MG"), cfg.classement, "g")
    reverse = [
        ("4", Statut.STANDARD),
        ("3", Statut.STANDARD),
        ("2", Statut.STANDARD),
    ]
    async with database.write() as tx:
        await classement.ordonner(tx, await listes.get(tx, "MG"), 1, reverse, "g", now())

    added = [*rows, interne("6", rin=9)]
    records = read_internes(csv_bytes(added), "v2.csv")
    async with database.write() as tx:
        await imports.apply_internes(
            tx, await imports.internes_changes(tx, records), "v2.csv", b"", "g", cfg.classement
        )
    async with database.read() as tx:
        vue = await classement.vue(tx, await listes.get(tx, "MG"))
    assert [key_label(k) for k in vue.non_classes] == ["6"]

    async with database.write() as tx:
        run = await classement.run_preclassement(
            tx, await listes.get(tx, "MG"), cfg.classement, "g"
        )
    assert run.groupes_repris == 1
    assert [key_label(k) for k in run.ordre.keys] == ["1", "4", "3", "2", "5", "6"]
    async with database.read() as tx:
        vue = await classement.vue(tx, await listes.get(tx, "MG"))
    assert vue.non_classes == () and vue.ordre.groupes[0].traite


async def test_the_journal_is_append_only(database):
    async with database.write() as tx:
        await journal.append(tx, "g", "essai", "une entrée")
    for statement in ("UPDATE journal SET detail = 'x'", "DELETE FROM journal"):
        with pytest.raises(sqlite3.IntegrityError, match="le journal ne"):
            async with database.write() as tx:
                await tx.execute(statement)


async def test_the_schema_itself_refuses_a_place_given_twice(tmp_path):
    database = await db_setup.prepared(tmp_path / "amphi.sqlite3", places=2)

    async def choose(poste):
        async with database.write() as tx:
            liste = await listes.get(tx, "MG")
            return await appel.agir(
                tx, liste, lambda a: choisir(a, a.appele(), poste), "choisir", "g"
            )

    first = (await choose("MG-1")).appel.prises[-1].key
    await choose("MG-1")
    with pytest.raises(Refused, match="le poste MG-1 est complet"):
        await choose("MG-1")
    async with database.read() as tx:
        liste = await listes.get(tx, "MG")
        third = (await appel.charger(tx, liste)).appele()
    with pytest.raises(sqlite3.IntegrityError, match="poste complet"):
        async with database.write() as tx:
            await tx.execute(
                "INSERT INTO choix (liste_id, interne_id, poste_id, nature, at, auteur) "
                "VALUES (?, ?, 'MG-1', 'choix', 'x', 'x')",
                (liste.id, third[0]),
            )
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        async with database.write() as tx:
            await tx.execute(
                "INSERT INTO choix (liste_id, interne_id, poste_id, nature, surnombre, at, auteur) "
                "VALUES (?, ?, 'MG-2', 'choix', 'validant', 'x', 'x')",
                (liste.id, first[0]),
            )
    await database.close()


async def test_a_config_that_moves_a_ranked_list_or_changes_semester_is_refused(tmp_path):
    path = tmp_path / "amphi.sqlite3"
    database = await db_setup.prepared(path)
    moved = db_setup.config(
        db_setup.CONFIG.replace('discipline = "Psychiatrie"', 'discipline = "Pédiatrie"')
    )
    async with database.write() as tx:
        await semestre.sync(tx, moved, "g")  # Psy is not ranked yet: it may change
    moved = db_setup.config(db_setup.CONFIG.replace('"Médecine générale"', '"Psychiatrie"'))

    async def sync(cfg):
        async with database.write() as tx:
            await semestre.sync(tx, cfg, "g")

    await refused_without_change(path, lambda: sync(moved), "change son périmètre")
    summer = replace(db_setup.config(), semestre=db_setup.config().semestre.__class__(2027, False))
    await refused_without_change(
        path, lambda: sync(summer), "cette base est celle du semestre 2026-11"
    )
    await database.close()


async def test_migration_from_the_first_schema_on_a_populated_database(tmp_path):
    path = tmp_path / "ancienne.sqlite3"
    first_number, first_script = migrations()[0]
    connection = sqlite3.connect(path)
    connection.executescript(f"{first_script}\nPRAGMA user_version = {first_number};")
    connection.executescript(
        """
        INSERT INTO semestre VALUES ('2026-11', 'Amiens', '2026-09-01T08:00:00+00:00');
        INSERT INTO import_lot VALUES (1, 'internes', 'internes.csv', 'x', '2026-09-01T08:00:00+00:00', 'g', 2, 0, 0);
        INSERT INTO interne VALUES ('1', 'Roux', 'Inès', 'medecine', 'Médecine générale', 'Médecine générale',
            'Amiens', 2024, 'EDN', 12, '12', NULL, 4, NULL, NULL, NULL, NULL, 1, 1);
        INSERT INTO interne VALUES ('2', 'Abel', 'Léa', 'medecine', 'Médecine générale', 'Médecine générale',
            'Amiens', 2024, 'EDN', 7, '7', NULL, 4, NULL, NULL, NULL, NULL, 1, 1);
        INSERT INTO liste (id, nom, formation, discipline, ordre) VALUES (1, 'MG', 'medecine', 'Médecine générale', 1);
        INSERT INTO journal (at, auteur, action, liste_id, detail) VALUES ('2026-09-01T08:00:00+00:00', 'g', 'liste.creation', 1, 'liste « MG » déclarée');
        """
    )
    connection.close()
    database = await Database.open(path)
    assert await database.version() == max(number for number, _ in migrations())
    cfg = db_setup.config()
    async with database.write() as tx:
        await semestre.sync(tx, cfg, "g")
        run = await classement.run_preclassement(
            tx, await listes.get(tx, "MG"), cfg.classement, "g"
        )
        problems = await tx.all("PRAGMA foreign_key_check")
        entries = await journal.lignes(tx)
    assert [key_label(k) for k in run.ordre.keys] == ["2", "1"]
    assert problems == [] and entries[0].detail == "liste « MG » déclarée"
    await database.close()


async def test_migration_frees_the_places_surnombres_took_however_they_took_them(tmp_path):
    path = tmp_path / "v2.sqlite3"
    connection = sqlite3.connect(path)
    for number, script in migrations()[:2]:
        connection.executescript(f"{script}\nPRAGMA user_version = {number};")
    at = "2026-11-20T08:00:00+00:00"
    connection.executescript(
        f"""
        INSERT INTO semestre VALUES ('2026-11', 'Amiens', '{at}');
        INSERT INTO import_lot VALUES (1, 'internes', 'i.csv', 'x', '{at}', 'g', 3, 0, 0);
        INSERT INTO liste (id, nom, formation, discipline, ordre) VALUES (1, 'MG', 'medecine', 'Médecine générale', 1);
        INSERT INTO poste (id, terrain, liste_id, capacite, lot_id) VALUES ('P', 'CHU', 1, 1, 1);
        INSERT INTO interne VALUES ('s', 'S', 'S', 'medecine', 'Médecine générale', 'Médecine générale',
            'Amiens', 2024, 'EDN', 1, '1', NULL, 4, NULL, NULL, NULL, NULL, 1, 1);
        INSERT INTO interne VALUES ('v', 'V', 'V', 'medecine', 'Médecine générale', 'Médecine générale',
            'Amiens', 2024, 'EDN', 2, '2', NULL, 4, NULL, NULL, NULL, NULL, 1, 1);
        INSERT INTO interne VALUES ('n', 'N', 'N', 'medecine', 'Médecine générale', 'Médecine générale',
            'Amiens', 2024, 'EDN', 3, '3', NULL, 4, NULL, NULL, NULL, NULL, 1, 1);
        INSERT INTO stage_particulier VALUES (1, 's', 'validant', NULL);
        INSERT INTO stage_particulier VALUES (1, 'v', 'validant', NULL);
        INSERT INTO choix (liste_id, interne_id, poste_id, nature, at, auteur)
            VALUES (1, 's', 'P', 'procuration', '{at}', 'g');
        INSERT INTO choix (liste_id, interne_id, poste_id, nature, at, auteur)
            VALUES (1, 'v', 'P', 'surnombre_validant', '{at}', 'g');
        """
    )  # fmt: skip
    connection.close()
    database = await Database.open(path)
    async with database.write() as tx:
        rows = await tx.all("SELECT interne_id, nature, surnombre FROM choix ORDER BY id")
        await tx.execute(
            "INSERT INTO choix (liste_id, interne_id, poste_id, nature, at, auteur) "
            "VALUES (1, 'n', 'P', 'choix', ?, 'g')",
            (at,),
        )  # the poste's one place is still free: surnombres took none
    assert [tuple(row) for row in rows] == [
        ("s", "procuration", "validant"),
        ("v", "choix", "validant"),
    ]
    await database.close()
