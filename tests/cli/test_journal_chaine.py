"""The journal's chain: an entry changed, removed or added behind amphi's back (sqlite3 on the
file) is named by `amphi journal --verifier`; the results carry the head they were read at."""

import csv
import io
import re
import sqlite3

import pdfplumber

from storage import chaine
from tests.cli_harness import amphi, ranked


def _sql(workdir, *statements: str) -> None:
    with sqlite3.connect(workdir / "amphi.sqlite3") as connection:
        for statement in statements:
            connection.execute(statement)


def test_a_journal_edited_behind_amphi_s_back_is_named(workdir):
    ranked(workdir)
    whole = amphi(workdir, "journal", "--verifier")
    assert whole.returncode == 0 and whole.stdout.startswith("Journal intact : ")
    _sql(
        workdir,
        "DROP TRIGGER journal_sans_modification",
        "UPDATE journal SET detail = 'rien à voir' WHERE id = 3",
    )
    changed = amphi(workdir, "journal", "--verifier")
    assert changed.returncode == 2
    assert "entrée n°3 changée ou ajoutée hors d'amphi" in changed.stderr
    _sql(workdir, "DROP TRIGGER journal_sans_effacement", "DELETE FROM journal WHERE id = 5")
    removed = amphi(workdir, "journal", "--verifier")
    assert "entrée n°5 retirée" in removed.stderr
    _sql(
        workdir,
        "INSERT INTO journal (at, auteur, action, detail, empreinte) "
        "VALUES ('2026-12-01T10:00:00+00:00', 'cli:x', 'appel.choisir', 'faux', 'abc')",
    )
    added = amphi(workdir, "journal", "--verifier")
    last = sqlite3.connect(workdir / "amphi.sqlite3").execute("SELECT max(id) FROM journal")
    assert f"entrée n°{last.fetchone()[0]} changée ou ajoutée hors d'amphi" in added.stderr


def test_the_results_print_the_chain_s_head(workdir):
    ranked(workdir)
    assert amphi(workdir, "appel", "ouvrir", "--liste", "MG").returncode == 0
    assert amphi(workdir, "appel", "choisir", "1", "MG-1", "--liste", "MG").returncode == 0
    head = re.search("« (.*?) »", amphi(workdir, "journal", "--verifier").stdout)[1]
    assert head.startswith("journal n°")
    rows = list(csv.DictReader(io.StringIO(amphi(
        workdir, "appel", "resultats", "--liste", "MG", "--format", "csv"
    ).stdout)))  # fmt: skip
    assert {row["journal"] for row in rows} == {head}
    target = workdir / "resultats.pdf"
    assert (
        amphi(workdir, "pdf", "resultats", "--liste", "MG", "--sortie", str(target)).returncode == 0
    )
    with pdfplumber.open(target) as pdf:
        assert head in pdf.pages[0].extract_text()


def _entries(workdir) -> list[tuple]:
    with sqlite3.connect(workdir / "amphi.sqlite3") as connection:
        return connection.execute(
            "SELECT id, at, auteur, action, liste_id, avant, apres, detail, empreinte "
            "FROM journal ORDER BY id"
        ).fetchall()


def test_an_entry_inserted_with_a_number_of_its_own_is_named_not_entries_that_never_were(
    workdir,
):
    ranked(workdir)
    last = _entries(workdir)[-1]
    forged = (last[0] + 7, last[1], "cli:x", "appel.choisir", None, None, None, "1 prend MG-1")
    fingerprint = chaine.empreinte(last[8], forged)  # chained as amphi would: only the number
    with sqlite3.connect(workdir / "amphi.sqlite3") as connection:  # the guards stay
        connection.execute(
            "INSERT INTO journal (id, at, auteur, action, liste_id, avant, apres, detail, "
            "empreinte) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*forged, fingerprint),
        )
    found = amphi(workdir, "journal", "--verifier")
    assert found.returncode == 2
    assert f"entrée n°{last[0] + 7} ajoutée hors d'amphi" in found.stderr
    assert "retirée" not in found.stderr, found.stderr


