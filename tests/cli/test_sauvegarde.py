"""The semester's base kept safe: created readable by its owner only (its WAL too), copied while
the bot writes (a copy is the base at one instant), copied before each opening, restored only
from a whole amphi base of a known schema, after a copy of what it replaces."""

import asyncio
import os
import sqlite3
import stat
import subprocess
import sys

from storage import chaine
from tests import db_setup
from tests.cli_harness import amphi, ranked


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_base_and_its_wal_are_its_owner_s_alone(workdir):
    ranked(workdir)
    base = workdir / "amphi.sqlite3"
    assert _mode(base) == 0o600
    reading = sqlite3.connect(base)  # while the base is open, its WAL and index exist
    reading.execute("SELECT count(*) FROM journal").fetchone()
    assert _mode(f"{base}-wal") == 0o600 and _mode(f"{base}-shm") == 0o600
    reading.close()
    os.chmod(base, 0o644)  # an older amphi, a copy: made private at the next opening
    assert amphi(workdir, "listes").returncode == 0
    assert _mode(base) == 0o600


def test_a_copy_taken_during_a_stream_of_choices_is_the_base_at_one_instant(tmp_path):
    base = tmp_path / "amphi.sqlite3"
    asyncio.run(_prepared(base))
    (tmp_path / "config.toml").write_text(db_setup.CONFIG, encoding="utf-8")
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.writers", "churn", str(base), "3", "400"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    copies = []
    try:
        writer.stdout.readline()  # the stream has begun
        for n in range(3):
            copy = tmp_path / f"copie{n}.sqlite3"
            done = amphi(tmp_path, "sauvegarde", str(copy))
            assert done.returncode == 0, done.stderr
            copies.append(copy)
    finally:
        writer.wait(timeout=60)
    for copy in copies:
        assert _mode(copy) == 0o600
        connection = sqlite3.connect(copy)
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        choix, annules, entries = connection.execute(
            "SELECT (SELECT count(*) FROM choix), "
            "(SELECT count(*) FROM choix WHERE annule_at IS NOT NULL), "
            "(SELECT group_concat(action) FROM journal WHERE action LIKE 'appel.%')"
        ).fetchone()
        connection.close()
        actions = (entries or "").split(",")
        assert choix == actions.count("appel.choisir")  # each act whole, or not at all
        assert annules == actions.count("appel.annuler")


async def _prepared(base) -> None:
    await (await db_setup.prepared(base, places=400)).close()


def test_a_copy_is_taken_before_a_list_opens(workdir):
    ranked(workdir)
    assert amphi(workdir, "appel", "ouvrir", "--liste", "MG").returncode == 0
    made = sorted((workdir / "sauvegardes").glob("auto-*-ouvertureMG.sqlite3"))
    assert len(made) == 1 and _mode(made[0]) == 0o600
    assert _mode(workdir / "sauvegardes") == 0o700


def test_restaurer_checks_the_file_says_what_is_lost_and_keeps_what_it_replaces(workdir):
    ranked(workdir)
    assert amphi(workdir, "sauvegarde", "avant.sqlite3").returncode == 0
    assert amphi(workdir, "appel", "ouvrir", "--liste", "MG").returncode == 0
    asked = amphi(workdir, "restaurer", "avant.sqlite3")  # no terminal: not done
    assert asked.returncode == 1
    assert "seront perdues" in asked.stdout + asked.stderr
    (workdir / "pas_une_base.sqlite3").write_text("bonjour", encoding="utf-8")
    garbage = amphi(workdir, "restaurer", "pas_une_base.sqlite3", "--oui")
    assert garbage.returncode == 2 and "n'est pas une base SQLite" in garbage.stderr
    newer = workdir / "future.sqlite3"
    newer.write_bytes((workdir / "avant.sqlite3").read_bytes())
    with sqlite3.connect(newer) as connection:
        connection.execute("PRAGMA user_version = 999")
    refused = amphi(workdir, "restaurer", str(newer), "--oui")
    assert refused.returncode == 2 and "version plus récente d'amphi" in refused.stderr
    assert "choix en cours" in amphi(workdir, "appel", "--liste", "MG").stdout  # unchanged

    done = amphi(workdir, "restaurer", "avant.sqlite3", "--oui")
    assert done.returncode == 0, done.stderr
    assert "choix en cours" not in amphi(workdir, "appel", "--liste", "MG").stdout
    journal = amphi(workdir, "journal").stdout
    assert "base restaurée depuis « avant.sqlite3 »" in journal
    kept = list((workdir / "sauvegardes").glob("auto-*-avantrestauration.sqlite3"))
    assert len(kept) == 1
    back = amphi(workdir, "restaurer", str(kept[0]), "--oui")  # the restore undone
    assert (
        back.returncode == 0 and "choix en cours" in amphi(workdir, "appel", "--liste", "MG").stdout
    )


