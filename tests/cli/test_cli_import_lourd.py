"""`amphi import` on files far beyond a subdivision's: an XLSX that unzips to hundreds of
megabytes, a file of more rows than amphi reads. Refused at once, in French, naming the file and
the limit; nothing written."""

import time

from tests.cli_harness import amphi
from tests.conftest import csv_bytes, interne
from tests.telegram.test_import_lourd import bombe


def test_an_xlsx_unzipping_beyond_a_table_is_refused_at_once(workdir):
    assert amphi(workdir, "import", "internes", "internes.csv", "--oui").returncode == 0
    before = amphi(workdir, "journal", "--format", "csv").stdout
    (workdir / "postes.xlsx").write_bytes(bombe(300))
    started = time.monotonic()
    refused = amphi(workdir, "import", "postes", "postes.xlsx", "--oui")
    took = time.monotonic() - started
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "postes.xlsx : fichier XLSX qui se décompresse en 300 Mo, au-delà des 256 Mo" in (
        refused.stderr
    )
    assert "Traceback" not in refused.stderr
    assert took < 5, took
    assert amphi(workdir, "journal", "--format", "csv").stdout == before


def test_a_file_of_more_rows_than_amphi_reads_is_refused_saying_the_limit(workdir):
    rows = [interne(str(n)) for n in range(1, 100_001)]  # the header makes 100 001 lines
    (workdir / "internes.csv").write_bytes(csv_bytes(rows))
    refused = amphi(workdir, "import", "internes", "internes.csv", "--oui")
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "internes.csv : plus de 100 000 lignes (lignes vides comprises) : amphi en lit au " in (
        refused.stderr
    )
    assert "Traceback" not in refused.stderr
    assert not (workdir / "amphi.sqlite3").exists()  # the first import: no base made
