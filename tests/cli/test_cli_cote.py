"""Semesters side by side (règles §7): once the next semester is built, the winter base is an
archive beside the live one (« amphi-2026-11.sqlite3 »). `--semestre 2026-11` reads it; it
refuses every write but the purge and the restore; backups carry their semester in their name
and go back only into their own semester's base; purging the archive leaves the live base, its
phones and its Telegram accounts, untouched."""

import asyncio
import os
import sqlite3
from pathlib import Path

import pytest

from bot.emulateur import Emulateur
from bot.emulateur.http import port_of, servir
from bot.operations import comptes
from bot.operations.base import Contexte
from storage.database import Database
from tests import db_setup
from tests.cli_harness import AMPHI, amphi, once, ranked
from tests.conftest import csv_bytes, interne

WINTER, SUMMER = "2026-11", "2027-05"
ARCHIVE = f"amphi-{WINTER}.sqlite3"
TELEGRAM = 4242424242


@pytest.fixture
def semestres(workdir: Path) -> Path:
    """Winter called and closed (a procuration, a Telegram account, automatic copies), then
    the next semester built (`amphi semestre suivant`): the winter base archived beside the
    live one, the live base turned into summer with its accounts kept."""
    rows = [interne(str(i), nom=f"Nom{i}", rin=(1, 2, 2, 4, 5, 6)[i - 1]) for i in range(1, 7)]
    rows[0].update(telephone="06 11 22 33 44")
    rows.append(interne("7", discipline="Psychiatrie", des="Psychiatrie", rin=1))
    (workdir / "internes.csv").write_bytes(csv_bytes(rows))
    once(
        workdir,
        "côte à côte : hiver clos, été construit",
        lambda: _winter_closed_then_summer(workdir),
    )
    config = workdir / "config.toml"
    config.write_text(config.read_text().replace(f'"{WINTER}"', f'"{SUMMER}"'))
    return workdir


def _winter_closed_then_summer(workdir: Path) -> None:
    ranked(workdir)
    base = workdir / "amphi.sqlite3"
    asyncio.run(_bind(base))
    steps = [
        ("procuration", "2", "--telephone", "06 98 76 54 32", "--voeux", "MG-1", "MG-2", "MG-3"),
        ("appel", "ouvrir", "--liste", "MG"),
        ("appel", "choisir", "1", "MG-1", "--liste", "MG"), ("appel", "absent", "2", "--liste", "MG"),
        *(("appel", "choisir", i, f"MG-{n}", "--liste", "MG")
          for i, n in (("3", 2), ("4", 2), ("5", 3), ("6", 3))),
        ("appel", "clore", "--liste", "MG"),
        ("preclassement", "--liste", "Psy"), ("final", "valider", "--liste", "Psy"),
        ("appel", "ouvrir", "--liste", "Psy"),
        ("appel", "choisir", "7", "Psy-1", "--liste", "Psy"),
        ("appel", "clore", "--liste", "Psy"),
    ]  # fmt: skip
    for args in steps:
        done = amphi(workdir, *args)
        assert done.returncode == 0, (args, done.stderr)
    built = amphi(workdir, "semestre", "suivant", "--oui")
    assert built.returncode == 0, built.stderr


async def _bind(base: Path) -> None:
    database = await Database.open(base)
    ctx = Contexte(database, db_setup.config(), "test")
    code = await comptes.inviter(ctx, "1")
    await comptes.lier_par_code(ctx, code, TELEGRAM, "Léa")
    await database.close()