def test_the_sauvegardes_table_is_checked_and_automatic_copies_are_kept_to_garder(workdir):
    ranked(workdir)
    config = workdir / "config.toml"
    config.write_text(db_setup.CONFIG + "\n[sauvegardes]\ngarder = 0\n", encoding="utf-8")
    zero = amphi(workdir, "sauvegarde")
    assert zero.returncode == 2 and "[sauvegardes] garder : entier de 1 à 10000" in zero.stderr
    config.write_text(db_setup.CONFIG + '\n[sauvegardes]\ndosier = "x"\n', encoding="utf-8")
    typo = amphi(workdir, "sauvegarde")
    assert typo.returncode == 2 and "dosier" in typo.stderr
    config.write_text(
        db_setup.CONFIG + '\n[sauvegardes]\ngarder = 1\ndossier = "copies"\n', encoding="utf-8"
    )
    assert amphi(workdir, "sauvegarde", "a_moi.sqlite3").returncode == 0
    assert amphi(workdir, "appel", "ouvrir", "--liste", "MG").returncode == 0
    assert amphi(workdir, "restaurer", "a_moi.sqlite3", "--oui").returncode == 0
    kept = sorted(path.name for path in (workdir / "copies").iterdir())
    assert len(kept) == 1 and kept[0].endswith("-avantrestauration.sqlite3")
    assert (workdir / "a_moi.sqlite3").exists()  # named by a gestionnaire: never removed


def _listes_ok(workdir) -> None:
    shown = amphi(workdir, "listes")
    assert shown.returncode == 0 and "MG" in shown.stdout, shown.stderr


def test_a_backup_carrying_a_trigger_of_someone_else_is_refused_before_the_base_is_touched(
    workdir,
):
    ranked(workdir)
    assert amphi(workdir, "sauvegarde", "copie.sqlite3").returncode == 0
    before = amphi(workdir, "journal", "--format", "csv").stdout
    with sqlite3.connect(workdir / "copie.sqlite3") as connection:  # foreign SQL on each choice
        connection.execute(
            "CREATE TRIGGER espion AFTER INSERT ON choix BEGIN "
            "UPDATE interne SET email = 'x@ailleurs.fr' WHERE id = NEW.interne_id; END"
        )
    refused = amphi(workdir, "restaurer", "copie.sqlite3", "--oui")
    assert refused.returncode == 2, refused.stderr
    assert "n'a pas le schéma d'amphi" in refused.stderr
    assert "déclencheur « espion » en plus" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert amphi(workdir, "journal", "--format", "csv").stdout == before  # nothing happened
    assert not list((workdir / "sauvegardes").glob("*avantrestauration*"))
    with sqlite3.connect(workdir / "amphi.sqlite3") as connection:
        triggers = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        )}  # fmt: skip
    assert "espion" not in triggers
    _listes_ok(workdir)


