"""The layers, read from the source: faces → operations → storage → ranking, never back; the
command line never imports the Telegram stack; the bot imports fpdf2 only to print; storage
reads and writes, ranking decides."""

import ast
import re
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
    "bot/cli": ("storage", "telegram", "bot.telegram", "bot.emulateur", "aiohttp"),
    "bot/telegram": ("bot.cli", "bot.repetition", "bot.web", "storage", "fpdf"),
    "bot/web": ("bot.cli", "bot.telegram", "bot.repetition", "storage", "telegram", "fpdf"),
    "bot/emulateur": (
        "bot.cli",
        "bot.telegram",
        "bot.operations",
        "bot.repetition",
        "bot.web",
        "bot.editions",
        "bot.service",
        "bot.entree",
        "storage",
        "ranking",
        "telegram",
    ),
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


def test_only_the_command_line_starts_the_rehearsal():
    """The rehearsal tools (`bot/repetition`) sit above the application: the command line starts
    them, nothing else of `bot/` imports them (`bot/service.py` serves the emulator, which has a
    place of its own, `bot/emulateur`)."""
    faults = [
        f"{path.relative_to(ROOT)} importe {name}"
        for path in sorted((ROOT / "bot").rglob("*.py"))
        if path.relative_to(ROOT).parts[:2] not in (("bot", "repetition"), ("bot", "cli"))
        for name in imported(path)
        if name == "bot.repetition" or name.startswith("bot.repetition.")
    ]
    assert faults == []


SQL = re.compile(r"\b(SELECT|INSERT INTO|DELETE FROM|CREATE TABLE|PRAGMA)\b|\bUPDATE \w+ SET\b")
"""What a string holding a query looks like (in capitals, as every query of storage/ is written)."""


def queries(path: Path) -> list[str]:
    """The string constants of a module that hold SQL (f-strings' pieces included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value)
    ]


@pytest.mark.parametrize("folder", ["bot", "ranking"])
def test_only_storage_speaks_sql(folder):
    """`storage/` reads and writes the base; everything else (the operations, the faces, the
    rehearsal's peeks, the emulator) goes through it: no query is written outside it."""
    faults = [
        f"{path.relative_to(ROOT)} : {query[:60]!r}"
        for path in sorted((ROOT / folder).rglob("*.py"))
        for query in queries(path)
    ]
    assert faults == []


def test_the_bot_loads_without_fpdf_and_the_command_line_without_telegram():
    code = "import sys, bot.cli, bot.telegram.application\nprint('fpdf' in sys.modules)\n"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"  # fmt: skip
    code = "import sys, bot.cli\nprint('telegram' in sys.modules)\n"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"  # fmt: skip


def test_a_choice_from_the_command_line_starts_without_what_it_does_not_run():
    """`amphi appel choisir` on choice day: the pre-choice, the internes file's checks,
    `statistics`, the verification and the backup of an opening, the CSV of the results, the
    migrations' files, the suggestion of a mistyped key and the ranking's storage are not
    loaded to record one choice (the gestionnaire waits for each)."""
    code = (
        "import sys, bot.cli, bot.cli.appel\n"
        "print(sorted({'bot.operations.voeux', 'ranking.importer', 'ranking.simulation', "
        "'statistics', 'bot.operations.verification', 'bot.operations.sauvegarde', 'csv', "
        "'importlib.resources', 'difflib', 'storage.classement'} & set(sys.modules)))\n"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "[]"  # fmt: skip


def test_no_two_test_files_share_a_name():
    """pytest imports test modules by their file name: two `test_x.py` in two folders stop the
    whole suite's collection (« import file mismatch »), while each folder alone runs green."""
    names = sorted(path.name for path in (ROOT / "tests").rglob("test_*.py"))
    assert [name for name in names if names.count(name) > 1] == []
