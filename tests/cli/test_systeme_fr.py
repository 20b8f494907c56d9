"""The file system's refusals said in French by every command that reads or writes a file: a
missing folder, a folder for a file, a full disk, a named pipe. Never the system's English
(« No such file or directory »), never a traceback, never a command waiting forever."""

import errno
import os
import resource
import signal
import subprocess

import pytest

from bot.operations import systeme
from tests.cli_harness import AMPHI, amphi, ranked
from tests.conftest import csv_bytes, interne

ENGLISH = ("No such", "Is a directory", "Errno", "Traceback", "denied", "No space", "Not a")


def said_in_french(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert not any(english in result.stderr for english in ENGLISH), result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (("exemple", "--internes", "5", "--sortie", "{absent}/x.csv"), "introuvable"),
        (("exemple", "--internes", "5", "--sortie", "{dossier}"), "c'est un dossier"),
        (
            ("exemple", "--internes", "5", "--sortie", "i.csv", "--postes", "{absent}/p.csv"),
            "introuvable",
        ),
        (("sauvegarde", "{dossier}"), "c'est un dossier"),
        (("sauvegarde", "{fichier}/x.sqlite3"), "n'est pas un dossier"),
        (("pdf", "appel", "--liste", "MG", "--sortie", "/proc/x.pdf"), "introuvable"),
        (("pdf", "emargement", "--liste", "MG", "--sortie", "/proc/x.pdf"), "introuvable"),
    ],
)
def test_every_file_a_command_cannot_write_is_said_in_french_with_its_path(workdir, args, reason):
    ranked(workdir)
    (workdir / "dossier").mkdir()
    places = {
        "absent": str(workdir / "nulle" / "part"),
        "dossier": str(workdir / "dossier"),
        "fichier": str(workdir / "config.toml"),
    }
    args = tuple(arg.format(**places) for arg in args)
    result = amphi(workdir, *args)
    path = next(arg for arg in reversed(args) if "/" in arg)
    said_in_french(result, reason, path)


@pytest.mark.parametrize(
    "args",
    [
        ("import", "postes", "{fifo}"),
        ("import", "internes", "{fifo}", "--oui"),
        ("listes", "--config", "{fifo}"),
        ("interclassement", "ri3", "{fifo}"),
        (
            "preclassement", "--internes", "{fifo}", "--semestre", "2026-11",
            "--formation", "medecine", "--circonscription", "Amiens",
        ),
    ],
)  # fmt: skip
def test_a_named_pipe_to_read_is_refused_at_once(workdir, args):
    fifo = workdir / "tube.csv"
    os.mkfifo(fifo)
    result = amphi(workdir, *(arg.format(fifo=fifo) for arg in args))  # 60 s: it used to hang
    said_in_french(result, f"« {fifo} » est un tube nommé, pas un fichier")


def test_a_device_to_import_is_refused_at_once(workdir):
    said_in_french(amphi(workdir, "import", "postes", "/dev/zero"), "est un périphérique")


def test_a_full_disk_under_the_standard_output_is_said_in_french(workdir):
    ranked(workdir)
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [AMPHI, "listes"], cwd=workdir, stdout=full, stderr=subprocess.PIPE, text=True,
            timeout=60,
        )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr == (
        "erreur : sortie standard : disque plein ; la commande s'est terminée, seul ce qu'elle "
        "affichait est perdu\n"
    )


def test_a_reader_that_stops_early_gets_no_traceback(workdir):
    ranked(workdir)
    process = subprocess.Popen(
        [AMPHI, "journal"], cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "AMPHI_AUTEUR": "Mme Durand"},
    )  # fmt: skip
    process.stdout.close()  # `amphi journal | head -0`
    errors = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0
    assert errors == ""


def test_no_system_error_is_ever_said_in_the_system_s_english():
    for code in errno.errorcode:
        said = systeme.dire(OSError(code, os.strerror(code), "/tmp/x"))
        assert os.strerror(code) not in said, said
        assert said.startswith("« /tmp/x » : ")
    assert systeme.raison(OSError(errno.ENOSPC, "No space left on device")) == "disque plein"
    assert systeme.raison(OSError(errno.EHOSTDOWN, "Host is down")) == (
        "erreur du système de fichiers (code EHOSTDOWN)"
    )


@pytest.mark.parametrize("count", [2000, 20000], ids=["at-the-commit", "midway"])
def test_a_disk_that_refuses_the_base_s_writes_is_said_in_french_and_leaves_no_base(workdir, count):
    """The disk fills while SQLite writes the import (its process may write 640 Kio, no more):
    SQLite says « disk I/O error »; the gestionnaire reads what happened and what to look at.
    A big import fills it midway, before the commit: SQLite has then undone the transaction
    itself, and that is still said as the disk's refusal (not « erreur de la base SQLite »)."""
    rows = [interne(str(i), nom=f"Nom{i}", rin=i) for i in range(1, count + 1)]
    (workdir / "gros.csv").write_bytes(csv_bytes(rows))

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails, the process goes on
        resource.setrlimit(resource.RLIMIT_FSIZE, (640 * 1024, 640 * 1024))

    done = subprocess.run(
        [AMPHI, "import", "internes", "gros.csv", "--oui"], cwd=workdir, capture_output=True,
        text=True, timeout=60, preexec_fn=small_disk,
    )  # fmt: skip
    said_in_french(done, "le disque a refusé une écriture (disque plein ? support retiré ?)")
    assert not (workdir / "amphi.sqlite3").exists()  # the base it was creating is not left