def _rows(path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as connection:
        found = connection.execute(sql).fetchall()
    connection.close()
    return found


def _dump(path: Path) -> list[str]:
    """The base's content, row by row (its bytes move when SQLite folds its WAL in)."""
    with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as connection:
        found = list(connection.iterdump())
    connection.close()
    return found


def test_semestre_reads_the_archive_beside_the_base_and_names_the_known_ones(semestres):
    winter = amphi(semestres, "appel", "resultats", "--liste", "MG", "--semestre", WINTER)
    assert winter.returncode == 0, winter.stderr
    assert "MG-1" in winter.stdout and "par procuration" in winter.stdout
    listes = amphi(semestres, "listes", "--semestre", WINTER)
    assert listes.returncode == 0 and "choix clos" in listes.stdout, listes.stderr
    assert listes.stdout.startswith("Semestre d'hiver 2026-2027 — ")
    same = amphi(semestres, "listes", "--semestre", SUMMER)
    assert same.returncode == 0 and same.stdout == amphi(semestres, "listes").stdout
    journal = amphi(semestres, "journal", "--semestre", WINTER, "--verifier")
    assert journal.returncode == 0 and "Journal intact" in journal.stdout, journal.stderr
    pdf = amphi(semestres, "pdf", "resultats", "--liste", "MG", "--semestre", WINTER,
                "--sortie", "hiver.pdf")  # fmt: skip
    assert pdf.returncode == 0 and (semestres / "hiver.pdf").is_file(), pdf.stderr

    unknown = amphi(semestres, "listes", "--semestre", "2025-05")
    assert unknown.returncode == 2
    assert unknown.stderr == (
        "refusé : argument --semestre : 2025-05 : aucun semestre de ce nom ; connus : "
        f"{WINTER} ({ARCHIVE}), {SUMMER} (en cours)\n"
    )
    malformed = amphi(semestres, "journal", "--semestre", "hiver")
    assert malformed.returncode == 2 and "« hiver » n'est pas un semestre" in malformed.stderr
    inside = amphi(semestres, "listes", "--db", ARCHIVE, "--semestre", SUMMER)
    assert inside.returncode == 2
    assert f"« {ARCHIVE} » est l'archive du semestre {WINTER}" in inside.stderr
    (semestres / ARCHIVE).rename(semestres / "ailleurs.sqlite3")
    gone = amphi(semestres, "verifier", "--semestre", WINTER)
    assert gone.returncode == 2 and f"l'archive « {ARCHIVE} » est introuvable" in gone.stderr


def test_an_archive_refuses_every_write_but_purge_and_restore(semestres):
    archive = semestres / ARCHIVE
    before = _dump(archive)
    said = (
        f"refusé : la base du semestre {WINTER} est archivée (le semestre {SUMMER} a été "
        "construit depuis) : on la lit, on la purge, on la restaure, rien d'autre\n"
    )
    for args in (
        ("rouvrir", "--liste", "MG", "--motif", "remords", "--db", ARCHIVE),
        ("appel", "ouvrir", "--liste", "Psy", "--semestre", WINTER),
        ("invitation", "--interne", "2", "--db", ARCHIVE),
        ("import", "internes", "internes.csv", "--oui", "--db", ARCHIVE),
    ):
        refused = amphi(semestres, *args)
        assert (refused.returncode, refused.stderr) == (2, said), args
    assert _dump(archive) == before


def test_backups_carry_their_semester_and_go_back_only_into_its_base(semestres):
    folder = semestres / "sauvegardes"
    live = amphi(semestres, "sauvegarde")
    assert live.returncode == 0 and f"-{SUMMER}.sqlite3" in live.stdout, live.stderr
    made = amphi(semestres, "sauvegarde", "--semestre", WINTER)
    assert made.returncode == 0 and f"-{WINTER}.sqlite3" in made.stdout, made.stderr
    copy = next(folder.glob(f"amphi-*-{WINTER}.sqlite3"))
    winter_autos = sorted(folder.glob(f"auto-*-{WINTER}-*.sqlite3"))
    motifs = ["ouvertureMG", "clotureMG", "ouverturePsy", "cloturePsy", "avantsemestresuivant"]
    assert [p.name.rsplit("-", 1)[1] for p in winter_autos] == [f"{m}.sqlite3" for m in motifs]

    refused = amphi(semestres, "restaurer", str(copy), "--oui")
    assert refused.returncode == 2
    assert refused.stderr == (
        f"refusé : cette copie est du semestre {WINTER}, la base du semestre {SUMMER} : "
        f"amphi restaurer FICHIER --semestre {WINTER} pour l'archive\n"
    )
    assert _rows(semestres / "amphi.sqlite3", "SELECT code FROM semestre") == [(SUMMER,)]
    summer_copy = next(folder.glob(f"amphi-*-{SUMMER}.sqlite3"))
    wrong = amphi(semestres, "restaurer", str(summer_copy), "--semestre", WINTER, "--oui")
    assert wrong.returncode == 2 and f"cette copie est du semestre {SUMMER}" in wrong.stderr

    before_switch = amphi(semestres, "restaurer", str(winter_autos[-1]), "--semestre", WINTER)
    assert before_switch.returncode == 2, before_switch.stderr
    assert f"est d'avant la construction du semestre {SUMMER}" in before_switch.stderr

    restored = amphi(semestres, "restaurer", str(copy), "--semestre", WINTER, "--oui")
    assert restored.returncode == 0, restored.stderr
    assert next(folder.glob(f"auto-*-{WINTER}-avantrestauration.sqlite3"))
    assert amphi(semestres, "journal", "--semestre", WINTER, "--verifier").returncode == 0


def test_purger_an_archive_leaves_the_live_base_its_phones_and_accounts(semestres):
    base, archive, folder = (semestres / "amphi.sqlite3", semestres / ARCHIVE,
                             semestres / "sauvegardes")  # fmt: skip
    assert amphi(semestres, "sauvegarde").returncode == 0  # a summer copy, named
    summer = sorted(folder.glob(f"*{SUMMER}*.sqlite3"))
    live_before = _dump(base)
    phones = "SELECT id, telephone FROM interne WHERE telephone IS NOT NULL"
    accounts = "SELECT telegram_id, interne_id FROM compte_telegram"
    assert _rows(archive, accounts) == _rows(base, accounts) == [(TELEGRAM, "1")]

    asked = amphi(semestres, "purger", "--semestre", WINTER)
    assert asked.returncode == 1 and "- 1 comptes Telegram liés" in asked.stdout, asked.stderr
    done = amphi(semestres, "purger", "--semestre", WINTER, "--oui")
    assert done.returncode == 0, done.stderr
    assert "Copies automatiques effacées : 5." in done.stdout
    assert f"{SUMMER}" not in done.stdout  # the summer copy is not said to hold winter's data
    assert _rows(archive, accounts) == _rows(archive, phones) == []
    assert b"+33698765432" not in archive.read_bytes()
    assert _dump(base) == live_before
    assert _rows(base, accounts) == [(TELEGRAM, "1")]
    assert _rows(base, phones) == [("1", "06 11 22 33 44")]
    assert sorted(folder.glob(f"*{SUMMER}*.sqlite3")) == summer
    assert not list(folder.glob(f"auto-*-{WINTER}-*.sqlite3"))
    assert amphi(semestres, "journal", "--semestre", WINTER, "--verifier").returncode == 0


async def test_the_bot_started_on_an_archive_is_refused_in_french(tmp_path):
    archive = tmp_path / ARCHIVE
    await (await db_setup.prepared(archive, places=40, open_mg=False)).close()
    with sqlite3.connect(archive) as connection:
        connection.execute("UPDATE semestre SET suivant = ?", (SUMMER,))
    connection.close()
    runner = await servir(Emulateur(), 0)
    port = port_of(runner)
    (tmp_path / "config.toml").write_text(db_setup.CONFIG + (
        f'\n[telegram]\nbase_url = "http://127.0.0.1:{port}/bot"\n'
        f'base_file_url = "http://127.0.0.1:{port}/file/bot"\n'
    ), encoding="utf-8")  # fmt: skip
    process = await asyncio.create_subprocess_exec(
        AMPHI, "bot", "--db", str(archive), cwd=tmp_path,
        env={**os.environ, "AMPHI_TELEGRAM_TOKEN": Emulateur().token},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    finally:
        if process.returncode is None:  # it started on the archive: stopped, not left behind
            process.kill()
            await process.wait()
        await runner.cleanup()
    said = (stdout + stderr).decode()
    assert process.returncode == 2, said
    assert said.startswith(f"refusé : la base du semestre {WINTER} est archivée"), said
    assert "Traceback" not in said


def test_purger_the_summer_base_keeps_its_journal_chained_from_the_winter_head(semestres):
    """The summer journal starts where the winter archive's ends: the purge, which blots and
    chains it again, chains it from there (else `--verifier` finds it altered)."""
    steps = [
        ("delier", str(TELEGRAM)),  # his Telegram id in the summer journal, blotted by the purge
        ("import", "postes", "postes.csv", "--oui"),
        ("preclassement", "--liste", "MG"),
        ("exaequo", "ordonner", "--groupe", "1", "2", "3", "--liste", "MG"),
        ("exaequo", "valider", "--liste", "MG"),
        ("final", "valider", "--liste", "MG"),
        ("procuration", "2", "--telephone", "06 98 76 54 32", "--voeux", "MG-1", "MG-2", "MG-3"),
        ("appel", "ouvrir", "--liste", "MG"),
        ("appel", "choisir", "1", "MG-1", "--liste", "MG"),
        ("appel", "absent", "2", "--liste", "MG"),
        *(("appel", "choisir", i, f"MG-{n}", "--liste", "MG")
          for i, n in (("3", 2), ("4", 2), ("5", 3), ("6", 3))),
        ("appel", "clore", "--liste", "MG"),
        ("preclassement", "--liste", "Psy"), ("final", "valider", "--liste", "Psy"),
        ("appel", "ouvrir", "--liste", "Psy"),
        ("appel", "choisir", "7", "Psy-1", "--liste", "Psy"),
        ("appel", "clore", "--liste", "Psy"),
    ]  # fmt: skip
    for args in steps:
        done = amphi(semestres, *args)
        assert done.returncode == 0, (args, done.stderr)
    purged = amphi(semestres, "purger", "--oui")
    assert purged.returncode == 0, purged.stderr
    assert "la chaîne refaite" in amphi(semestres, "journal").stdout
    verified = amphi(semestres, "journal", "--verifier")
    assert verified.returncode == 0 and "Journal intact" in verified.stdout, verified.stderr
    assert _rows(semestres / ARCHIVE, "SELECT count(*) FROM compte_telegram") == [(1,)]
    assert str(TELEGRAM) not in amphi(semestres, "journal").stdout