def test_a_foreign_file_or_a_tampered_journal_is_refused_and_the_base_still_opens(workdir):
    ranked(workdir)
    foreign = workdir / "autre.sqlite3"
    with sqlite3.connect(foreign) as connection:  # an SQLite base that claims a schema number
        connection.execute("CREATE TABLE journal (id INTEGER PRIMARY KEY, at TEXT)")
        connection.execute("CREATE TABLE facture (id INTEGER PRIMARY KEY, montant REAL)")
        connection.execute("PRAGMA user_version = 5")
    refused = amphi(workdir, "restaurer", str(foreign), "--oui")
    assert refused.returncode == 2 and "n'a pas le schéma d'amphi" in refused.stderr
    assert "table « facture » en plus" in refused.stderr
    _listes_ok(workdir)

    assert amphi(workdir, "sauvegarde", "copie.sqlite3").returncode == 0
    with sqlite3.connect(workdir / "copie.sqlite3") as connection:  # put back as it was after
        connection.execute("DROP TRIGGER journal_sans_modification")
        connection.execute("UPDATE journal SET detail = 'rien' WHERE id = 2")
        connection.execute(chaine.JOURNAL_FIGE[0])
    tampered = amphi(workdir, "restaurer", "copie.sqlite3", "--oui")
    assert tampered.returncode == 2
    assert "son journal a été altéré hors d'amphi : entrée n°2 changée" in tampered.stderr
    _listes_ok(workdir)

    assert amphi(workdir, "sauvegarde", "en_service.sqlite3").returncode == 0
    (workdir / "en_service.sqlite3-wal").write_bytes(b"\0" * 4096)  # acts a copy would not read
    in_use = amphi(workdir, "restaurer", "en_service.sqlite3", "--oui")
    assert in_use.returncode == 2 and "a des écritures dans « en_service.sqlite3-wal »" in (
        in_use.stderr
    )


def test_restaurer_names_the_file_it_is_given_and_never_the_live_base(workdir):
    ranked(workdir)
    odd = workdir / "copie #1 ?.sqlite3"
    assert amphi(workdir, "sauvegarde", str(odd)).returncode == 0
    (workdir / "copie ").write_text("un autre fichier", encoding="utf-8")  # what « # » cut to
    assert amphi(workdir, "appel", "ouvrir", "--liste", "MG").returncode == 0
    asked = amphi(workdir, "restaurer", str(odd))
    assert asked.returncode == 1, asked.stderr
    assert "son journal est intact" in asked.stdout and "chaîne suivie" in asked.stdout
    done = amphi(workdir, "restaurer", str(odd), "--oui")
    assert done.returncode == 0, done.stderr
    assert "(son journal vérifié : chaîne suivie)" in done.stdout
    assert "choix en cours" not in amphi(workdir, "appel", "--liste", "MG").stdout

    assert amphi(workdir, "appel", "ouvrir", "--liste", "MG").returncode == 0
    itself = amphi(workdir, "restaurer", "amphi.sqlite3", "--oui")
    assert itself.returncode == 2 and "est la base elle-même" in itself.stderr
    assert "choix en cours" in amphi(workdir, "appel", "--liste", "MG").stdout


def test_a_backup_whose_rows_point_at_nothing_is_refused_naming_the_table(workdir):
    ranked(workdir)
    assert amphi(workdir, "appel", "ouvrir", "--liste", "MG").returncode == 0
    assert amphi(workdir, "sauvegarde", "copie.sqlite3").returncode == 0
    before = amphi(workdir, "appel", "resultats", "--liste", "MG").stdout
    with sqlite3.connect(workdir / "copie.sqlite3") as connection:  # a place that is no poste
        connection.execute(
            "INSERT INTO choix (liste_id, interne_id, poste_id, nature, at, auteur) "
            "SELECT liste.id, (SELECT min(id) FROM interne), 'FANTOME', 'choix', "
            "'2026-12-06T22:00:00+00:00', 'pirate' FROM liste WHERE nom = 'MG'"
        )
    refused = amphi(workdir, "restaurer", "copie.sqlite3", "--oui")
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "table « choix » : 1 ligne(s) renvoyant à une ligne absente de « poste »" in (
        refused.stderr
    )
    assert "Traceback" not in refused.stderr
    assert not list((workdir / "sauvegardes").glob("*avantrestauration*"))
    after = amphi(workdir, "appel", "resultats", "--liste", "MG").stdout
    assert "FANTOME" not in after and after == before