def test_a_journal_s_end_cut_off_and_its_guards_dropped_are_noticed(workdir):
    ranked(workdir)
    count = len(_entries(workdir))
    _sql(
        workdir,
        "DROP TRIGGER journal_sans_effacement",
        f"DELETE FROM journal WHERE id > {count - 3}",
    )
    cut = amphi(workdir, "journal", "--verifier")
    assert cut.returncode == 2
    assert f"entrées n°{count - 2} à {count} retirées de la fin du journal" in cut.stderr
    assert "le garde du journal « journal_sans_effacement » manque" in cut.stderr
    assert amphi(workdir, "appel", "ouvrir", "--liste", "MG", "--oui").returncode == 0
    later = amphi(workdir, "journal", "--verifier")  # amphi wrote on: the cut is still named
    assert (
        f"entrées n°{count - 2} à {count} retirées de la fin du journal, avant l'entrée "
        f"n°{count + 1}" in later.stderr
    )
    assert "ajoutée" not in later.stderr, later.stderr


def test_a_blob_in_the_journal_is_answered_in_french(workdir):
    ranked(workdir)
    _sql(
        workdir,
        "DROP TRIGGER journal_sans_modification",
        "UPDATE journal SET detail = X'00ff10' WHERE id = 2",
    )
    found = amphi(workdir, "journal", "--verifier")
    assert found.returncode == 2, found.stderr
    assert "entrée n°2 changée hors d'amphi : du binaire (BLOB) dans « detail »" in found.stderr
    assert "Traceback" not in found.stderr
    assert "le garde du journal « journal_sans_modification » manque" in found.stderr
    listed = amphi(workdir, "journal")
    assert listed.returncode == 2 and "Traceback" not in listed.stderr
    assert "l'entrée n°2 du journal ne se lit pas" in listed.stderr


def test_a_cut_of_the_journal_s_end_with_its_numbering_is_caught_by_the_printed_head(workdir):
    ranked(workdir)
    whole = amphi(workdir, "journal", "--verifier")
    printed = re.search("« (journal n°(\\d+), empreinte ([0-9a-f]{16})) »", whole.stdout)
    assert whole.returncode == 0 and "comparez-la à la dernière tête imprimée" in whole.stdout
    number, fingerprint = printed[2], printed[3]
    same = amphi(workdir, "journal", "--verifier", "--tete", f"{number}:{fingerprint}")
    assert same.returncode == 0, same.stderr
    assert f"la tête imprimée n°{number} s'y retrouve." in same.stdout
    guards = [row[0] for row in sqlite3.connect(workdir / "amphi.sqlite3").execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'journal'"
    )]  # fmt: skip
    _sql(
        workdir,
        "DROP TRIGGER journal_sans_modification",
        "DROP TRIGGER journal_sans_effacement",
        f"DELETE FROM journal WHERE id = {number}",
        "UPDATE sqlite_sequence SET seq = seq - 1 WHERE name = 'journal'",
        *guards,
    )
    alone = amphi(workdir, "journal", "--verifier")  # the base alone cannot tell
    assert alone.returncode == 0 and f"journal n°{int(number) - 1}, " in alone.stdout
    anchored = amphi(workdir, "journal", "--verifier", "--tete", printed[1])
    assert anchored.returncode == 2
    assert anchored.stderr == (
        f"refusé : journal altéré hors d'amphi : la tête imprimée est l'entrée n°{number}, le "
        f"journal s'arrête à la n°{int(number) - 1} : entrée(s) n°{number} retirée(s) de sa fin "
        "hors d'amphi\n"
    )


def test_a_printed_head_that_is_not_one_is_refused_in_french(workdir):
    ranked(workdir)
    said = amphi(workdir, "journal", "--verifier", "--tete", "douze")
    assert said.returncode == 2
    assert said.stderr.startswith("erreur : argument --tete : « douze » n'est pas une tête")
