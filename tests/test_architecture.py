"""The layers, read from the source: faces → operations → storage → ranking, never back; the
command line never imports the Telegram stack; the bot imports fpdf2 only to print; storage
reads and writes, ranking decides."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from ranking import errors

ROOT = Path(__file__).resolve().parent.parent

FORBIDDEN = {
    "ranking": ("storage", "bot", "asyncio", "aiosqlite", "telegram", "httpx", "aiohttp", "fpdf"),
    "storage": ("bot", "telegram", "fpdf"),
    "bot/operations": ("bot.cli", "bot.telegram", "bot.repetition", "bot.web", "telegram", "fpdf"),
    "bot/editions": ("bot.operations", "bot.cli", "bot.telegram", "storage", "telegram"),
    "bot/cli": ("storage", "telegram", "bot.telegram", "bot.repetition.emulator", "aiohttp"),
    "bot/telegram": ("bot.cli", "bot.repetition", "bot.web", "storage", "fpdf"),
    "bot/web": ("bot.cli", "bot.telegram", "bot.repetition", "storage", "telegram", "fpdf"),
    "bot/repetition/emulator": ("bot.cli", "bot.telegram", "bot.operations", "storage"),
}
"""Faces (cli, telegram, web) → operations → storage → ranking, never back: the command line reaches
the base only through operations, the editions draw what they are given, the bot knows nothing
of the rehearsal tools that start it, and the emulator knows nothing of amphi."""


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("folder", sorted(FORBIDDEN))
def test_imports_go_one_way(folder):
    faults = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        for name in imported(path):
            if any(name == bad or name.startswith(f"{bad}.") for bad in FORBIDDEN[folder]):
                faults.append(f"{path.relative_to(ROOT)} importe {name}")
    assert faults == []


REFUSALS = frozenset(
    name
    for name, value in vars(errors).items()
    if isinstance(value, type) and issubclass(value, errors.Refused)
)
"""The domain's refusals: `Refused` and every kind of it (`Perime`, `DejaFait`…)."""


def refusals_named(path: Path) -> list[str]:
    """Where a module names a refusal: imports it, raises, builds or catches it (by its name or
    as `errors.Refused`), each as « file:line name »."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            names = [alias.name for alias in node.names if alias.name in REFUSALS]
        elif isinstance(node, ast.Name):
            names = [node.id] if node.id in REFUSALS else []
        elif isinstance(node, ast.Attribute):
            names = [node.attr] if node.attr in REFUSALS else []
        else:
            continue
        found += [f"{path.relative_to(ROOT)}:{node.lineno} {name}" for name in names]
    return found


def test_storage_reads_and_writes_ranking_decides():
    """Whether an act is allowed is decided in `ranking/`, never in `storage/`: no module of
    storage names a refusal of the domain (`ranking.errors.Refused` or a kind of it) — it may
    neither raise one, nor build one, nor catch one to decide on it. Storage reads what a rule
    needs (a row, a count, a state; a file's verdict), and hands it to a plain function of
    ranking, which raises the refusal and its French sentence; so the rule can be read, and
    tested, without a base. A refusal a storage module raises itself is named here by its line:
    write the rule in ranking (a module of its subject: ranking/voeux.py, ranking/comptes.py…)
    and call it."""
    faults = [fault for path in sorted((ROOT / "storage").rglob("*.py"))
              for fault in refusals_named(path)]  # fmt: skip
    assert faults == []


def test_the_bot_loads_without_fpdf_and_the_command_line_without_telegram():
    code = "import sys, bot.cli, bot.telegram.application\nprint('fpdf' in sys.modules)\n"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"  # fmt: skip
    code = "import sys, bot.cli\nprint('telegram' in sys.modules)\n"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"  # fmt: skip
