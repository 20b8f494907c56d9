"""The journal's chain: an entry changed, removed or added behind amphi's back (sqlite3 on the
file) is named by `amphi journal --verifier`; the results carry the head they were read at."""

import csv
import io
import sqlite3

import pdfplumber

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
    head = amphi(workdir, "journal", "--verifier").stdout.split("; ")[1].rstrip(".\n")
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
