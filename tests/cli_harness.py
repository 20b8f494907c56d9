"""`amphi` as a gestionnaire runs it: a real process in a folder holding config.toml."""

import asyncio
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


async def portable(path: Path, *args: str) -> None:
    """`amphi appel … --liste MG` on the gestionnaire's laptop, in its own process, while the
    test's event loop (a bot, the emulator) runs on."""
    process = await asyncio.create_subprocess_exec(
        AMPHI, "appel", *args, "--liste", "MG", "--db", str(path), cwd=path.parent,
        env={**os.environ, "AMPHI_AUTEUR": "M. Portable"},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, stderr = await process.communicate()
    assert process.returncode == 0, stderr.decode()
