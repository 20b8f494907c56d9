"""`amphi … --help` is wrapped to the terminal's width ($COLUMNS), as argparse does it."""

import os
import subprocess

from tests.cli_harness import AMPHI


def _help(columns: str, *command: str) -> list[str]:
    environment = {**os.environ, "COLUMNS": columns}
    done = subprocess.run(
        [AMPHI, *command, "--help"], capture_output=True, text=True, timeout=60, env=environment
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_the_help_fits_the_terminal_width():
    narrow = _help("50", "appel", "choisir")
    wide = _help("160", "appel", "choisir")
    assert max(map(len, narrow)) < 60 < max(map(len, wide))
    assert len(narrow) > len(wide)
    assert any("maquette" in line for line in narrow)
    assert " ".join(" ".join(narrow).split()) == " ".join(" ".join(wide).split())
