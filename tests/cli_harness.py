"""`amphi` as a gestionnaire runs it: a real process in a folder holding config.toml."""

import asyncio
import hashlib
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

AMPHI = str(Path(sys.executable).parent / "amphi")


def amphi(workdir: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "AMPHI_AUTEUR": "Mme Durand"}
    return subprocess.run(
        [AMPHI, *args], cwd=workdir, capture_output=True, text=True, timeout=60,
        input=stdin, env=environment,
    )  # fmt: skip


RANKING = (
    ("import", "internes", "internes.csv", "--oui"),
    ("import", "postes", "postes.csv", "--oui"),
    ("preclassement", "--liste", "MG"),
    ("exaequo", "ordonner", "--groupe", "1", "2", "3", "--liste", "MG"),
    ("exaequo", "valider", "--liste", "MG"),
    ("final", "valider", "--liste", "MG"),
)
_FOLDERS: dict[tuple[str, bytes], dict[str, tuple[bytes | None, int, int]]] = {}
"""What a recipe left in a folder (each file's content, mode and time; None for a folder), by
the recipe's name and what the folder held before it."""


def _snapshot(workdir: Path) -> dict[str, tuple[bytes | None, int, int]]:
    found = {}
    for path in sorted(workdir.rglob("*")):
        info = path.stat()
        content = path.read_bytes() if path.is_file() else None
        found[str(path.relative_to(workdir))] = (
            content,
            stat.S_IMODE(info.st_mode),
            info.st_mtime_ns,
        )
    return found


def once(workdir: Path, recipe: str, steps: Callable[[], None]) -> None:
    """`steps` (real `amphi` processes, as a gestionnaire types them) run once per recipe
    (its name, unique among the tests),
    folder content and test worker: a later folder holding the same files gets the files they
    left, byte for byte, with their modes and times (a backup's rotation reads them). Not kept
    when SQLite left a file beside a base (a -wal, a -shm: the copy would not be the base)."""
    before = {name: content for name, (content, _, _) in _snapshot(workdir).items()}
    key = (recipe, hashlib.sha256(repr(sorted(before.items())).encode()).digest())
    if key in _FOLDERS:
        for name, (content, mode, mtime) in _FOLDERS[key].items():
            path = workdir / name
            if content is None:
                path.mkdir(exist_ok=True)
            else:
                path.write_bytes(content)
                os.utime(path, ns=(mtime, mtime))
            path.chmod(mode)
        for name in set(before) - set(_FOLDERS[key]):
            (workdir / name).unlink()
        return
    steps()
    after = _snapshot(workdir)
    if not any(name.endswith(("-wal", "-shm", "-journal")) for name in after):
        _FOLDERS[key] = after


def ranked(workdir: Path) -> None:
    """MG ranked to its validated final order by the gestionnaire's six commands, each a real
    process (once per folder content and test worker, see `once`)."""

    def steps() -> None:
        for args in RANKING:
            result = amphi(workdir, *args)
            assert result.returncode == 0, (args, result.stderr)

    once(workdir, "ranked", steps)


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
