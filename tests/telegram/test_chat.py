"""`amphi emulateur chat`: a person talks to the real bot from the terminal, the emulator standing
for Telegram, on the same database as the command line."""

import subprocess

from tests.cli_harness import AMPHI, amphi


def chat(workdir, comme: str, lines: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [AMPHI, "emulateur", "chat", "--comme", comme], cwd=workdir, input=lines,
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_a_gestionnaire_ranks_a_list_from_the_terminal(workdir):
    assert amphi(workdir, "import", "internes", "internes.csv", "--oui").returncode == 0
    result = chat(workdir, "gestionnaire", "/listes\n#1\n#1\n#1\n#99\n:quitter\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "bot › Semestre d'hiver 2026-2027 — Amiens" in out and "  #1 MG — à classer" in out
    assert "Pré-classement de « MG » enregistré : 6 internes, 1 groupe(s) d'ex-aequo" in out
    assert "(pas de bouton de ce numéro dans le dernier clavier)" in out
    assert "Internes libres pour --comme interne:ID : 1, 2, 3, 4, 5, 6" in out
    assert out.endswith("fin de la conversation.\n")
    assert "pré-classement : 6 internes" in amphi(workdir, "journal").stdout  # the same base


def test_an_interne_is_bound_by_an_invitation_and_reads_his_rank(workdir):
    for args in (
        ("import", "internes", "internes.csv", "--oui"),
        ("preclassement", "--liste", "MG"),
    ):
        assert amphi(workdir, *args).returncode == 0
    result = chat(workdir, "interne:4", "/rang\n")
    assert result.returncode == 0, result.stderr
    assert "Rang d'appel" in result.stdout and "Traceback" not in result.stderr


def test_who_speaks_is_checked_before_anything(workdir):
    assert amphi(workdir, "import", "internes", "internes.csv", "--oui").returncode == 0
    wrong = chat(workdir, "personne", "")
    assert wrong.returncode == 2 and "option --comme : « personne »" in wrong.stderr
    unknown = chat(workdir, "interne:404", "")
    assert unknown.returncode == 2 and "404" in unknown.stderr and wrong.stdout == ""


def test_a_second_interne_after_a_first_speaks_as_himself(workdir):
    """Each interne has his own Telegram account in the chat: a session as 5 after one as 4 is 5
    (the accounts were one, so 5 spoke as 4, bound before him, and 4's acts were his)."""
    assert amphi(workdir, "import", "internes", "internes.csv", "--oui").returncode == 0
    first = chat(workdir, "interne:4", "/moi\n")
    second = chat(workdir, "interne:5", "/moi\n")
    assert first.returncode == second.returncode == 0, second.stderr
    assert "(4)" in first.stdout and "(5)" not in first.stdout
    assert "(5)" in second.stdout and "(4)" not in second.stdout
    again = chat(workdir, "interne:4", "/moi\n")  # his own account again, still bound
    assert "(4)" in again.stdout and "(5)" not in again.stdout
