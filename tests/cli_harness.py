"""`amphi` as a gestionnaire runs it: a real process in a folder holding config.toml."""

import os
import subprocess
import sys
from pathlib import Path

AMPHI = str(Path(sys.executable).parent / "amphi")


def amphi(workdir: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "AMPHI_AUTEUR": "Mme Durand"}
    return subprocess.run(
        [AMPHI, *args], cwd=workdir, capture_output=True, text=True, timeout=60,
        input=stdin, env=environment,
    )  # fmt: skip


def ranked(workdir) -> None:
    for args in (
        ("import", "internes", "internes.csv", "--oui"),
        ("import", "postes", "postes.csv", "--oui"),
        ("preclassement", "--liste", "MG"),
        ("exaequo", "ordonner", "--groupe", "1", "2", "3", "--liste", "MG"),
        ("exaequo", "valider", "--liste", "MG"),
        ("final", "valider", "--liste", "MG"),
    ):
        result = amphi(workdir, *args)
        assert result.returncode == 0, (args, result.stderr)
